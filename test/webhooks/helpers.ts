/** Shared steps of the webhook tests: endpoints, events written the way the app writes them, waiting. */
import type { WebhookEndpointWithSecret } from '../../schemas/webhooks.js';
import { sql } from 'kysely';
import type { App } from '../../src/app.js';
import { WEBHOOK_DELIVERY_KIND } from '../../src/services/events.js';
import { type OutboxEvent, writeEvents } from '../../src/services/events.js';
import { call } from '../helpers/app.js';
import type { TestUser } from '../helpers/users.js';

export async function createEndpoint(app: App, user: TestUser, body: Record<string, unknown>) {
  const { body: endpoint } = await call<WebhookEndpointWithSecret>(
    app,
    { method: 'POST', url: '/api/v1/webhook-endpoints', token: user.token, body },
    201,
  );
  return endpoint;
}

/** Writes the user's events in one transaction, as a change would, and wakes the engine after the commit. */
export async function writeTestEvents(app: App, userId: string, events: Omit<OutboxEvent, 'userId'>[]) {
  const queued = await app.db.transaction().execute((trx) =>
    writeEvents(
      trx,
      events.map((event) => ({ ...event, userId })),
    ),
  );
  if (queued > 0) app.jobs.wake();
}

/** Polls `check` until it returns something truthy; fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function deliveryStates(app: App, endpointId: string) {
  return app.db
    .selectFrom('jobs')
    .select([sql<string>`payload->>'eventId'`.as('event_id'), 'state', 'attempts'])
    .where('kind', '=', WEBHOOK_DELIVERY_KIND)
    .where('lane', '=', endpointId)
    .orderBy('seq')
    .execute();
}
