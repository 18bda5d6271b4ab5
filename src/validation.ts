/**
 * Request validation: bodies are checked strictly (no type coercion, unknown properties are
 * rejected rather than stripped), while querystring, params and headers coerce strings to the
 * schema's types as they must.
 */
import { Ajv, type Options } from 'ajv';
import formatsPlugin from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { countryCodes, currencyCodes } from './domain/iso-codes.js';

const addFormats = formatsPlugin as unknown as (ajv: Ajv) => Ajv;

/** The formats our schemas add to JSON Schema's; the response serializer needs them too. */
export const customFormats = {
  'iso-4217': (code: string) => currencyCodes.has(code),
  'iso-3166-alpha-2': (code: string) => countryCodes.has(code),
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
