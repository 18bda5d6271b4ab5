/**
 * The languages documents, pages and emails are written in. The list itself is on the ground
 * floor (base/vocabulary.ts), where the API's schemas can use it too; each language has its
 * catalogue in catalogues/<code>.ts, which names the locale whose number, date and name formats it uses.
 */
import { type Language, languages } from '../../base/vocabulary.js';

export { type Language, languages };

/** The language of a profile that names none. */
export const defaultLanguage: Language = 'en';

export const isLanguage = (value: unknown): value is Language => (languages as readonly unknown[]).includes(value);
