/**
 * The OpenAPI 3.1 document, generated from the route schemas, served at /docs/json with
 * Swagger UI at /docs. Shared schemas become named components, and so do response headers;
 * every operation documents the problems any route of its kind can produce.
 */
import helmet from '@fastify/helmet';
import swagger, { type SwaggerTransformObject } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { MESSAGE, NORMALISE, acceptsEmptyObject } from '../schemas/common.js';
import { type HeaderName, headerComponents } from '../schemas/headers.js';
import { type ProblemReasons, withProblems } from '../schemas/problems.js';
import { BROWSER_PAGES_PREFIX, browserPageHelmetOptions } from './security-headers.js';

/**
 * Marks every documented route public (`security: []`) unless a later hook
 * (requireAuthentication) sets the bearer scheme, and adds the problems any /api route can give.
 */
function documentRoute(route: RouteOptions) {
  if (route.schema?.hide) return;
  route.schema = { security: [], ...route.schema };
  if (!route.url.startsWith('/api/')) return;
  const methods = [route.method].flat();
  const { body, querystring, headers } = route.schema;
  // A bodiless GET with only an id path param cannot fail validation: a malformed id is a 404.
  // Any other method may be sent a body, and a body where none is taken is a 400 (plugins/errors.ts).
  const canBeInvalid = body || querystring || headers || methods.some((method) => method !== 'GET');
  const common: ProblemReasons = {
    ...(canBeInvalid ? { validation_failed: 'Invalid request: the `errors` array names each offending field' } : {}),
    ...(body
      ? {
          payload_too_large: 'Request body larger than 1 MiB',
          unsupported_media_type: 'Unsupported Content-Type; send application/json',
        }
      : {}),
    rate_limited: 'Rate limit exceeded; retry after Retry-After seconds',
    internal: 'Unexpected server error (details are logged, never returned)',
    service_unavailable: 'The database is unreachable or overloaded; retry later',
  };
  route.schema = { ...route.schema, response: withProblems(route.schema.response as Record<string, unknown>, common) };
}

type Json = Record<string, unknown>;
const objectsIn = (value: unknown): Json[] =>
  typeof value === 'object' && value !== null ? Object.values(value).filter((item): item is Json => typeof item === 'object' && item !== null) : [];

const headerRef = (name: HeaderName) => ({ $ref: `#/components/headers/${name}` });
const rateLimitHeaders: HeaderName[] = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

/** The problem codes an error response may carry (its narrowed `code` enum). */
function problemCodesOf(response: Json): unknown[] {
  const schema = (response.content as Record<string, { schema?: { allOf?: { properties?: { code?: { enum?: unknown[] } } }[] } }> | undefined)?.[
    'application/problem+json'
  ]?.schema;
  return schema?.allOf?.flatMap((part) => part.properties?.code?.enum ?? []) ?? [];
}

/** A 403 that may be a key's want of scope or another refusal carries the challenge only in the first case. */
const scopeChallenge = {
  ...headerComponents['WWW-Authenticate'],
  description: 'Sent when the refusal is insufficient_scope (an API key without the scope): Bearer error="insufficient_scope" (RFC 6750)',
  required: false,
  // Its own copy: a shared object would become a YAML alias in openapi.yaml.
  schema: { ...headerComponents['WWW-Authenticate'].schema },
};

/**
 * The headers a response carries whatever its route: by path, status and security. A bearer
 * challenge comes with every 401 and with a 403 that can be a key's want of scope (RFC 6750);
 * declared required only where the 403 can be nothing else.
 */
function commonHeaders(path: string, status: string, operation: Json, response: Json): Record<string, Json> {
  const protectedOperation = Array.isArray(operation.security) && operation.security.length > 0;
  const codes = status === '403' ? problemCodesOf(response) : [];
  const scopeOnly = codes.length > 0 && codes.every((code) => code === 'insufficient_scope');
  const names: HeaderName[] = [
    'X-Request-Id',
    ...(path.startsWith('/api/') ? rateLimitHeaders : []),
    ...(status === '429' || status === '503' ? (['Retry-After'] as const) : []),
    ...((status === '401' || scopeOnly) && protectedOperation ? (['WWW-Authenticate'] as const) : []),
  ];
  const headers: Record<string, Json> = Object.fromEntries(names.map((name) => [name, headerRef(name)]));
  if (protectedOperation && !scopeOnly && codes.includes('insufficient_scope')) headers['WWW-Authenticate'] = scopeChallenge;
  return headers;
}

/** Removes the keywords only the server's validator knows from every schema in the document. */
function withoutServerKeywords(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  if (!Array.isArray(value)) {
    delete (value as Json)[NORMALISE];
    delete (value as Json)[MESSAGE];
  }
  for (const inner of Object.values(value)) withoutServerKeywords(inner);
}

