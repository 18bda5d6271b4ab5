/**
 * `metadata`: the integrator's own key-value pairs on clients, invoices, payments, credit notes
 * and recurring invoices, stored as given (jsonb) and never interpreted by the API.
 */
import { type Static, Type } from '@sinclair/typebox';
import type { Metadata as StoredMetadata } from '../base/stored-shapes.js';
import { ref } from './common.js';

export const METADATA_MAX_KEYS = 20;
export const METADATA_KEY_MAX_LENGTH = 40;
export const METADATA_VALUE_MAX_LENGTH = 500;

const MetadataKey = { type: 'string', minLength: 1, maxLength: METADATA_KEY_MAX_LENGTH } as const;
const MetadataValue = { type: 'string', maxLength: METADATA_VALUE_MAX_LENGTH } as const;

export const Metadata = Type.Unsafe<StoredMetadata>({
  $id: 'Metadata',
  type: 'object',
  propertyNames: MetadataKey,
  additionalProperties: MetadataValue,
  maxProperties: METADATA_MAX_KEYS,
  description:
    `Your own key-value pairs, returned as given: at most ${METADATA_MAX_KEYS} keys of 1–${METADATA_KEY_MAX_LENGTH} characters, ` +
    `each to a string of at most ${METADATA_VALUE_MAX_LENGTH} characters (empty allowed; null or any other type is refused with 400). ` +
    'Default {}. Lists filter by one pair with metadata[key]=value',
});
export type Metadata = Static<typeof Metadata>;

/** `metadata` in a create or update body: the whole object, replacing the one stored. */
export const MetadataInput = Type.Optional(
  Type.Unsafe<Metadata>({ ...ref(Metadata), description: '{} when omitted on create; a PATCH replaces the stored metadata whole ({} clears it)' }),
);

/**
 * The list filter `metadata[key]=value` (OpenAPI style deepObject): only the rows whose metadata
 * holds that pair. One pair; the query-string parser (src/query-string.ts) nests the brackets.
 */
export const MetadataFilter = Type.Optional(
  Type.Unsafe<Metadata>({
    type: 'object',
    propertyNames: MetadataKey,
    additionalProperties: MetadataValue,
    minProperties: 1,
    maxProperties: 1,
    description: 'metadata[key]=value: only those whose metadata has this key with exactly this value (one pair)',
  }),
);
