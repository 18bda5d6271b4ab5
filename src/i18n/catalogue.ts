/**
 * What a language's catalogue holds: the locale whose formats it uses and one ICU message per key.
 * The English catalogue defines the keys; TypeScript then refuses a catalogue that lacks one or
 * adds one, and test/i18n checks the messages themselves (syntax, arguments, plural forms).
 */
import type en from './catalogues/en.js';

export type MessageKey = keyof (typeof en)['messages'];

export interface Catalogue {
  /** BCP 47 locale for Intl: `de-DE`. */
  locale: string;
  messages: Record<MessageKey, string>;
}
