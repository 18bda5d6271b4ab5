/**
 * Messages of the catalogues, formatted with intl-messageformat (FormatJS: ICU MessageFormat with
 * the locale's plural rules). Each message is parsed once per process, when first used.
 * Arguments are values, never parsed as messages: user text is safe to pass.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { MessageKey } from './catalogue.js';
import { catalogues } from './catalogues.js';
import type { Language } from './languages.js';

export type MessageArguments = Readonly<Record<string, string | number>>;

const compiled = new Map<string, IntlMessageFormat>();

function messageFormat(language: Language, key: MessageKey): IntlMessageFormat {
  const id = `${language}:${key}`;
  let format = compiled.get(id);
  if (!format) {
    const { locale, messages } = catalogues[language];
    // ignoreTag: `<` in a message is text; this is no rich-text markup.
    format = new IntlMessageFormat(messages[key], locale, undefined, { ignoreTag: true });
    compiled.set(id, format);
  }
  return format;
}

/** The message in the language: `translate('de', 'document.dueOn', { date })` → `Fällig am 06.12.2026`. */
export function translate(language: Language, key: MessageKey, args?: MessageArguments): string {
  return String(messageFormat(language, key).format(args));
}

/** Whether the catalogues have `key` (for keys built from data, such as `unit.${code}`). */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(catalogues.en.messages, key);
