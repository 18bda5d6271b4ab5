import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDatabase } from '../../db/database.js';
import { WEBHOOK_DELIVERY_KIND } from '../../src/services/events.js';
import { rm } from 'node:fs/promises';
import { cloneTemplate, temporaryDirectory } from '../helpers/databases.js';
import { testConfig } from '../helpers/config.js';
import { type ServerProcess, spawnServer } from '../foundation/server-process.js';
import { type Receiver, sleep, startReceiver } from './receiver.js';

const CLIENTS = 8;

/** Resolves with the base URL once the server logs that it listens. */
function listening(child: ServerProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
    createInterface({ input: child.stdout }).on('line', (text) => {
      const match = /^Server listening at (http:\/\/127\.0\.0\.1:\d+)$/.exec(String((JSON.parse(text) as { msg?: unknown }).msg));
      if (match) resolve(match[1]!);
    });
  });
}

async function api(base: string, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

const distinctIds = (receiver: Receiver) => new Set(receiver.received.map((request) => String(request.headers['webhook-id'])));

describe('webhook deliveries across a crash and a graceful restart of the server process', { timeout: 180_000 }, () => {
  let database: Awaited<ReturnType<typeof cloneTemplate>>;
  let receiver: Receiver;
  let env: Record<string, string>;
  const servers: ServerProcess[] = [];
  let delayMs = 300;
  let cwd: string;

  const start = async () => {
    const server = spawnServer(cwd, env);
    servers.push(server);
    return { server, base: await listening(server) };
  };

  beforeAll(async () => {
    database = await cloneTemplate(inject('databaseTemplate'));
    cwd = await temporaryDirectory('igp-restart');
    receiver = await startReceiver(async () => {
      await sleep(delayMs);
      return 200;
    });
    env = {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      JWT_ACCESS_SECRET: 'a-test-secret-of-at-least-32-bytes-long!!',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      MIGRATE_ON_START: 'false',
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      WEBHOOK_TIMEOUT_MS: '5000',
      WEBHOOK_RETRY_BASE_MS: '100',
      SCHEDULER_INTERVAL_MS: '500',
      JOB_LEASE_MS: '6000',
      SHUTDOWN_GRACE_MS: '5000',
      ...(database.settings.DATABASE_URL ? { DATABASE_URL: database.settings.DATABASE_URL } : { DATA_DIR: database.settings.DATA_DIR }),
    };
  });
  afterAll(async () => {
    for (const server of servers) if (server.exitCode === null) server.kill('SIGKILL');
    await receiver.close();
    await database.dispose();
    await rm(cwd, { recursive: true, force: true });
  });

  it('loses nothing when the process is killed mid-queue, and finishes an in-flight delivery on SIGTERM', async () => {
    const first = await start();
    const session = await api(first.base, 'POST', '/auth/register', undefined, {
      email: `restart-${crypto.randomUUID()}@example.test`,
      password: 'a long enough password',
    });
    const token = String(session.accessToken);
    await api(first.base, 'POST', '/webhook-endpoints', token, { url: `${receiver.url}/hooks`, events: ['client.created'] });
    for (let index = 0; index < CLIENTS; index += 1) {
      await api(first.base, 'POST', '/clients', token, { kind: 'customer', companyName: `Client ${index}`, currency: 'EUR' });
    }
    // One delivered, one in flight, the rest queued: now the process dies without a word.
    await receiver.waitFor(2);
    first.server.kill('SIGKILL');
    await once(first.server, 'exit');
    expect(distinctIds(receiver).size).toBeLessThan(CLIENTS);

    const second = await start();
    await receiver.waitFor(CLIENTS, 30_000);
    while (distinctIds(receiver).size < CLIENTS) await sleep(100);
    expect(distinctIds(receiver).size).toBe(CLIENTS);
    // At least once: only the request in flight at the crash may have been sent twice.
    expect(receiver.received.length).toBeLessThanOrEqual(CLIENTS + 1);

    // Graceful: SIGTERM while a slow delivery is in flight lets it finish and record it.
    delayMs = 2_000;
    const before = receiver.received.length;
    await api(second.base, 'POST', '/clients', token, { kind: 'customer', companyName: 'Last', currency: 'EUR' });
    await receiver.waitFor(before + 1);
    const exited = once(second.server, 'exit');
    second.server.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);

    const { db } = createDatabase({ ...testConfig(), ...database.settings });
    try {
      const rows = await db
        .selectFrom('jobs')
        .select(['state', 'attempts', 'locked_until'])
        .where('kind', '=', WEBHOOK_DELIVERY_KIND)
        .execute();
      expect(rows).toHaveLength(CLIENTS + 1);
      expect(rows.every((row) => row.state === 'done' && row.locked_until === null)).toBe(true);
    } finally {
      await db.destroy();
    }
  });
});
