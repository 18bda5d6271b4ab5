/** Building blocks shared by every domain's schemas: ids, money, pages and the Problem shape. */
import { type SchemaOptions, type Static, type TSchema, type TUnsafe, Type } from '@sinclair/typebox';
import { type HeaderName, responseHeaders } from './headers.js';

/**
 * References a registered schema by its `$id` while keeping its static type, so the OpenAPI
 * document gets one named component per concept.
 */
export function ref<T extends TSchema>(schema: T) {
  if (!schema.$id) throw new Error('ref() needs a schema with an $id');
  return Type.Unsafe<Static<T>>(Type.Ref(schema.$id));
}

/**
 * A string enum as JSON Schema `enum` (not an `anyOf` of constants), which SDK generators turn
 * into one enum type; statically the union of its values.
 */
export const StringEnum = <const T extends readonly string[]>(values: T, options: SchemaOptions = {}) =>
  Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });

/** A `pattern` for text that must hold something visible: whitespace only is refused as blank. */
export const NOT_BLANK = '\\S';

/** Text of 1–maxLength characters that is not whitespace only. */
export const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, pattern: NOT_BLANK, ...(description ? { description } : {}) });

/**
 * A keyword only the server's validator knows: the one plain message a 400 gives for the field when
 * the value fails the schema (a union, whose every alternative failed, or a pattern).
 */
export const MESSAGE = 'x-message';

// The pattern keeps out `urn:uuid:…`, which the uuid format alone would let through to SQL.
export const Id = Type.String({
  format: 'uuid',
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  description: 'UUID',
  [MESSAGE]: 'must be a UUID',
});
export const IdParams = Type.Object({ id: Id });

export const Money = Type.Integer({
  format: 'int64',
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'Amount in the currency minor units (cents): 1999 is 19.99 USD, 500 is ¥500',
});
export const PositiveMoney = Type.Integer({ ...Money, minimum: 1 });

/**
 * A keyword only the server's validator knows (src/validation.ts), left out of the published
 * document: after the schema has accepted an input in one of its alternative forms, it rewrites
 * the value into the one form the services take.
 */
export const NORMALISE = 'normalise';

const MONEY_MESSAGE = 'must be an integer amount in minor units (cents), e.g. 1999';
export type Normalisation = 'digits-to-integer' | 'midnight-to-date';

/**
 * Money in a request: a JSON integer, or the same integer as a string of digits, which is what
 * int64-aware generators send for a bigint (hey-api: `{"amount":"4398"}`); both bounded to the
 * safe-integer range. The validator turns the string into the number.
 */
export function MoneyInput(description: string, minimum: 0 | 1 = 0) {
  const { description: _moneyDescription, ...integer } = { ...Money, minimum };
  const digits = minimum === 0 ? '^(0|[1-9][0-9]{0,15})$' : '^[1-9][0-9]{0,15}$';
  return Type.Unsafe<number>({
    anyOf: [
      integer,
      {
        type: 'string',
        pattern: digits,
        maxLength: 16,
        description: `The same amount as a string of digits, at most ${Number.MAX_SAFE_INTEGER}`,
        [MESSAGE]: MONEY_MESSAGE,
      },
    ],
    description: `${description}. A JSON integer, or a string of its digits (as int64-aware clients send it)`,
    [MESSAGE]: MONEY_MESSAGE,
    [NORMALISE]: 'digits-to-integer' satisfies Normalisation,
  });
}

export const Currency = Type.String({
  format: 'iso-4217',
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 currency code in upper case, e.g. USD, EUR, JPY',
  examples: ['USD'],
});
export const CountryCode = Type.String({
  format: 'iso-3166-alpha-2',
  pattern: '^[A-Z]{2}$',
  description: 'ISO 3166-1 alpha-2 country code in upper case, e.g. DE',
});
export const CalendarDate = Type.String({ format: 'date', description: 'Calendar date, YYYY-MM-DD' });

/**
 * A calendar date in a request: `YYYY-MM-DD`, or that day at 00:00:00 UTC as a date-time, which
 * is what generators that turn dates into Date objects send back (hey-api: `2026-12-31T00:00:00.000Z`).
 * The validator keeps the date part.
 */
export function CalendarDateInput(description: string) {
  return Type.Unsafe<string>({
    anyOf: [
      { type: 'string', format: 'date' },
      {
        type: 'string',
        format: 'date-time',
        pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T00:00:00(\\.0{1,9})?(Z|[+-]00:00)$',
        description: 'The same date at midnight UTC',
      },
    ],
    description: `${description}. YYYY-MM-DD, or that day at 00:00:00 UTC as a date-time`,
    [MESSAGE]: 'must be a date, YYYY-MM-DD',
    [NORMALISE]: 'midnight-to-date' satisfies Normalisation,
  });
}