/**
 * What @fastify/swagger cannot express from route schemas: response headers as references to
 * shared components, a body that may be omitted (its schema requires nothing) not required, and
 * no server-only keywords.
 */
const finishDocument: SwaggerTransformObject = (documentObject) => {
  if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
  // A copy: the document may share schema objects with the routes' validators.
  const document = structuredClone(documentObject.openapiObject);
  withoutServerKeywords(document);
  const components = (document.components?.schemas ?? {}) as Record<string, Json>;
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const operation of objectsIn(item)) {
      for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, Json>)) {
        const own = Object.keys((response.headers ?? {}) as Json) as HeaderName[];
        response.headers = { ...commonHeaders(path, status, operation, response), ...Object.fromEntries(own.map((name) => [name, headerRef(name)])) };
      }
      const requestBody = operation.requestBody as { required?: boolean; content?: Record<string, { schema?: Json }> } | undefined;
      const schema = requestBody?.content?.['application/json']?.schema;
      const target = typeof schema?.$ref === 'string' ? components[schema.$ref.split('/').pop() ?? ''] : schema;
      if (requestBody && target && acceptsEmptyObject(target)) requestBody.required = false;
      // An object in the query string is sent as name[key]=value (src/query-string.ts parses it).
      for (const parameter of (operation.parameters ?? []) as Json[]) {
        if (parameter.in === 'query' && (parameter.schema as Json | undefined)?.type === 'object') {
          Object.assign(parameter, { style: 'deepObject', explode: true });
        }
      }
    }
  }
  document.components = { ...document.components, headers: headerComponents };
  return document;
};

export default fp<{ version: string; publicUrl: string | undefined }>(
  async (app, { version, publicUrl }) => {
    app.addHook('onRoute', documentRoute);
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Invoice Generator Pro API',
          version,
          description:
            'Invoicing REST API. Money is always an integer in the currency minor units (cents); requests ' +
            'also take it as a string of digits, as int64-aware clients send it. ' +
            'Errors are RFC 9457 problem details (`application/problem+json`) with a stable `code`; each ' +
            'error response lists the codes that operation can return at that status. ' +
            'Lists use keyset pagination: pass `nextCursor` back as `cursor`. ' +
            'Every response carries `x-request-id` (an incoming well-formed one is echoed); every `/api` ' +
            'response carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`.',
          license: { name: 'UNLICENSED', identifier: 'LicenseRef-Proprietary' },
        },
        // Unset, the origin-relative "/": Swagger UI and generators resolve it against the URL they
        // read the document from, so "Try it out" calls the host and port the page came from.
        servers: publicUrl
          ? [{ url: publicUrl, description: 'This server (PUBLIC_URL)' }]
          : [{ url: '/', description: 'The origin this document was read from (PUBLIC_URL is unset)' }],
        tags: [
          { name: 'auth', description: 'Registration, login and token rotation' },
          { name: 'users', description: 'The signed-in user and, for admins, all users' },
          { name: 'api-keys', description: 'Keys a program authenticates with instead of a login session' },
          { name: 'business', description: 'Your business profile: the seller your invoices name' },
          { name: 'clients', description: 'Customers and vendors' },
          { name: 'invoices', description: 'Invoices, their line items and lifecycle' },
          { name: 'payments', description: 'Payments applied to invoices' },
          { name: 'events', description: 'The log of changes to your resources (kept 30 days)' },
          { name: 'emails', description: 'Messages sent on your behalf (invoices, credit notes, reminders) and their delivery' },
          { name: 'webhooks', description: 'Endpoints that receive your events, signed per Standard Webhooks' },
          { name: 'credit-notes', description: 'Credit notes correcting issued invoices, in their own number series' },
          { name: 'recurring-invoices', description: 'Schedules that issue an invoice every week, month, quarter or year' },
          { name: 'reports', description: 'Aging, revenue and tax reports, per currency, as JSON or CSV' },
          { name: 'exports', description: 'Your invoices, payments, credit notes and clients as streamed CSV files' },
          { name: 'health', description: 'Liveness and readiness probes' },
        ],
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from /auth/login, or an API key (ik_…) from /api-keys' },
          },
        },
      },
      transformObject: finishDocument,
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, index) => (typeof json.$id === 'string' ? json.$id : `def-${index}`),
      },
    });
    // Its own scope: helmet's browser headers (and their per-request cost) only on the pages.
    await app.register(async (pages) => {
      await pages.register(helmet, browserPageHelmetOptions);
      await pages.register(swaggerUi, { routePrefix: BROWSER_PAGES_PREFIX, staticCSP: false });
    });
  },
  { name: 'swagger' },
);
