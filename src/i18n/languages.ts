/**
 * The languages documents, pages and emails are written in (ISO 639-1, lower case). The list is
 * the API's enum; each language has its catalogue in catalogues/<code>.ts, which names the locale
 * whose number, date and name formats it uses.
 */
export const languages = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl'] as const;
export type Language = (typeof languages)[number];

/** The language of a profile that names none. */
export const defaultLanguage: Language = 'en';

export const isLanguage = (value: unknown): value is Language => (languages as readonly unknown[]).includes(value);
