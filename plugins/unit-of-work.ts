/**
 * Decorates `unitOfWork`, the only opener of write transactions (see src/unit-of-work/), with
 * what routes need around it: the Idempotency-Key claim of a request and sending a recorded reply.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../base/config.js';
import { hashRequest } from '../src/unit-of-work/idempotency-keys.js';
import {
  type IdempotentOutcome,
  type IdempotentRequest,
  type UnitOfWork,
  createUnitOfWork,
} from '../src/unit-of-work/unit-of-work.js';
import { problemDocument } from './errors.js';

export interface AppUnitOfWork extends UnitOfWork {
  /** The claim of the request's Idempotency-Key for the signed-in user; null without the header. */
  claimOf(request: FastifyRequest): IdempotentRequest | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    unitOfWork: AppUnitOfWork;
  }
}

/** Sends the response a `runIdempotent` produced or replayed, marking a replay as such. */
export function sendRecorded(reply: FastifyReply, { response, replayed }: IdempotentOutcome) {
  reply.code(response.statusCode).headers(response.headers);
  if (replayed) reply.header('idempotent-replayed', 'true');
  return reply.send(response.body);
}

export default fp<{ config: Pick<Config, 'IDEMPOTENCY_TTL'> }>(
  async (app, { config }) => {
    const unitOfWork = createUnitOfWork(app.db, (error) =>
      app.log.error({ err: error }, 'an after-commit hook failed (the change is committed)'),
    );
    app.decorate<AppUnitOfWork>('unitOfWork', {
      ...unitOfWork,
      claimOf(request) {
        const key = request.headers['idempotency-key'];
        if (typeof key !== 'string') return null;
        const requestHash = hashRequest({
          method: request.method,
          route: request.routeOptions.url ?? request.url,
          params: request.params,
          body: request.body,
        });
        return {
          userId: request.user.id,
          key,
          requestHash,
          ttlSeconds: config.IDEMPOTENCY_TTL,
          refusalResponse: (refusal) => ({
            statusCode: refusal.status,
            headers: { 'content-type': 'application/problem+json; charset=utf-8' },
            body: problemDocument(request, refusal),
          }),
        };
      },
    });
  },
  { name: 'unit-of-work', dependencies: ['db', 'errors'] },
);
