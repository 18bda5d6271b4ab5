/**
 * Security headers, CORS, compression and cookies: the HTTP hygiene every route gets. The browser
 * pages under /docs get helmet's full set instead (plugins/swagger.ts).
 */
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import fp from 'fastify-plugin';
import type { Config } from '../base/config.js';
import { apiSecurityHeaders, BROWSER_PAGES_PREFIX } from './security-headers.js';

export default fp<{ config: Config }>(
  async (app, { config }) => {
    app.addHook('onRequest', (request, reply, done) => {
      if (!request.routeOptions.url?.startsWith(BROWSER_PAGES_PREFIX)) reply.headers(apiSecurityHeaders);
      done();
    });
    const origins = config.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
    // No origins: CORS off (no headers, OPTIONS is an unknown route). strictPreflight off: an
    // OPTIONS without Origin is not a malformed preflight worth a text/plain 400.
    await app.register(cors, {
      origin: origins.length === 0 ? false : origins.includes('*') ? true : origins,
      credentials: !origins.includes('*'),
      strictPreflight: false,
      methods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Request-Id'],
      exposedHeaders: [
        'ETag',
        'Location',
        'Retry-After',
        'X-Request-Id',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
        'Idempotent-Replayed',
      ],
      maxAge: 600,
    });
    await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
    await app.register(cookie);
  },
  { name: 'security' },
);
