/**
 * The route seam of the unit of work (src/unit-of-work/, which knows no HTTP): decorates
 * `unitOfWork` with what routes need around it. It decides what an Idempotency-Key records: the
 * HTTP status and `{ headers, body }` of the answer, and which refusals are answers to replay
 * (409 and 422, see recordedRefusal). `acceptIdempotencyKey` makes POST routes take the header (and
 * documents it); `unitOfWork.send` is the one way their handlers run and answer, so every such
 * POST is safe to retry.
 */
import { type TObject, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../base/config.js';
import type { JsonValue } from '../db/types.js';
import { headerComponents } from '../schemas/headers.js';
import { IdempotencyHeaders, KEY_REUSED } from '../schemas/payments.js';
import { withProblems } from '../schemas/problems.js';
import { AppError, fromDomain } from '../src/errors.js';
import { type IdempotencyClaim, type RecordedOutcome, hashRequest } from '../src/unit-of-work/idempotency-keys.js';
import {
  type IdempotentOutcome,
  type OutcomeRecorder,
  type UnitOfWork,
  type Work,
  createUnitOfWork,
} from '../src/unit-of-work/unit-of-work.js';
import { problemDocument } from './errors.js';

/** An HTTP answer as an Idempotency-Key records it and replays it. */
export interface RecordedResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: JsonValue;
}

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

/**
 * A refusal by the business rules (409: the state does not allow it; 422: e.g. overpayment) is an
 * outcome like a success: recorded, so a concurrent or later retry gets the same answer. A 400
 * never reaches the work; a 404 or a failure (5xx, 503) is not recorded, so a retry runs afresh.
 */
function recordedRefusal(error: unknown): AppError | undefined {
  const problem = error instanceof AppError ? error : fromDomain(error);
  return problem && (problem.status === 409 || problem.status === 422) ? problem : undefined;
}

/** The status is the outcome's code; headers and body its content. */
function toOutcome({ statusCode, headers, body }: RecordedResponse): RecordedOutcome {
  return { code: statusCode, content: { headers, body } };
}

function isHeaders(value: JsonValue | undefined): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string');
}

/** The response an outcome recorded; anything else in the key row is refused, not guessed at. */
function toResponse({ code, content }: RecordedOutcome): RecordedResponse {
  const recorded = typeof content === 'object' && content !== null && !Array.isArray(content) ? content : {};
  const { headers, body } = recorded;
  if (!isHeaders(headers) || body === undefined) {
    throw new AppError('conflict', 'The request with this Idempotency-Key has no readable recorded response');
  }
  return { statusCode: code, headers, body };
}

/** Sends the response a `runIdempotent` produced or replayed, marking a replay as such. */
export function sendRecorded(reply: FastifyReply, { outcome, replayed }: IdempotentOutcome) {
  const response = toResponse(outcome);
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
    function claimOf(request: FastifyRequest): IdempotencyClaim | null {
      const key = request.headers['idempotency-key'];
      if (typeof key !== 'string') return null;
      const requestHash = hashRequest({
        method: request.method,
        route: request.routeOptions.url ?? request.url,
        params: request.params,
        body: request.body,
      });
      return { userId: request.user.id, key, requestHash, ttlSeconds: config.IDEMPOTENCY_TTL };
    }
    /** Records the handler's response, or the problem of a business refusal. */
    function recorderOf<T>(request: FastifyRequest, respond: (result: T) => RecordedResponse): OutcomeRecorder<T> {
      return {
        ofResult: (result) => toOutcome(respond(result)),
        ofFailure: (error) => {
          const refusal = recordedRefusal(error);
          return (
            refusal &&
            toOutcome({
              statusCode: refusal.status,
              headers: { 'content-type': 'application/problem+json; charset=utf-8' },
              body: problemDocument(request, refusal),
            })
          );
        },
      };
    }
    app.decorate<AppUnitOfWork>('unitOfWork', {
      ...unitOfWork,
      send: async (request, reply, work, respond) =>
        sendRecorded(reply, await unitOfWork.runIdempotent(claimOf(request), work, recorderOf(request, respond))),
    });
  },
  { name: 'unit-of-work', dependencies: ['db', 'errors'] },
);
