import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { problems } from '../schemas/problems.js';
import { AppError } from '../src/errors.js';

const READY_TIMEOUT_MS = 2_000;
const Status = Type.Object(
  { status: Type.Literal('ok') },
  { additionalProperties: false, description: 'The probe passed' },
);

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Probes for orchestrators: live while the process runs, ready while the database answers. The
 * metrics run the same readiness check at every scrape.
 */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const checkDatabase = () => withTimeout(sql`select 1`.execute(app.db), READY_TIMEOUT_MS);
  app.operationalMetrics.watchReadiness(() => checkDatabase().then(() => true, () => false));

  app.get(
    '/live',
    {
      logLevel: 'warn',
      schema: { operationId: 'getLiveness', summary: 'Liveness probe', tags: ['health'], response: { 200: Status } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      logLevel: 'warn',
      schema: {
        operationId: 'getReadiness',
        summary: 'Readiness probe: 200 when the database answers',
        tags: ['health'],
        response: {
          200: Status,
          ...problems({ service_unavailable: 'The database does not answer' }),
        },
      },
    },
    async (request) => {
      try {
        await checkDatabase();
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        throw new AppError('service_unavailable', 'The database does not answer');
      }
      return { status: 'ok' as const };
    },
  );
};

export default healthRoutes;
