/**
 * Decorates `unitOfWork`, the only opener of write transactions (see src/unit-of-work/), with
 * what routes need around it: the Idempotency-Key claim of a request and sending a recorded reply.
 * `acceptIdempotencyKey` makes POST routes take the header (and documents it); `unitOfWork.send`
 * is the one way their handlers run and answer, so every such POST is safe to retry.
 */
import { type TObject, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../base/config.js';
import type { Work } from '../src/unit-of-work/unit-of-work.js';
import type { RecordedResponse } from '../src/unit-of-work/idempotency-keys.js';
import { headerComponents } from '../schemas/headers.js';
import { IdempotencyHeaders, KEY_REUSED } from '../schemas/payments.js';
import { withProblems } from '../schemas/problems.js';
import { hashRequest } from '../src/unit-of-work/idempotency-keys.js';
import {
  type IdempotentOutcome,
  type IdempotentRequest,
  type UnitOfWork,
  createUnitOfWork,
} from '../src/unit-of-work/unit-of-work.js';
import { problemDocument } from './errors.js';

export interface AppUnitOfWork extends UnitOfWork {
  /**
   * Runs `work` under the request's Idempotency-Key (when it sent one) and sends `respond(result)`,
   * or the response recorded for an earlier request with that key (marked Idempotent-Replayed).
   */
  send<T>(request: FastifyRequest, reply: FastifyReply, work: Work<T>, respond: (result: T) => RecordedResponse): Promise<FastifyReply>;
}

declare module 'fastify' {
  interface FastifyInstance {
    unitOfWork: AppUnitOfWork;
  }
  interface FastifyContextConfig {
    /** `false`: a POST that takes no Idempotency-Key (see acceptIdempotencyKey). */
    idempotency?: false;
  }
}

type ResponseSchemas = Record<string, { content?: unknown; headers?: Record<string, unknown> } | undefined>;

/**
 * An onRoute hook: each POST declared after it takes an Idempotency-Key (unless its config says
 * `idempotency: false`), and its document says so: the header, Idempotent-Replayed on its success
 * and 422 idempotency_key_reused. Its handler must answer through `unitOfWork.send`.
 */
export function acceptIdempotencyKey(route: RouteOptions) {
  if (![route.method].flat().includes('POST') || route.config?.idempotency === false) return;
  const schema = route.schema ?? {};
  const responses: ResponseSchemas = { ...(schema.response as ResponseSchemas) };
  for (const [status, response] of Object.entries(responses)) {
    if (!status.startsWith('2')) continue;
    if (!response?.content) throw new Error(`POST ${route.url}: declare its ${status} with jsonResponse() so replays are documented`);
    responses[status] = { ...response, headers: { ...response.headers, 'Idempotent-Replayed': headerComponents['Idempotent-Replayed'].schema } };
  }
  route.schema = {
    ...schema,
    headers: Type.Object({ ...(schema.headers as TObject | undefined)?.properties, ...IdempotencyHeaders.properties }),
    response: withProblems(responses, KEY_REUSED),
  };
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
    /** The claim of the request's Idempotency-Key for the signed-in user; null without the header. */
    function claimOf(request: FastifyRequest): IdempotentRequest | null {
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
    }
    app.decorate<AppUnitOfWork>('unitOfWork', {
      ...unitOfWork,
      send: async (request, reply, work, respond) =>
        sendRecorded(reply, await unitOfWork.runIdempotent(claimOf(request), work, respond)),
    });
  },
  { name: 'unit-of-work', dependencies: ['db', 'errors'] },
);
