/**
 * The lists the API schemas, the database columns and the pure domain all speak: kept on the
 * ground floor so each of them imports the list instead of reaching for another layer's copy.
 */

export const invoiceStatuses = ['draft', 'published', 'sent', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/** VAT categories (UNCL 5305 as EN 16931 uses them). */
export const taxCategories = ['AE', 'E', 'G', 'K', 'O', 'S', 'Z'] as const;
export type TaxCategory = (typeof taxCategories)[number];

/** The languages documents, pages and emails are written in (ISO 639-1, lower case): the API's enum. */
export const languages = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl'] as const;
export type Language = (typeof languages)[number];

/** The images a logo may be, and its bounds (contract v1.2 "Languages and branding"). */
export const logoMediaTypes = ['image/png', 'image/jpeg'] as const;
export type LogoMediaType = (typeof logoMediaTypes)[number];
export const MAX_LOGO_BYTES = 512 * 1024;
export const MAX_LOGO_PIXELS = 4000;

/** Where VAT is rounded: per line, or once per rate on the document. */
export const taxRoundings = ['line', 'document'] as const;
export type TaxRounding = (typeof taxRoundings)[number];

/** How the revenue report groups its periods. */
export const reportGroupings = ['month', 'quarter', 'year'] as const;
export type ReportGrouping = (typeof reportGroupings)[number];

/** How often a recurring invoice is issued (times its intervalCount), and where a schedule stands. */
export const recurrenceIntervals = ['week', 'month', 'quarter', 'year'] as const;
export type RecurrenceInterval = (typeof recurrenceIntervals)[number];
export const recurringStatuses = ['active', 'paused', 'ended'] as const;
export type RecurringStatus = (typeof recurringStatuses)[number];

/** The longest range a report covers: `to` must come before `from` plus this many years. */
export const MAX_REPORT_YEARS = 10;

/** E-invoice profiles: EN 16931 and the CIUS built on it. UBL carries every one; CII EN 16931 and XRechnung (Peppol exchanges UBL). */
export const eInvoiceProfiles = ['en16931', 'peppol', 'xrechnung'] as const;
export type EInvoiceProfile = (typeof eInvoiceProfiles)[number];
export const ciiProfiles = ['en16931', 'xrechnung'] as const satisfies readonly EInvoiceProfile[];

/** What an email carries, and where its delivery stands (contract v1.2 "Email"). */
export const emailKinds = ['invoice', 'credit_note', 'reminder', 'password_reset'] as const;
export type EmailKind = (typeof emailKinds)[number];
export const emailStatuses = ['queued', 'sent', 'failed'] as const;
export type EmailStatus = (typeof emailStatuses)[number];
/** At most this many addresses in each of to, cc and bcc. */
export const MAX_EMAIL_RECIPIENTS = 10;
export const MAX_EMAIL_MESSAGE_LENGTH = 10_000;

/** Where a background task stands (src/jobs/): due or running, or finished either way. */
export const taskStates = ['pending', 'done', 'failed'] as const;
export type TaskState = (typeof taskStates)[number];
