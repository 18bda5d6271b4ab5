/**
 * Connections that die or stop answering under the app (PostgreSQL mode): the process survives,
 * every request ends in a 2xx or a 503 problem with Retry-After, and the app recovers by itself.
 * The throwaway-cluster suite (cluster.test.ts) does the same with a real stop, crash and freeze.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../db/postgres-errors.js';
import { call, createTestApp, type TestApp } from '../helpers/app.js';
import { testDatabaseUrl } from '../helpers/databases.js';
import { createUser, type TestUser } from '../helpers/users.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const uncaught: unknown[] = [];
const recordUncaught = (error: unknown) => void uncaught.push(error);

/**
 * Ends every connection of the app's database, from a connection of its own: one borrowed from
 * the app's pool may be one a previous round ended, not yet noticed by the pool.
 */
async function terminateBackends(t: TestApp) {
  const client = new pg.Client({ connectionString: t.config.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`select pg_terminate_backend(pid) from pg_stat_activity
                        where datname = current_database() and pid <> pg_backend_pid()`);
  } finally {
    await client.end();
  }
}

function expectUnavailable(response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }) {
  expect(response.statusCode).toBe(503);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.headers['retry-after']).toBeDefined();
  expect(response.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
}

describe.skipIf(!testDatabaseUrl)('database connections that die', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    process.on('uncaughtException', recordUncaught);
    t = await createTestApp({ DB_POOL_MAX: 4 });
    user = await createUser(t.app);
  });
  afterAll(async () => {
    process.off('uncaughtException', recordUncaught);
    await t.close();
  });
  afterEach(() => expect(uncaught).toEqual([]));

  it('survives a connection terminated while a transaction holds it between two queries', async () => {
    await t.app.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      await sql`select pg_terminate_backend(${rows[0]?.pid})`.execute(t.app.db);
      await sleep(200);
      await expect(sql`select 1`.execute(trx)).rejects.toSatisfy(isDatabaseUnavailable);
    }).catch((error: unknown) => expect(isDatabaseUnavailable(error)).toBe(true));
  });

  it('answers 2xx or 503 while every connection is terminated under traffic, then recovers', async () => {
    const statuses: number[] = [];
    const traffic = Array.from({ length: 40 }, async (_, index) => {
      await sleep(index * 5);
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/clients', headers: { authorization: `Bearer ${user.token}` } });
      statuses.push(response.statusCode);
      if (response.statusCode !== 200) expectUnavailable(response);
    });
    for (let round = 0; round < 5; round += 1) {
      await terminateBackends(t);
      await sleep(30);
    }
    await Promise.all(traffic);
    expect(statuses).toHaveLength(40);
    await call(t.app, { method: 'GET', url: '/api/v1/clients', token: user.token }, 200);
    await call(t.app, { method: 'GET', url: '/health/ready' }, 200);
  });
});

describe.skipIf(!testDatabaseUrl)('a database that stops answering', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    proxy = await startTcpProxy(testDatabaseUrl ?? '');
    t = await createTestApp({ DB_POOL_MAX: 2, DB_STATEMENT_TIMEOUT_MS: 300 }, { routeDatabaseUrl: proxy.via });
    user = await createUser(t.app);
  });
  afterAll(async () => {
    proxy.thaw();
    await t.close();
    await proxy.close();
  });

  it('answers 503 with Retry-After (query and pool-acquire timeouts), then recovers when it answers again', async () => {
    proxy.freeze();
    const responses = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.app.inject({ method: 'GET', url: '/api/v1/clients', headers: { authorization: `Bearer ${user.token}` } }),
      ),
    );
    for (const response of responses) expectUnavailable(response);
    await call(t.app, { method: 'GET', url: '/health/ready' }, 503);
    proxy.thaw();
    await call(t.app, { method: 'GET', url: '/api/v1/clients', token: user.token }, 200);
    await call(t.app, { method: 'GET', url: '/health/ready' }, 200);
  });

  it('answers 503 when connections are reset, and reconnects', async () => {
    proxy.cut();
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/clients', headers: { authorization: `Bearer ${user.token}` } });
    if (response.statusCode !== 200) expectUnavailable(response);
    await call(t.app, { method: 'GET', url: '/api/v1/clients', token: user.token }, 200);
  });
});
