/**
 * Clients (customers and vendors). Published as BillingClient…: SDK generators export a
 * `Client` type and a `createClient` factory of their own, which `Client`/`createClient` would shadow.
 */
import { Metadata, MetadataFilter, MetadataInput } from './metadata.js';
import { type Static, type TProperties, type TSchema, Type } from '@sinclair/typebox';
import { ElectronicAddress } from './electronic-address.js';
import { Language } from './languages.js';
import { CountryCode, Currency, Email, Id, Nullable, Page, PageQuery, StringEnum, Text, Timestamp, ref } from './common.js';

export const clientKinds = ['customer', 'vendor'] as const;
export const ClientKind = StringEnum(clientKinds, {
  $id: 'BillingClientKind',
  description: 'customer: you invoice them; vendor: they invoice you',
});

/** The same fields, each optional: the properties of a partial object. */
const optional = <T extends TProperties>(fields: T) => Type.Partial(Type.Object(fields)).properties;


const addressLines = { line2: Nullable(Text(200)), postalCode: Nullable(Text(20)), region: Nullable(Text(100)) };

/** An address as the API returns it: every field present, the optional lines null when absent. */
export const ClientAddress = Type.Object(
  { line1: Text(200), city: Text(100), country: CountryCode, ...addressLines },
  { $id: 'BillingClientAddress', additionalProperties: false, description: 'Postal address; line2, postalCode and region are null when absent' },
);
export type ClientAddress = Static<typeof ClientAddress>;

/** An address as a client sends it: line2, postalCode and region may be omitted or null. */
export const ClientAddressInput = Type.Object(
  { ...ClientAddress.properties, ...optional(addressLines) },
  { $id: 'BillingClientAddressInput', additionalProperties: false, description: 'Postal address; line2, postalCode and region are optional' },
);
export type ClientAddressInput = Static<typeof ClientAddressInput>;

const optionalClientFields = <A extends TSchema>(address: A) => ({
  contactName: Nullable(Text(200)),
  email: Nullable(Email),
  phone: Nullable(Text(50)),
  address: Nullable(ref(address)),
  taxId: Nullable(Text(50, 'VAT number or other tax identifier')),
  electronicAddress: Nullable(ref(ElectronicAddress)),
  notes: Nullable(Type.String({ maxLength: 2000 })),
  language: {
    ...Nullable(ref(Language)),
    description: 'The language of this client’s documents; null: the business profile’s defaultLanguage applies',
  },
});

const requiredClientFields = {
  kind: ref(ClientKind),
  companyName: Text(200),
  currency: { ...Currency, description: 'Default currency of this client’s invoices (ISO 4217)' },
};

export const Client = Type.Object(
  {
    id: Id,
    ...requiredClientFields,
    ...optionalClientFields(ClientAddress),
    metadata: ref(Metadata),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  {
    $id: 'BillingClient',
    additionalProperties: false,
    description: 'A customer or vendor. Optional fields that were never set (or were cleared) are null.',
  },
);
export type Client = Static<typeof Client>;

/** What a change to a client reports (see src/unit-of-work/events.ts); a deleted one as it was. */
export const clientEventTypes = ['client.created', 'client.updated', 'client.deleted'] as const;
export type ClientEvent = { type: (typeof clientEventTypes)[number]; object: Client };

export const ClientPage = Page(ref(Client), 'BillingClientPage', 'clients');

export const CreateClientBody = Type.Object(
  { ...requiredClientFields, ...optional(optionalClientFields(ClientAddressInput)), metadata: MetadataInput },
  { $id: 'CreateBillingClientBody', additionalProperties: false },
);
export type CreateClientBody = Static<typeof CreateClientBody>;

export const UpdateClientBody = Type.Object(
  { ...optional(requiredClientFields), ...optional(optionalClientFields(ClientAddressInput)), metadata: MetadataInput },
  {
    $id: 'UpdateBillingClientBody',
    additionalProperties: false,
    minProperties: 1,
    description: 'Only the fields given change; null clears an optional field; address is replaced whole',
  },
);
export type UpdateClientBody = Static<typeof UpdateClientBody>;

export const ClientListQuery = Type.Object({
  ...PageQuery.properties,
  kind: Type.Optional(ref(ClientKind)),
  metadata: MetadataFilter,
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Case-insensitive substring of the company name or email (% and _ match themselves)',
    }),
  ),
});
export type ClientListQuery = Static<typeof ClientListQuery>;
