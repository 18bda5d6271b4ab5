/**
 * Checks real responses against the published OpenAPI document, as a response-validating proxy
 * would: ajv with its default settings (JSON Schema 2020-12, strict), the standard formats and
 * the API's two custom ones. A response mismatches when its status, a header, its content type or
 * its body is not what the document describes for that operation.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import { customFormats } from '../../src/validation.js';

const addFormats = formatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020;

type Json = Record<string, unknown>;

export interface Document {
  servers?: { url: string }[];
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, Json> }>>;
  components: { schemas: Record<string, Json>; headers: Record<string, Json> };
}

/**
 * Headers of the transport and of browser security (helmet) that every response carries and
 * that OpenAPI leaves to HTTP: not described per operation.
 */
const transportHeaders = new Set([
  'content-type', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'vary', 'content-encoding',
  'content-security-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster',
  'referrer-policy', 'strict-transport-security', 'x-content-type-options', 'x-dns-prefetch-control',
  'x-download-options', 'x-frame-options', 'x-permitted-cross-domain-policies', 'x-xss-protection',
]);

const SCHEMA_BASE = 'https://openapi.invoice-generator-pro.test/schemas/';

/** The document's local `#/components/schemas/X` references as absolute ones ajv resolves. */
function absoluteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(absoluteRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' ? inner.replace('#/components/schemas/', SCHEMA_BASE) : absoluteRefs(inner),
    ]),
  );
}

export interface ObservedResponse {
  method: string;
  /** The path without the server's base, e.g. /api/v1/invoices/123 */
  path: string;
  status: number;
  headers: Headers;
  body: string;
}

export function createResponseValidator(document: Document) {
  const ajv = new Ajv2020({ formats: customFormats });
  addFormats(ajv);
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    ajv.addSchema({ ...(absoluteRefs(schema) as Json), $id: `${SCHEMA_BASE}${name}` });
  }
  const compiled = new Map<object, ValidateFunction>();
  const validatorFor = (schema: Json) => {
    let validate = compiled.get(schema);
    if (!validate) compiled.set(schema, (validate = ajv.compile(absoluteRefs(schema) as Json)));
    return validate;
  };
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));

  const errorsOf = (validate: ValidateFunction) => ajv.errorsText(validate.errors);

  function headerMismatches(documented: Record<string, Json>, headers: Headers): string[] {
    const mismatches: string[] = [];
    const known = new Map(Object.entries(documented).map(([name, header]) => [name.toLowerCase(), header]));
    for (const [name, reference] of known) {
      const header = (typeof reference.$ref === 'string'
        ? document.components.headers[reference.$ref.split('/').pop() ?? '']
        : reference) as { required?: boolean; schema?: Json } | undefined;
      const value = headers.get(name);
      if (value === null) {
        if (header?.required) mismatches.push(`required header ${name} missing`);
        continue;
      }
      const schema = header?.schema ?? {};
      const typed = schema.type === 'integer' && /^-?[0-9]+$/.test(value) ? Number(value) : value;
      const validate = validatorFor(schema);
      if (!validate(typed)) mismatches.push(`header ${name}: ${value} ${errorsOf(validate)}`);
    }
    headers.forEach((_value, name) => {
      if (!known.has(name) && !transportHeaders.has(name)) mismatches.push(`undocumented header ${name}`);
    });
    return mismatches;
  }

  /** What the document does not describe about this response; empty when it matches. */
  function mismatches({ method, path, status, headers, body }: ObservedResponse): string[] {
    const where = `${method} ${path} → ${status}`;
    const template = templates.find(({ pattern }) => pattern.test(path))?.template;
    const operation = template ? document.paths[template]?.[method.toLowerCase()] : undefined;
    if (!operation) return [`${where}: no such operation in the document`];
    const response = operation.responses?.[String(status)] as { headers?: Record<string, Json>; content?: Record<string, { schema: Json }> } | undefined;
    if (!response) return [`${where}: undocumented status`];
    const found = headerMismatches(response.headers ?? {}, headers);
    const contentType = headers.get('content-type')?.split(';')[0]?.trim();
    if (!response.content) {
      if (body !== '') found.push(`a body where the document describes none`);
    } else if (!contentType || !response.content[contentType]) {
      found.push(`undocumented content type ${contentType}`);
    } else {
      const validate = validatorFor(response.content[contentType].schema);
      if (!validate(JSON.parse(body))) found.push(`body: ${errorsOf(validate)}`);
    }
    return found.map((mismatch) => `${where}: ${mismatch}`);
  }

  return { mismatches };
}
