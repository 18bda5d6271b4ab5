/** The business profile: the seller every invoice names, and the defaults new invoices take. */
import { type Static, Type } from '@sinclair/typebox';
import { taxRoundings } from '../base/vocabulary.js';
import { ClientAddressInput } from './clients.js';
import { Nullable, StringEnum, Timestamp, ref } from './common.js';
import { ElectronicAddress } from './electronic-address.js';
import { Language } from './languages.js';
import { BankAccountInput, sellerFields } from './parties.js';

export const TaxRounding = StringEnum(taxRoundings, {
  $id: 'TaxRounding',
  description: 'line: tax rounded per line and summed (v1); document: rounded once per tax category and rate (EN 16931 BR-CO-17)',
});

const NumberPrefix = (series: string, fallback: string) =>
  Type.String({
    pattern: '^[A-Za-z0-9/_.-]{0,20}$',
    description: `Put before the 6-digit ${series} number; 0–20 of A–Z a–z 0–9 - / _ . (default ${fallback})`,
  });

const reminderDays = (what: string, minimum: number, maximum: number) =>
  Type.Array(Type.Integer({ minimum, maximum }), {
    maxItems: 5,
    uniqueItems: true,
    description: `${what}: at most 5 different whole numbers of days, ${minimum}–${maximum}`,
  });

const reminderFields = {
  enabled: Type.Boolean({ description: 'Whether reminders are sent (default false)' }),
  daysBeforeDue: reminderDays('A reminder this many days before the due date (0: on the due date)', 0, 30),
  daysAfterDue: reminderDays('A reminder this many days after the due date', 1, 365),
};
const reminderDescription =
  'Payment reminders: on each of these UTC dates, every published or sent invoice with an amount due and a client ' +
  'email gets one reminder message (kind reminder) in the client’s language, with the hosted link (no attachment). ' +
  'A day missed while the server was down is caught up, the latest missed day of an invoice only.';

export const ReminderSettings = Type.Object(reminderFields, {
  $id: 'ReminderSettings',
  additionalProperties: false,
  description: reminderDescription,
});
export type ReminderSettings = Static<typeof ReminderSettings>;

export const ReminderSettingsInput = Type.Object(
  {
    enabled: Type.Optional(reminderFields.enabled),
    daysBeforeDue: Type.Optional(reminderFields.daysBeforeDue),
    daysAfterDue: Type.Optional(reminderFields.daysAfterDue),
  },
  { $id: 'ReminderSettingsInput', additionalProperties: false, description: `${reminderDescription} Replaced whole; a field left out is false or [].` },
);
export type ReminderSettingsInput = Static<typeof ReminderSettingsInput>;

const settings = {
  paymentTermsDays: Type.Integer({
    minimum: 0,
    maximum: 365,
    description: 'A new invoice without dueDate is due this many days after its issueDate (default 30)',
  }),
  taxRounding: ref(TaxRounding),
  invoiceNumberPrefix: NumberPrefix('invoice', 'INV-'),
  creditNoteNumberPrefix: NumberPrefix('credit note', 'CN-'),
  defaultLanguage: { ...ref(Language), description: 'The language of documents for clients without one of their own (default en)' },
  reminders: ref(ReminderSettings),
};

export const BusinessProfile = Type.Object(
  { ...sellerFields, ...settings, createdAt: Timestamp, updatedAt: Timestamp },
  { $id: 'BusinessProfile', additionalProperties: false, description: 'You as a seller. Optional fields not set are null.' },
);
export type BusinessProfile = Static<typeof BusinessProfile>;

/** What a change to the business profile reports (see src/unit-of-work/events.ts). */
export const businessEventTypes = ['business.updated'] as const;
export type BusinessEvent = { type: (typeof businessEventTypes)[number]; object: BusinessProfile };

const optionalSellerFields = {
  tradingName: Type.Optional(sellerFields.tradingName),
  vatId: Type.Optional(sellerFields.vatId),
  legalId: Type.Optional(sellerFields.legalId),
  legalIdScheme: Type.Optional(sellerFields.legalIdScheme),
  contactName: Type.Optional(sellerFields.contactName),
  email: Type.Optional(sellerFields.email),
  phone: Type.Optional(sellerFields.phone),
  electronicAddress: Type.Optional(Nullable(ref(ElectronicAddress))),
  bankAccount: Type.Optional(Nullable(ref(BankAccountInput))),
};
const optionalSettings = {
  paymentTermsDays: Type.Optional(settings.paymentTermsDays),
  taxRounding: Type.Optional(settings.taxRounding),
  invoiceNumberPrefix: Type.Optional(settings.invoiceNumberPrefix),
  creditNoteNumberPrefix: Type.Optional(settings.creditNoteNumberPrefix),
  defaultLanguage: Type.Optional(settings.defaultLanguage),
  reminders: Type.Optional(ref(ReminderSettingsInput)),
};

export const PutBusinessProfileBody = Type.Object(
  { legalName: sellerFields.legalName, address: ref(ClientAddressInput), ...optionalSellerFields, ...optionalSettings },
  {
    $id: 'PutBusinessProfileBody',
    additionalProperties: false,
    description: 'The whole profile: an optional field left out is cleared (null) and a setting left out takes its default',
  },
);
export type PutBusinessProfileBody = Static<typeof PutBusinessProfileBody>;

export const PatchBusinessProfileBody = Type.Object(
  {
    legalName: Type.Optional(sellerFields.legalName),
    address: Type.Optional(ref(ClientAddressInput)),
    ...optionalSellerFields,
    ...optionalSettings,
  },
  {
    $id: 'PatchBusinessProfileBody',
    additionalProperties: false,
    minProperties: 1,
    description: 'Only the fields given change; null clears an optional field; address, bankAccount and electronicAddress are replaced whole',
  },
);
export type PatchBusinessProfileBody = Static<typeof PatchBusinessProfileBody>;
