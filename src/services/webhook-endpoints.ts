/**
 * Webhook endpoints: a user's URLs, their event filters and signing secrets. The secret is
 * returned only when created or rotated; a rotation keeps the previous secret signing beside
 * the new one for 24 hours, so receivers can switch without losing a delivery.
 */
import { type Selectable, type Transaction, type UpdateObject, sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { PageQuery } from '../../schemas/common.js';
import type {
  CreateWebhookEndpointBody,
  UpdateWebhookEndpointBody,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '../../schemas/webhooks.js';
import { AppError, notFound } from '../errors.js';
import { generateSecret } from '../webhooks/signature.js';
import { UnsafeUrlError, checkWebhookUrl, withLowerCaseScheme } from '../webhooks/url-guard.js';
import type { PageOf } from '../../schemas/common.js';
import { paginate } from './pagination.js';
import { assertIfMatch } from './preconditions.js';
import { representationEtag } from '../etag.js';

export const SECRET_OVERLAP_HOURS = 24;

type EndpointRow = Selectable<DB['webhook_endpoints']>;

export function toWebhookEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events as WebhookEndpoint['events'],
    enabled: row.enabled,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const withSecret = (row: EndpointRow): WebhookEndpointWithSecret => ({ ...toWebhookEndpoint(row), secret: row.secret });

/**
 * Refuses a URL the server may not call (a 400 on the `url` field, saying why). It may resolve
 * DNS, so callers run it before opening the write's transaction.
 */
export async function assertWebhookUrlAllowed(url: string | undefined, allowPrivate: boolean): Promise<void> {
  if (url === undefined) return;
  try {
    await checkWebhookUrl(url, allowPrivate);
  } catch (error) {
    if (!(error instanceof UnsafeUrlError)) throw error;
    throw new AppError('validation_failed', `url is not allowed: ${error.message}`, [{ path: '/url', message: error.message }]);
  }
}

/** Creates an endpoint whose URL `assertWebhookUrlAllowed` accepted. */
export async function createWebhookEndpoint(
  trx: Transaction<DB>,
  userId: string,
  body: CreateWebhookEndpointBody,
): Promise<WebhookEndpointWithSecret> {
  const row = await trx
    .insertInto('webhook_endpoints')
    .values({
      user_id: userId,
      url: withLowerCaseScheme(body.url),
      description: body.description ?? null,
      events: body.events ?? ['*'],
      secret: generateSecret(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return withSecret(row);
}

export async function listWebhookEndpoints(db: Executor, userId: string, query: PageQuery): Promise<PageOf<WebhookEndpoint>> {
  const endpoints = db.selectFrom('webhook_endpoints').selectAll().where('user_id', '=', userId);
  const page = await paginate(endpoints, query, { createdAt: 'webhook_endpoints.created_at', id: 'webhook_endpoints.id' });
  return { data: page.data.map(toWebhookEndpoint), nextCursor: page.nextCursor };
}

/** The user's endpoint row, or undefined when it does not exist or belongs to someone else. */
export function findWebhookEndpointRow(db: Executor, userId: string, id: string): Promise<EndpointRow | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
}

export async function getWebhookEndpoint(db: Executor, userId: string, id: string): Promise<WebhookEndpoint> {
  const row = await findWebhookEndpointRow(db, userId, id);
  if (!row) throw notFound('Webhook endpoint');
  return toWebhookEndpoint(row);
}

/** Changes an endpoint; a new URL must have passed `assertWebhookUrlAllowed`. */
export async function updateWebhookEndpoint(
  trx: Transaction<DB>,
  userId: string,
  id: string,
  body: UpdateWebhookEndpointBody,
  ifMatch?: string,
): Promise<WebhookEndpoint> {
  if (ifMatch !== undefined) {
    const current = await trx
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound('Webhook endpoint');
    assertIfMatch(ifMatch, representationEtag(toWebhookEndpoint(current)));
  }
  const row = await updateEndpointRow(trx, userId, id, {
    url: body.url === undefined ? undefined : withLowerCaseScheme(body.url),
    events: body.events,
    description: body.description,
    enabled: body.enabled,
    updated_at: sql`now()`,
  });
  return toWebhookEndpoint(row);
}

export async function deleteWebhookEndpoint(trx: Transaction<DB>, userId: string, id: string): Promise<void> {
  const { numDeletedRows } = await trx
    .deleteFrom('webhook_endpoints')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (numDeletedRows === 0n) throw notFound('Webhook endpoint');
}

/** A new secret; the current one keeps signing, beside it, for SECRET_OVERLAP_HOURS. */
export async function rotateWebhookSecret(trx: Transaction<DB>, userId: string, id: string): Promise<WebhookEndpointWithSecret> {
  const row = await updateEndpointRow(trx, userId, id, {
    previous_secret: sql.ref<string>('secret'),
    previous_secret_expires_at: sql<string>`now() + make_interval(hours => ${SECRET_OVERLAP_HOURS})`,
    secret: generateSecret(),
    updated_at: sql`now()`,
  });
  return withSecret(row);
}

/** Sets columns of the user's endpoint and returns its row; 404 when there is no such endpoint of theirs. */
async function updateEndpointRow(trx: Transaction<DB>, userId: string, id: string, columns: UpdateObject<DB, 'webhook_endpoints'>) {
  const row = await trx
    .updateTable('webhook_endpoints')
    .set(columns)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('Webhook endpoint');
  return row;
}
