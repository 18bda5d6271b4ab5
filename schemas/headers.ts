/**
 * The response headers the API sends, each once as an OpenAPI header component
 * (`#/components/headers/<name>`) that every response carrying it references.
 */

const string = { type: 'string' } as const;
const seconds = { type: 'integer', minimum: 0 } as const;

export const headerComponents = {
  'X-Request-Id': {
    description: 'The request id: an incoming well-formed x-request-id (1–128 of [A-Za-z0-9._:-]) or a new UUID',
    required: true,
    schema: { ...string, minLength: 1, maxLength: 128 },
  },
  'X-RateLimit-Limit': {
    description:
      'Requests allowed per window: per IP when anonymous, per user (per key for an API key) when authenticated ' +
      '(sent on every /api response while the rate-limit store answers)',
    required: false,
    schema: seconds,
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in this window (sent on every /api response while the rate-limit store answers)',
    required: false,
    schema: seconds,
  },
  'X-RateLimit-Reset': {
    description: 'Seconds until the window resets (sent on every /api response while the rate-limit store answers)',
    required: false,
    schema: seconds,
  },
  'Retry-After': { description: 'Seconds to wait before retrying', required: true, schema: seconds },
  'WWW-Authenticate': {
    description: 'The scheme the API expects: Bearer (RFC 6750), with error="invalid_token" when a token was refused, or error="insufficient_scope" on a 403 for an API key without the scope',
    required: true,
    schema: string,
  },
  'Cache-Control': {
    description: 'no-store on responses carrying tokens; private, no-cache on documents (revalidate with If-None-Match)',
    required: true,
    schema: string,
  },
  'Set-Cookie': {
    description: 'The refresh_token cookie (HttpOnly; SameSite=Strict; Path=/api/v1/auth); logout clears it',
    required: true,
    schema: string,
  },
  ETag: {
    description:
      'Version of this resource: send it back as If-Match on a change (a stale one: 412) or If-None-Match on a GET (current: 304)',
    required: true,
    schema: string,
  },
  Vary: {
    description: 'Accept: the answer depends on it (a report is JSON, or CSV when Accept prefers text/csv)',
    required: true,
    schema: string,
  },
  Location: { description: 'URL of the new resource', required: true, schema: string },
  'Content-Disposition': {
    description:
      'The file name: attachment; filename="INV-000001.xml" or "invoices.csv", or inline for a PDF (a draft: draft-<id>.pdf). ' +
      'Sent with every file (documents, exports); a report carries it only when answered as CSV',
    required: false,
    schema: string,
  },
  'Idempotent-Replayed': {
    description: '"true" when this is the stored response to an earlier request with the same Idempotency-Key',
    required: false,
    schema: { ...string, enum: ['true'] as string[] },
  },
} as const;

export type HeaderName = keyof typeof headerComponents;

/**
 * A route's response headers as Fastify takes them; the OpenAPI document replaces each with a
 * reference to its component.
 */
export const responseHeaders = (...names: HeaderName[]) =>
  Object.fromEntries(names.map((name) => [name, headerComponents[name].schema]));
