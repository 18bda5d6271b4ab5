/**
 * The real server process on a throwaway PostgreSQL cluster that the test stops (fast and
 * immediate), freezes (SIGSTOP), restarts and storms with pg_terminate_backend, all under
 * concurrent traffic. Invariants: the process never exits; every request ends within its bound
 * with a 2xx, a business 409/422, or a 503 problem; readiness follows the database; and after
 * recovery the money adds up (amountPaid = sum of payments, numbering gapless, idempotent
 * replays consistent).
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../helpers/databases.js';
import { type ServerProcess, spawnServer } from '../foundation/server-process.js';
import { freePort } from './free-port.js';
import { canRunCluster, throwawayCluster, type ThrowawayCluster } from './postgres-cluster.js';

const DATABASE = 'faults';
const STATEMENT_TIMEOUT_MS = 1_000;
/** Pool acquire (5 s) + a query and its rollback, each bounded at statement timeout + 1 s, + slack. */
const REQUEST_BOUND_MS = 15_000;
const INVOICE_TOTAL = 100_000;
const PAYMENT = 1_000;

interface Outcome {
  status: number;
  ms: number;
  body: Record<string, unknown>;
  replayed: boolean;
}

describe.skipIf(!testDatabaseUrl || !canRunCluster)('the server process through database outages', () => {
  let cluster: ThrowawayCluster;
  let server: ServerProcess;
  let base: string;
  const logs: Record<string, unknown>[] = [];
  const outcomes: { what: string; outcome: Outcome }[] = [];
  const payments = new Map<string, { invoiceId: string; outcome: Outcome }>();
  let token = '';
  let clientId = '';
  const invoiceIds: string[] = [];

  async function send(what: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Outcome> {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), authorization: `Bearer ${token}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_BOUND_MS * 2),
    });
    const text = await response.text();
    const outcome = {
      status: response.status,
      ms: performance.now() - started,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      replayed: response.headers.get('idempotent-replayed') === 'true',
    };
    if (outcome.status === 503) {
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    outcomes.push({ what, outcome });
    return outcome;
  }

  async function ready(): Promise<number> {
    return (await fetch(`${base}/health/ready`)).status;
  }

  async function waitUntilReady() {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if ((await ready()) === 200) return;
      await sleep(100);
    }
    throw new Error('the API did not become ready after the database returned');
  }

  /** Concurrent traffic (payments with idempotency keys, drafts, publishing, listing) until `stop`. */
  async function traffic(stop: { done: boolean }) {
    const worker = async (index: number) => {
      while (!stop.done) {
        const invoiceId = invoiceIds[Math.floor(Math.random() * invoiceIds.length)] ?? '';
        switch (index % 4) {
          case 0:
          case 1: {
            const key = randomUUID();
            const outcome = await send('pay', 'POST', `/api/v1/invoices/${invoiceId}/payments`, { amount: PAYMENT, method: 'card' }, { 'idempotency-key': key });
            payments.set(key, { invoiceId, outcome });
            break;
          }
          case 2: {
            const draft = await send('create', 'POST', '/api/v1/invoices', { clientId, dueDate: '2099-12-31', items: [{ description: 'x', quantity: 1, unitPrice: 100, taxRate: 0 }] });
            if (draft.status === 201) await send('publish', 'POST', `/api/v1/invoices/${String(draft.body.id)}/publish`);
            break;
          }
          default:
            await send('list', 'GET', '/api/v1/invoices?limit=5');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, index) => worker(index)));
  }

  async function underTraffic(fault: () => Promise<void>, recover: () => Promise<void>) {
    const stop = { done: false };
    const running = traffic(stop);
    await sleep(300);
    await fault();
    await sleep(1_500);
    expect(await ready(), 'readiness follows the database down').toBe(503);
    await recover();
    await waitUntilReady();
    await sleep(300);
    stop.done = true;
    await running;
    expect(server.exitCode, 'the process never exits').toBeNull();
  }

  beforeAll(async () => {
    cluster = await throwawayCluster();
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query(`create database ${DATABASE}`);
    await admin.end();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawnServer(process.cwd(), {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_URL: cluster.url(DATABASE),
      DATA_DIR: 'memory://',
      DB_POOL_MAX: '6',
      DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      JWT_ACCESS_SECRET: 'fault-test-secret-that-is-long-enough-0123456789',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      RATE_LIMIT_MAX: '1000000',
      RATE_LIMIT_USER_MAX: '1000000',
      AUTH_RATE_LIMIT_MAX: '1000',
      AUTH_IP_RATE_LIMIT_MAX: '1000',
    });
    server.stderr.on('data', (chunk: Buffer) => logs.push({ stderr: chunk.toString() }));
    createInterface({ input: server.stdout }).on('line', (text) => logs.push(JSON.parse(text) as Record<string, unknown>));
    for (let attempt = 0; ; attempt += 1) {
      if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}: ${JSON.stringify(logs)}`);
      if (await fetch(`${base}/health/live`).then((response) => response.ok, () => false)) break;
      await sleep(200);
    }
    const session = await fetch(`${base}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'faults@example.test', password: 'a long enough password' }),
    });
    token = ((await session.json()) as { accessToken: string }).accessToken;
    clientId = String((await send('setup', 'POST', '/api/v1/clients', { kind: 'customer', companyName: 'Acme', currency: 'EUR' })).body.id);
    for (let index = 0; index < 4; index += 1) {
      const invoice = await send('setup', 'POST', '/api/v1/invoices', { clientId, dueDate: '2099-12-31', items: [{ description: 'x', quantity: 1, unitPrice: INVOICE_TOTAL, taxRate: 0 }] });
      await send('setup', 'POST', `/api/v1/invoices/${String(invoice.body.id)}/publish`);
      invoiceIds.push(String(invoice.body.id));
    }
    outcomes.length = 0;
  }, 120_000);

  afterAll(async () => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    await cluster?.destroy();
  });

  it('survives stop, crash, freeze and terminated backends, and the money adds up afterwards', { timeout: 300_000 }, async () => {
    await underTraffic(() => cluster.stop('fast'), () => cluster.start());
    await underTraffic(() => cluster.stop('immediate'), () => cluster.start());
    await underTraffic(() => cluster.freeze(), () => cluster.thaw());
    const storm = { done: false };
    const running = traffic(storm);
    for (let round = 0; round < 30; round += 1) {
      await cluster.terminateBackends(DATABASE);
      await sleep(50);
    }
    storm.done = true;
    await running;
    await waitUntilReady();
    expect(server.exitCode, 'the process never exits').toBeNull();
    expect(logs.filter((line) => /shutting down/.test(String(line.msg)))).toEqual([]);

    // Every request ended within its bound, with a success, a business refusal or a 503 problem.
    const allowed: Record<string, number[]> = { pay: [201, 409, 422], create: [201], publish: [200], list: [200] };
    for (const { what, outcome } of outcomes) {
      if (outcome.status !== 503) expect(allowed[what], `${what} answered ${outcome.status}: ${JSON.stringify(outcome.body)}`).toContain(outcome.status);
      expect(outcome.ms, `${what} took ${Math.round(outcome.ms)} ms`).toBeLessThan(REQUEST_BOUND_MS);
    }
    expect(outcomes.filter(({ outcome }) => outcome.status === 503).length, 'the faults were felt').toBeGreaterThan(0);
    expect(outcomes.filter(({ outcome }) => outcome.status < 300).length, 'traffic was served').toBeGreaterThan(0);

    // Idempotency: a key that succeeded replays its answer; a key cut off by an outage settles once on retry.
    let settled = 0;
    for (const [key, { invoiceId, outcome }] of payments) {
      const retried = await send('pay', 'POST', `/api/v1/invoices/${invoiceId}/payments`, { amount: PAYMENT, method: 'card' }, { 'idempotency-key': key });
      if (outcome.status === 201) {
        expect(retried).toMatchObject({ status: 201, replayed: true });
        expect(retried.body.id).toBe(outcome.body.id);
      } else {
        expect([201, 409, 422]).toContain(retried.status);
      }
      if (retried.status === 201) settled += 1;
    }

    const db = new pg.Client({ connectionString: cluster.url(DATABASE) });
    await db.connect();
    try {
      const { rows: invoices } = await db.query<{ id: string; total: number; amount_paid: number; paid: number; count: number }>(
        `select i.id, i.total::int, i.amount_paid::int, coalesce(sum(p.amount), 0)::int as paid, count(p.id)::int as count
           from invoices i left join payments p on p.invoice_id = i.id group by i.id`,
      );
      for (const invoice of invoices) {
        expect(invoice.amount_paid, `invoice ${invoice.id}: amountPaid = sum of payments`).toBe(invoice.paid);
        expect(invoice.amount_paid).toBeLessThanOrEqual(invoice.total);
      }
      const { rows: numbers } = await db.query<{ number: string }>('select number from invoices where number is not null order by number');
      const sequence = numbers.map(({ number }) => Number(number.replace(/\D/g, '')));
      expect(sequence, 'invoice numbering is gapless').toEqual(sequence.map((_, index) => index + 1));
      const { rows: stored } = await db.query<{ count: number }>('select count(*)::int as count from payments');
      expect(stored[0]?.count, 'one payment per settled idempotency key, none without').toBe(settled);
    } finally {
      await db.end();
    }
  });
});
