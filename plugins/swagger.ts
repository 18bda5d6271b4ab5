/**
 * The OpenAPI 3.1 document, generated from the route schemas, served at /docs/json with
 * Swagger UI at /docs. Shared schemas become named components; every operation documents the
 * problem responses that any route can produce.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { SwaggerTransformObject } from '@fastify/swagger';
import { acceptsEmptyObject, problemResponse } from '../schemas/common.js';

// Fastify parses a DELETE's body too, so a DELETE can also meet 413 and 415.
const methodsWithBody = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

const text = (description: string) => ({ type: 'string', description }) as const;
const rateLimitHeaders = {
  'Retry-After': text('Seconds until the limit resets'),
  'X-RateLimit-Limit': text('Requests allowed per window'),
  'X-RateLimit-Remaining': text('Requests left in this window'),
  'X-RateLimit-Reset': text('Seconds until the window resets'),
};
/** Response headers sent every time the response they are documented on is sent. */
const alwaysSentHeaders = new Set(['ETag', 'Location', 'Content-Disposition', ...Object.keys(rateLimitHeaders)]);

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
  const canBeInvalid = body || querystring || headers || methods.some((method) => method !== 'GET');
  route.schema = {
    ...route.schema,
    response: {
      ...(canBeInvalid ? { 400: problemResponse('Invalid request: the `errors` array names each offending field') } : {}),
      ...(methods.some((method) => methodsWithBody.has(method))
        ? {
            413: problemResponse('Request body larger than 1 MiB'),
            415: problemResponse('Unsupported Content-Type; send application/json'),
          }
        : {}),
      429: { ...problemResponse('Rate limit exceeded; retry after Retry-After seconds'), headers: rateLimitHeaders },
      500: problemResponse('Unexpected server error (details are logged, never returned)'),
      503: {
        ...problemResponse('The database is unreachable or overloaded; retry later'),
        headers: { 'Retry-After': text('Seconds to wait before retrying') },
      },
      ...(route.schema?.response as object),
    },
  };
}

type Json = Record<string, unknown>;
const objectsIn = (value: unknown): Json[] =>
  typeof value === 'object' && value !== null ? Object.values(value).filter((item): item is Json => typeof item === 'object' && item !== null) : [];

/**
 * What @fastify/swagger cannot express from route schemas: response headers that are always
 * sent are `required`, and a body that may be omitted (its schema requires nothing) is not.
 */
const finishDocument: SwaggerTransformObject = (documentObject) => {
  if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
  const document = documentObject.openapiObject;
  const components = (document.components?.schemas ?? {}) as Record<string, Json>;
  for (const operation of objectsIn(document.paths).flatMap(objectsIn)) {
    for (const response of objectsIn(operation.responses)) {
      for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, Json>)) {
        if (alwaysSentHeaders.has(name)) header.required = true;
      }
    }
    const requestBody = operation.requestBody as { required?: boolean; content?: Record<string, { schema?: Json }> } | undefined;
    const schema = requestBody?.content?.['application/json']?.schema;
    const target = typeof schema?.$ref === 'string' ? components[schema.$ref.split('/').pop() ?? ''] : schema;
    if (requestBody && target && acceptsEmptyObject(target)) requestBody.required = false;
  }
  return document;
};

export default fp<{ version: string }>(
  async (app, { version }) => {
    app.addHook('onRoute', documentRoute);
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Invoice Generator Pro API',
          version,
          description:
            'Invoicing REST API. Money is always an integer in the currency minor units (cents). ' +
            'Errors are RFC 9457 problem details (`application/problem+json`) with a stable `code`. ' +
            'Lists use keyset pagination: pass `nextCursor` back as `cursor`. ' +
            'Every response carries `x-request-id` (an incoming well-formed one is echoed); every `/api` ' +
            'response carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`.',
          license: { name: 'UNLICENSED', identifier: 'LicenseRef-Proprietary' },
        },
        servers: [{ url: '/', description: 'This server' }],
        tags: [
          { name: 'auth', description: 'Registration, login and token rotation' },
          { name: 'users', description: 'The signed-in user and, for admins, all users' },
          { name: 'business', description: 'Your business profile: the seller your invoices name' },
          { name: 'clients', description: 'Customers and vendors' },
          { name: 'invoices', description: 'Invoices, their line items and lifecycle' },
          { name: 'payments', description: 'Payments applied to invoices' },
          { name: 'health', description: 'Liveness and readiness probes' },
        ],
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from /auth/login' },
          },
        },
      },
      transformObject: finishDocument,
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, index) => (typeof json.$id === 'string' ? json.$id : `def-${index}`),
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: false });
  },
  { name: 'swagger' },
);
