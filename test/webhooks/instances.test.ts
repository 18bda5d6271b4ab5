import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testDatabaseUrl } from '../helpers/databases.js';
import { createUser } from '../helpers/users.js';
import { createEndpoint, eventually } from './helpers.js';
import { type Receiver, sleep, startReceiver } from './receiver.js';
import { WEBHOOK_DELIVERY_KIND, writeEvents } from '../../src/services/events.js';

const ENDPOINTS = 4;
const EVENTS = 25;

// Several instances share one PostgreSQL database; the embedded one serves one process only.
describe.skipIf(!testDatabaseUrl)('two API instances on one database', { timeout: 90_000 }, () => {
  let t: TestApp;
  let second: App;
  let receiver: Receiver;
  const inFlight = new Map<string, number>();
  let overlapped = false;

  beforeAll(async () => {
    receiver = await startReceiver(async (request) => {
      // Each endpoint must see one request at a time: a second concurrent one would be a duplicate risk.
      const count = (inFlight.get(request.path) ?? 0) + 1;
      inFlight.set(request.path, count);
      if (count > 1) overlapped = true;
      await sleep(5 + Math.random() * 20);
      inFlight.set(request.path, (inFlight.get(request.path) ?? 1) - 1);
      return 200;
    });
    const settings = { WEBHOOK_ALLOW_PRIVATE_URLS: true, SCHEDULER_INTERVAL_MS: 200, WEBHOOK_RETRY_BASE_MS: 50 };
    t = await createTestApp(settings);
    second = await buildApp({ ...t.config, ...settings }, { logger: false });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    await second.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await second.close();
    await t.close();
    await receiver.close();
  });

  it('deliver every event to every endpoint exactly once, never two at once to one endpoint', async () => {
    const user = await createUser(t.app);
    const endpoints = [];
    for (let index = 0; index < ENDPOINTS; index += 1) {
      endpoints.push(await createEndpoint(t.app, user, { url: `${receiver.url}/endpoint-${index}` }));
    }
    // Events written through both instances, as requests spread over a load balancer would be.
    for (let index = 0; index < EVENTS; index += 1) {
      const app = index % 2 === 0 ? t.app : second;
      await app.db.transaction().execute((trx) => writeEvents(trx, [{ userId: user.id, type: 'client.created', object: { index } }]));
      app.jobs.wake();
    }
    await receiver.waitFor(ENDPOINTS * EVENTS, 60_000);
    await eventually(async () => {
      const pending = await t.app.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('kind', '=', WEBHOOK_DELIVERY_KIND)
        .where('state', '<>', 'done')
        .executeTakeFirstOrThrow();
      return Number(pending.count) === 0;
    });
    await sleep(500);

    const seen = new Map<string, number>();
    for (const request of receiver.received) {
      const key = `${request.path} ${String(request.headers['webhook-id'])}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect(receiver.received).toHaveLength(ENDPOINTS * EVENTS);
    expect(seen.size).toBe(ENDPOINTS * EVENTS);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(overlapped).toBe(false);
    const attempts = await t.app.db.selectFrom('webhook_delivery_attempts').select(['delivery_id', 'attempt']).execute();
    expect(attempts).toHaveLength(ENDPOINTS * EVENTS);
    expect(attempts.every((attempt) => attempt.attempt === 1)).toBe(true);
  });
});
