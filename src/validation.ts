/**
 * Request validation: bodies are checked strictly (no type coercion, unknown properties are
 * rejected rather than stripped), while querystring, params and headers coerce strings to the
 * schema's types as they must.
 */
import { Ajv, type Options } from 'ajv';
import formatsPlugin from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { isBic, isEasCode, isIban, isIcdCode, isUnitCode, isVatId } from './domain/identifiers.js';
import { countryCodes, currencyCodes } from './domain/iso-codes.js';

const addFormats = formatsPlugin as unknown as (ajv: Ajv) => Ajv;

/** The formats our schemas add to JSON Schema's; the response serializer needs them too. */
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

/** What a value failing one of our formats must be, said in the 400's errors[]. */
export const formatMessages: Record<string, string> = {
  iban: 'must be an IBAN (upper case, no spaces) with a valid ISO 13616 check digit',
  bic: 'must be a BIC (ISO 9362: 8 or 11 characters)',
  'vat-id': 'must be a VAT number: two letters (the country prefix) then 2–13 letters or digits',
  'eas-code': 'must be a code of the EAS (Electronic Address Scheme) code list, e.g. 0208, 9930, 0088',
  'iso-6523-icd': 'must be an ISO 6523 ICD code (4 digits), e.g. 0002, 0208',
  'unece-rec20': 'must be a UN/ECE Recommendation 20 or 21 unit code, e.g. C62, HUR, DAY, KGM',
};

function createAjv(coerceTypes: Options['coerceTypes']) {
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors: true,
    // Lets `multipleOf: 0.001` accept 0.1 (0.1 / 0.001 = 100.00000000000001) but not 0.0015.
    multipleOfPrecision: 6,
    strict: true,
    formats: customFormats,
  });
  addFormats(ajv);
  return ajv;
}

export function createValidatorCompiler(sharedSchemas: readonly object[]): FastifySchemaCompiler<unknown> {
  const bodyAjv = createAjv(false);
  const requestAjv = createAjv('array');
  for (const schema of sharedSchemas) {
    bodyAjv.addSchema(schema);
    requestAjv.addSchema(schema);
  }
  return ({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : requestAjv).compile(schema as object);
}
