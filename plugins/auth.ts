/**
 * Who a request is: a login session's access token (an HS256 JWT with issuer and audience, the
 * algorithm pinned on verify) or an API key (`ik_…`, looked up by its hash, through the cache of
 * verified keys while revocations reach it: see src/services/api-key-cache.ts). `authenticate`,
 * `requireRole` and the API-key scope check are the guards every protected domain plugin reuses.
 */
import jwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import client from 'prom-client';
import type { ApiKeyScope } from '../schemas/api-keys.js';
import { withProblems } from '../schemas/problems.js';
import type { Role } from '../schemas/users.js';
import type { Config } from '../base/config.js';
import { AppError } from '../src/errors.js';
import { createApiKeyCache } from '../src/services/api-key-cache.js';
import {
  API_KEYS_CHANNEL,
  API_KEY_PREFIX,
  type ApiKeyPrincipal,
  authenticateApiKey,
  usersWithApiKeysChangedIn,
} from '../src/services/api-keys.js';

/** The user a request acts as; `apiKey` when it authenticated with one rather than a login session. */
interface RequestUser {
  id: string;
  role: Role;
  apiKey?: { id: string; scope: ApiKeyScope };
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string; role: Role };
    user: RequestUser;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    signAccessToken: (user: { id: string; role: Role }) => string;
  }
  interface FastifyRequest {
    /** A bearer token was sent but refused (invalid, expired, deleted): RFC 6750's `invalid_token`. */
    bearerRefused: boolean;
  }
}

const bearerSecurity = [{ bearerAuth: [] }];
const REALM = 'Bearer realm="invoice-api"';

const userOf = ({ sub, role }: { sub: string; role: Role }): RequestUser => ({ id: sub, role });

/** RFC 6750 section 3: the challenge of a 401 or of a 403 for want of scope. */
export function bearerChallenge(request: FastifyRequest, error?: 'insufficient_scope'): string {
  if (error) return `${REALM}, error="${error}"`;
  return request.bearerRefused ? `${REALM}, error="invalid_token"` : REALM;
}

const readMethods = new Set(['GET', 'HEAD']);

/** How long a verified key is used without reading it again, and how many are kept. */
const API_KEY_CACHE = { ttlMs: 30_000, maxEntries: 10_000 };

export default fp<{ config: Config }>(
  async (app, { config }) => {
    await app.register(jwt, {
      secret: config.JWT_ACCESS_SECRET,
      sign: { algorithm: 'HS256', iss: config.JWT_ISSUER, aud: config.JWT_AUDIENCE, expiresIn: `${config.JWT_ACCESS_TTL}s` },
      verify: {
        algorithms: ['HS256'],
        allowedIss: config.JWT_ISSUER,
        allowedAud: config.JWT_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iss', 'aud'],
      },
      formatUser: userOf,
    });
    app.decorateRequest('bearerRefused', false);

    const lookups = new client.Counter({
      name: 'invoice_api_api_key_lookups_total',
      help: 'API key verifications by where they were answered: hit (the cache), miss (the database, then cached), bypass (the database: the cache is off while revocations may not reach it)',
      labelNames: ['result'],
      registers: [app.metricsRegistry],
    });
    const keyCache = createApiKeyCache<ApiKeyPrincipal>({ ...API_KEY_CACHE, onLookup: (result) => lookups.inc({ result }) });
    const forgetUsers = (userIds: ReadonlySet<string>) => keyCache.evict((principal) => userIds.has(principal.userId));
    // This instance forgets at its own commit; the others when the NOTIFY reaches them. On
    // PostgreSQL the cache is on only while the LISTEN connection is; the embedded database serves
    // this process alone, so its own commits are every revocation there is.
    app.unitOfWork.probeCommit((trx) => {
      const userIds = usersWithApiKeysChangedIn(trx);
      return userIds && (() => forgetUsers(userIds));
    });
    if (app.dbMode === 'postgres') {
      app.notifications.subscribe(API_KEYS_CHANNEL, {
        onNotify: (userId) => forgetUsers(new Set([userId])),
        onListening: keyCache.enable,
        onLost: keyCache.disable,
      });
    } else {
      keyCache.enable();
    }

    // The one verification of a request's bearer token: the rate limit keys on its user (or key)
    // and the protected routes' guard reads it. A refused token leaves the request anonymous.
    app.addHook('onRequest', (request, _reply, done) => {
      const header = request.headers.authorization;
      if (!header?.startsWith('Bearer ')) return done();
      const token = header.slice(7);
      if (!token.startsWith(API_KEY_PREFIX)) {
        try {
          request.user = userOf(app.jwt.verify(token));
        } catch {
          request.bearerRefused = true;
        }
        return done();
      }
      authenticateApiKey(app.db, keyCache, token).then((principal) => {
        if (principal) {
          request.user = { id: principal.userId, role: principal.role, apiKey: { id: principal.keyId, scope: principal.scope } };
        } else {
          request.bearerRefused = true;
        }
        done();
      }, done);
    });

    app.decorate('authenticate', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.user) {
        // The scope check comes right after authentication, before validation.
        if (request.user.apiKey?.scope === 'read' && !readMethods.has(request.method)) {
          reply.header('www-authenticate', bearerChallenge(request, 'insufficient_scope'));
          throw new AppError('insufficient_scope', 'This API key has the read scope: it may only GET');
        }
        return;
      }
      reply.header('www-authenticate', bearerChallenge(request));
      throw new AppError('unauthorized', 'A valid Bearer access token or API key is required');
    });
    app.decorate('signAccessToken', ({ id, role }: { id: string; role: Role }) => app.jwt.sign({ sub: id, role }));
  },
  { name: 'auth', dependencies: ['db', 'unit-of-work', 'notifications', 'metrics'] },
);

/**
 * Makes every route later declared in this (encapsulated) plugin require a valid access token or
 * API key, and documents the bearer scheme, the 401 and the 403 of a read-only key on each of them.
 * `sessionOnly` routes (managing API keys) refuse every API key.
 */
export function requireAuthentication(app: FastifyInstance, { sessionOnly = false } = {}) {
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    const writes = methods.some((method) => !readMethods.has(method));
    route.schema = {
      ...route.schema,
      security: bearerSecurity,
      response: withProblems(route.schema?.response as Record<string, unknown> | undefined, {
        unauthorized: 'Missing, invalid or expired access token or API key, or its user no longer exists',
        ...(sessionOnly
          ? { insufficient_scope: 'API keys are managed only with a login session: an API key may not' }
          : writes
            ? { insufficient_scope: 'The API key has the read scope, which may only GET' }
            : {}),
      }),
    };
  });
  app.addHook('onRequest', app.authenticate);
  if (sessionOnly) {
    app.addHook('onRequest', async (request, reply) => {
      if (!request.user.apiKey) return;
      reply.header('www-authenticate', bearerChallenge(request, 'insufficient_scope'));
      throw new AppError('insufficient_scope', 'API keys are managed only with a login session, not with an API key');
    });
  }
}

/** A preHandler that lets only users with `role` through; others get 403. */
export function requireRole(role: Role): onRequestHookHandler {
  return async (request) => {
    if (request.user.role !== role) throw new AppError('forbidden', `This operation requires the ${role} role`);
  };
}
