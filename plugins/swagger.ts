/**
 * The OpenAPI 3.1 document, generated from the route schemas, served at /docs/json with
 * Swagger UI at /docs. Shared schemas become named components; every operation documents the
 * problem responses that any route can produce.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { problemResponse } from '../schemas/common.js';

const methodsWithBody = new Set(['POST', 'PATCH', 'PUT']);

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
      429: problemResponse('Rate limit exceeded; see the Retry-After header'),
      500: problemResponse('Unexpected server error (details are logged, never returned)'),
      ...(route.schema?.response as object),
    },
  };
}

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
            'Lists use keyset pagination: pass `nextCursor` back as `cursor`.',
          license: { name: 'UNLICENSED', identifier: 'LicenseRef-Proprietary' },
        },
        servers: [{ url: '/', description: 'This server' }],
        tags: [
          { name: 'auth', description: 'Registration, login and token rotation' },
          { name: 'users', description: 'The signed-in user and, for admins, all users' },
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
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, index) => (typeof json.$id === 'string' ? json.$id : `def-${index}`),
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: false });
  },
  { name: 'swagger' },
);
