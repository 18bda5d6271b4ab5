/**
 * Request validation: bodies are checked strictly (no type coercion, unknown properties are
 * rejected rather than stripped), while querystring, params and headers coerce strings to the
 * schema's types as they must.
 */
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import type { DataValidationCxt } from 'ajv/dist/types/index.js';
import formatsPlugin from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { isBic, isEasCode, isIban, isIcdCode, isUnitCode, isVatId } from './domain/identifiers.js';
import { MESSAGE, NORMALISE, type Normalisation } from '../schemas/common.js';
import { countryCodes, currencyCodes } from './domain/iso-codes.js';

const addFormats = formatsPlugin as unknown as (ajv: Ajv) => Ajv;

/** The formats our schemas add to JSON Schema's. */
export const customFormats = {
  'iso-4217': (code: string) => currencyCodes.has(code),
  'iso-3166-alpha-2': (code: string) => countryCodes.has(code),
  iban: isIban,
  bic: isBic,
  'vat-id': isVatId,
  'eas-code': isEasCode,
  'iso-6523-icd': isIcdCode,
  'unece-rec20': isUnitCode,
};

function createAjv(coerceTypes: Options['coerceTypes'], allErrors = true) {
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors,
    strict: true,
    // Nullable primitives are `type: [T, 'null']` (schemas/common.ts).
    allowUnionTypes: true,
    formats: customFormats,
    // Errors carry their schema, whose description or x-message says what the value must be (src/validation-messages.ts).
    verbose: true,
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: MESSAGE, schemaType: 'string' });
  ajv.addKeyword({ keyword: NORMALISE, modifying: true, schemaType: 'string', errors: true, validate: normalise });
  return ajv;
}

const digits = /^(0|[1-9][0-9]*)$/;
const midnightUtc = /^([0-9]{4}-[0-9]{2}-[0-9]{2})T00:00:00(\.0{1,9})?(Z|[+-]00:00)$/;

// Each rewrites only the exact alternative form its schema admits, so the result is judged by
// the schema whether ajv applies this keyword before or after the schema's anyOf.
const normalisations: Record<Normalisation, (value: string) => unknown> = {
  // Number() is exact up to MAX_SAFE_INTEGER and never rounds a larger integer below it.
  'digits-to-integer': (value) => (digits.test(value) ? Number(value) : value),
  'midnight-to-date': (value) => midnightUtc.exec(value)?.[1] ?? value,
};

/**
 * The NORMALISE keyword: rewrites a request value sent in an alternative form (digits for an
 * integer, midnight UTC for a date) into the form the services take. A string of digits past the
 * safe-integer range is refused here (its pattern can only bound the number of digits).
 */
function normalise(how: Normalisation, value: unknown, _schema?: unknown, context?: DataValidationCxt): boolean {
  if (typeof value !== 'string' || !context) return true;
  const normalised = normalisations[how](value);
  if (typeof normalised === 'number' && !Number.isSafeInteger(normalised)) {
    normalise.errors = [{ keyword: NORMALISE, message: `must be at most ${Number.MAX_SAFE_INTEGER}`, params: {} }];
    return false;
  }
  (context.parentData as Record<string | number, unknown>)[context.parentDataProperty] = normalised;
  return true;
}
normalise.errors = [] as { keyword: string; message: string; params: Record<string, unknown> }[];

/**
 * More elements than any array of our bodies may hold. A body with a longer array is checked up to
 * its first error only: collecting every error, ajv concatenates each element's errors onto all the
 * errors before them, quadratic time that let a 1 MiB body of 24,000 empty items take 27 s.
 */
const LONGEST_ARRAY = 200;

function hasLongArray(data: unknown): boolean {
  const pending: unknown[] = [data];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value) && value.length > LONGEST_ARRAY) return true;
    for (const inner of Object.values(value)) pending.push(inner);
  }
  return false;
}

/** Body validators: every error in the 400, except for bodies with an array too long (first error only). */
function bodyValidator(schema: object, allErrorsAjv: Ajv, firstErrorAjv: Ajv) {
  const everyError = allErrorsAjv.compile(schema);
  let firstError: ValidateFunction | undefined;
  const validate = (data: unknown) => {
    if (!hasLongArray(data)) {
      const valid = everyError(data);
      validate.errors = everyError.errors;
      return valid;
    }
    firstError ??= firstErrorAjv.compile(schema);
    const valid = firstError(data);
    validate.errors = firstError.errors;
    return valid;
  };
  validate.errors = null as ValidateFunction['errors'];
  return validate;
}

export function createValidatorCompiler(sharedSchemas: readonly object[]): FastifySchemaCompiler<unknown> {
  const bodyAjv = createAjv(false);
  const firstErrorBodyAjv = createAjv(false, false);
  const requestAjv = createAjv('array');
  for (const schema of sharedSchemas) {
    bodyAjv.addSchema(schema);
    firstErrorBodyAjv.addSchema(schema);
    requestAjv.addSchema(schema);
  }
  return ({ schema, httpPart }) =>
    httpPart === 'body' ? bodyValidator(schema as object, bodyAjv, firstErrorBodyAjv) : requestAjv.compile(schema as object);
}
