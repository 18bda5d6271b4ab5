/**
 * The pieces that name a seller or a buyer: electronic address, bank account, and the `seller` and
 * `buyer` objects an invoice carries (its snapshot once issued, the current data while a draft).
 */
import { type Static, Type } from '@sinclair/typebox';
import { ClientAddress } from './clients.js';
import { Email, Nullable, Text, ref } from './common.js';
import { ElectronicAddress } from './electronic-address.js';


const Iban = Type.String({ format: 'iban', pattern: '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$', description: 'IBAN in electronic format (no spaces), checked with ISO 13616 mod-97' });
const Bic = Type.String({ format: 'bic', pattern: '^[A-Z0-9]{8}([A-Z0-9]{3})?$', description: 'BIC (ISO 9362), 8 or 11 characters' });
const AccountName = Text(200, 'Account holder');

/** A bank account as the API returns it: bic and accountName null when absent. */
export const BankAccount = Type.Object(
  { iban: Iban, bic: Nullable(Bic), accountName: Nullable(AccountName) },
  { $id: 'BankAccount', additionalProperties: false, description: 'Where the seller is paid; bic and accountName are null when absent' },
);
export type BankAccount = Static<typeof BankAccount>;

export const BankAccountInput = Type.Object(
  { iban: Iban, bic: Type.Optional(Nullable(Bic)), accountName: Type.Optional(Nullable(AccountName)) },
  { $id: 'BankAccountInput', additionalProperties: false, description: 'Where the seller is paid; bic and accountName are optional' },
);
export type BankAccountInput = Static<typeof BankAccountInput>;

export const VatId = Type.String({
  format: 'vat-id',
  description: 'VAT number with its country prefix, e.g. DE123456789',
  examples: ['DE123456789'],
});
export const LegalIdScheme = Type.String({
  format: 'iso-6523-icd',
  pattern: '^[0-9]{4}$',
  description: 'ISO 6523 ICD of legalId, e.g. 0002 (SIREN), 0208 (Belgian enterprise number)',
});

/** The seller's fields every invoice carries (`seller`), the same as the business profile's. */
export const sellerFields = {
  legalName: Text(200, 'Registered name (BT-27)'),
  tradingName: Nullable(Text(200, 'Trading name, if different (BT-28)')),
  address: ref(ClientAddress),
  vatId: Nullable(VatId),
  legalId: Nullable(Text(50, 'Company registration number (BT-30)')),
  legalIdScheme: Nullable(LegalIdScheme),
  contactName: Nullable(Text(200, 'The seller’s contact point, a person or department (BT-41); XRechnung requires it')),
  email: Nullable(Email),
  phone: Nullable(Text(50)),
  electronicAddress: Nullable(ref(ElectronicAddress)),
  bankAccount: Nullable(ref(BankAccount)),
};

export const InvoiceSeller = Type.Object(sellerFields, {
  $id: 'InvoiceSeller',
  additionalProperties: false,
  description: 'Who issues the invoice: frozen from the business profile when it was published; the current profile while a draft',
});
export type InvoiceSeller = Static<typeof InvoiceSeller>;

export const InvoiceBuyer = Type.Object(
  {
    name: Text(200, 'The client’s companyName'),
    contactName: Nullable(Text(200)),
    email: Nullable(Email),
    address: Nullable(ref(ClientAddress)),
    vatId: Nullable(Text(50, 'The client’s taxId')),
    electronicAddress: Nullable(ref(ElectronicAddress)),
  },
  {
    $id: 'InvoiceBuyer',
    additionalProperties: false,
    description: 'Who is invoiced: frozen from the client when the invoice was published; the current client while a draft',
  },
);
export type InvoiceBuyer = Static<typeof InvoiceBuyer>;
