/**
 * Access tokens: HS256 JWTs with issuer and audience, the algorithm pinned on verify.
 * `authenticate` and `requireRole` are the guards every protected domain plugin reuses.
 */
import jwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { withProblems } from '../schemas/problems.js';
import type { Role } from '../schemas/users.js';
import type { Config } from '../base/config.js';
import { AppError } from '../src/errors.js';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string; role: Role };
    user: { id: string; role: Role };
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    signAccessToken: (user: { id: string; role: Role }) => string;
  }
}

const bearerSecurity = [{ bearerAuth: [] }];

const userOf = ({ sub, role }: { sub: string; role: Role }) => ({ id: sub, role });

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

    // The one verification of a request's bearer token: the rate limit keys on its user and the
    // protected routes' guard reads it. An invalid token leaves the request anonymous.
    app.addHook('onRequest', (request, _reply, done) => {
      const header = request.headers.authorization;
      if (header?.startsWith('Bearer ')) {
        try {
          request.user = userOf(app.jwt.verify(header.slice(7)));
        } catch {
          // Anonymous: a protected route answers 401, the rate limit counts by IP.
        }
      }
      done();
    });

    app.decorate('authenticate', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.user) return;
      // RFC 6750: a 401 from a protected resource names the scheme it expects.
      reply.header('www-authenticate', 'Bearer');
      throw new AppError('unauthorized', 'A valid Bearer access token is required');
    });
    app.decorate('signAccessToken', ({ id, role }: { id: string; role: Role }) => app.jwt.sign({ sub: id, role }));
  },
  { name: 'auth' },
);

/**
 * Makes every route later declared in this (encapsulated) plugin require a valid access token,
 * and documents the bearer scheme and the 401 on each of them.
 */
export function requireAuthentication(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    route.schema = {
      ...route.schema,
      security: bearerSecurity,
      response: withProblems(route.schema?.response as Record<string, unknown> | undefined, {
        unauthorized: 'Missing, invalid or expired access token, or its user no longer exists',
      }),
    };
  });
  app.addHook('onRequest', app.authenticate);
}

/** A preHandler that lets only users with `role` through; others get 403. */
export function requireRole(role: Role): onRequestHookHandler {
  return async (request) => {
    if (request.user.role !== role) throw new AppError('forbidden', `This operation requires the ${role} role`);
  };
}