export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 UTC timestamp' });
export const Email = Type.String({ format: 'email', maxLength: 254 });
const primitiveTypes = new Set(['string', 'integer', 'number', 'boolean']);

/**
 * `schema` or null. A primitive (with its format, bounds or enum) is OpenAPI 3.1's nullable form,
 * `type: [T, "null"]`, which the response serializer writes with a typeof check instead of a
 * validator run per field; anything else (a $ref, an object) is `anyOf: [schema, null]`.
 */
export function Nullable<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  if (typeof schema.type === 'string' && primitiveTypes.has(schema.type) && schema.anyOf === undefined) {
    const { enum: values, ...rest } = schema as TSchema & { enum?: unknown[] };
    return Type.Unsafe<Static<T> | null>({ ...rest, type: [schema.type, 'null'], ...(values ? { enum: [...values, null] } : {}) });
  }
  return Type.Unsafe<Static<T> | null>(Type.Union([schema, Type.Null()]));
}

export const DEFAULT_PAGE_SIZE = 20;

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE, description: 'Page size' })),
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 512, description: 'Opaque `nextCursor` from the previous page' }),
  ),
});
export type PageQuery = Static<typeof PageQuery>;

/**
 * Whether `{}` satisfies an object schema (nothing required, no minimum): such a body may be
 * omitted altogether, and the API treats a missing one as `{}`.
 */
export function acceptsEmptyObject(schema: { type?: unknown; required?: unknown[]; minProperties?: number }): boolean {
  return schema.type === 'object' && !schema.required?.length && !schema.minProperties;
}

/** `{ data, nextCursor }`, the shape of every list response. */
export const Page = <T extends TSchema>(item: T, $id: string, what: string) =>
  Type.Object(
    {
      data: Type.Array(item),
      nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page; null on the last' }),
    },
    { $id, additionalProperties: false, description: `A page of ${what}, newest first` },
  );

/** The static type of a `Page` of `T`: `{ data: T[]; nextCursor: string | null }`. */
export type PageOf<T> = Static<ReturnType<typeof Page<TUnsafe<T>>>>;

/** Every problem `code`, with the HTTP status and title it always goes with. */
export const problemTitles = {
  validation_failed: [400, 'Validation failed'],
  unauthorized: [401, 'Unauthorized'],
  invalid_credentials: [401, 'Invalid credentials'],
  forbidden: [403, 'Forbidden'],
  insufficient_scope: [403, 'Insufficient scope'],
  not_found: [404, 'Not found'],
  request_timeout: [408, 'Request timeout'],
  email_taken: [409, 'Email already registered'],
  conflict: [409, 'Conflict'],
  invalid_transition: [409, 'Invalid state transition'],
  precondition_failed: [412, 'Precondition failed'],
  payload_too_large: [413, 'Payload too large'],
  unsupported_media_type: [415, 'Unsupported media type'],
  unprocessable: [422, 'Unprocessable request'],
  overpayment: [422, 'Overpayment'],
  idempotency_key_reused: [422, 'Idempotency key reused'],
  profile_required: [422, 'Business profile required'],
  email_not_configured: [422, 'Email not configured'],
  rate_limited: [429, 'Too many requests'],
  headers_too_large: [431, 'Request header fields too large'],
  internal: [500, 'Internal server error'],
  service_unavailable: [503, 'Service unavailable'],
} as const satisfies Record<string, readonly [number, string]>;

export type ProblemCode = keyof typeof problemTitles;

export const FieldError = Type.Object(
  {
    path: Type.String({ description: 'JSON pointer of the offending field, e.g. /items/0/quantity' }),
    message: Type.String(),
  },
  { $id: 'FieldError', additionalProperties: false },
);

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'URI identifying the problem type' }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String(),
    code: StringEnum(Object.keys(problemTitles) as ProblemCode[], {
      description: 'Stable machine-readable code; the HTTP status it goes with is fixed',
    }),
    instance: Type.Optional(Type.String({ description: 'The request path' })),
    errors: Type.Optional(Type.Array(ref(FieldError))),
    requestId: Type.String({ description: 'Same as the x-request-id response header' }),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

export const NoContent = Type.Null({ description: 'No content' });

/** A JSON success response whose OpenAPI entry also documents response headers (Location, ETag…). */
export const jsonResponse = <T extends TSchema>(schema: T, description: string, headers: HeaderName[]) => ({
  description,
  headers: responseHeaders(...headers),
  content: { 'application/json': { schema } },
});
