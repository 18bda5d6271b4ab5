/**
 * API keys: created with a login session, used as `Authorization: Bearer ik_…`. Only a SHA-256 of
 * a key is stored; a request's key is found by that hash with one indexed query, or in the
 * instance's cache of verified keys (src/services/api-key-cache.ts). Whatever changes a user's
 * keys (a deletion, the user's role) notifies every instance in its transaction, so each forgets
 * what it cached of them the moment it commits.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Selectable, type Transaction, sql } from 'kysely';
import { compiledQuery } from '../../db/compiled-queries.js';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { ApiKey, ApiKeyScope, ApiKeyWithSecret, CreateApiKeyBody } from '../../schemas/api-keys.js';
import type { PageOf, PageQuery } from '../../schemas/common.js';
import type { Role } from '../../schemas/users.js';
import { AppError, notFound } from '../errors.js';
import type { ApiKeyCache } from './api-key-cache.js';
import { paginate } from './pagination.js';

export const API_KEY_PREFIX = 'ik_';
/** `lastUsedAt` is written at most this often per key, so a busy key does not write on every request. */
const LAST_USED_RESOLUTION_SECONDS = 60;
/** The channel a change to a user's keys is notified on, with the user's id as payload. */
export const API_KEYS_CHANNEL = 'invoice_api_keys';

type ApiKeyRow = Selectable<DB['api_keys']>;

/** The part of a key shown again in lists: `ik_` and the next 8 characters. */
export const apiKeyPrefix = (key: string) => key.slice(0, API_KEY_PREFIX.length + 8);

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
  };
}

/** `expiresAt` as stored, refused unless it is a real instant in the future. */
function futureInstant(expiresAt: string | null | undefined): string | null {
  if (expiresAt === undefined || expiresAt === null) return null;
  const ms = Date.parse(expiresAt);
  // Date.parse refuses what the date-time format allows but no clock shows (a leap second :60).
  if (Number.isNaN(ms) || ms <= Date.now()) {
    throw new AppError('validation_failed', 'expiresAt must be a real instant in the future', [
      { path: '/expiresAt', message: 'must be a date-time in the future' },
    ]);
  }
  return new Date(ms).toISOString();
}

export async function createApiKey(trx: Transaction<DB>, userId: string, body: CreateApiKeyBody): Promise<ApiKeyWithSecret> {
  const expiresAt = futureInstant(body.expiresAt);
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await trx
    .insertInto('api_keys')
    .values({
      user_id: userId,
      name: body.name,
      scope: body.scope,
      prefix: apiKeyPrefix(key),
      key_hash: hashApiKey(key),
      expires_at: expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...toApiKey(row), key };
}

export async function listApiKeys(db: Executor, userId: string, query: PageQuery): Promise<PageOf<ApiKey>> {
  const keys = db.selectFrom('api_keys').selectAll().where('user_id', '=', userId);
  const page = await paginate(keys, query, { createdAt: 'api_keys.created_at', id: 'api_keys.id' });
  return { data: page.data.map(toApiKey), nextCursor: page.nextCursor };
}

export async function getApiKey(db: Executor, userId: string, id: string): Promise<ApiKey> {
  const row = await db.selectFrom('api_keys').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('API key');
  return toApiKey(row);
}

export async function deleteApiKey(trx: Transaction<DB>, userId: string, id: string): Promise<void> {
  const { numDeletedRows } = await trx.deleteFrom('api_keys').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  if (numDeletedRows === 0n) throw notFound('API key');
  await notifyApiKeysChanged(trx, userId);
}

const changedIn = new WeakMap<Transaction<DB>, Set<string>>();

/** The users whose keys work in `trx` changed (this instance forgets them once it commits). */
export const usersWithApiKeysChangedIn = (trx: Transaction<DB>): ReadonlySet<string> | undefined => changedIn.get(trx);

/** Makes every instance forget its cached verifications of the user's keys once `trx` commits. */
export async function notifyApiKeysChanged(trx: Transaction<DB>, userId: string): Promise<void> {
  changedIn.set(trx, (changedIn.get(trx) ?? new Set()).add(userId));
  await sql`select pg_notify(${API_KEYS_CHANNEL}, ${userId})`.execute(trx);
}

/** Who a valid key authenticates: its user, with the key's id and scope. */
export interface ApiKeyPrincipal {
  userId: string;
  role: Role;
  keyId: string;
  scope: ApiKeyScope;
}

const findLiveKey = compiledQuery('find_live_api_key', (db, { keyHash }: { keyHash: string }) =>
  db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .select(['api_keys.id', 'api_keys.user_id', 'api_keys.scope', 'api_keys.expires_at', 'api_keys.last_used_at', 'users.role'])
    .select(
      sql<boolean>`api_keys.last_used_at is null
        or api_keys.last_used_at < now() - make_interval(secs => ${LAST_USED_RESOLUTION_SECONDS})`.as('use_is_stale'),
    )
    .where('api_keys.key_hash', '=', keyHash)
    .where((eb) => eb.or([eb('api_keys.expires_at', 'is', null), eb('api_keys.expires_at', '>', sql<string>`now()`)])),
);

const touchKey = compiledQuery('touch_api_key', (db, { id }: { id: string }) =>
  db
    .updateTable('api_keys')
    .set({ last_used_at: sql<string>`now()` })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('last_used_at', 'is', null),
        eb('last_used_at', '<', sql<string>`now() - make_interval(secs => ${LAST_USED_RESOLUTION_SECONDS})`),
      ]),
    ),
);

/**
 * The principal of a live (existing, unexpired) key, or null; records its use at most once a
 * minute. A cached verification is used as long as the key has not expired by its own expiresAt.
 */
export async function authenticateApiKey(db: Executor, cache: ApiKeyCache<ApiKeyPrincipal>, key: string): Promise<ApiKeyPrincipal | null> {
  const keyHash = hashApiKey(key);
  const now = Date.now();
  const cached = cache.get(keyHash);
  if (cached) {
    if (cached.expiresAtMs !== null && cached.expiresAtMs <= now) {
      cache.delete(keyHash);
      return null;
    }
    if (now - cached.lastUsedMs >= LAST_USED_RESOLUTION_SECONDS * 1000) {
      cached.lastUsedMs = now;
      await touchKey(db, { id: cached.value.keyId });
    }
    return cached.value;
  }
  const ticket = cache.ticket();
  const [found] = await findLiveKey(db, { keyHash });
  if (!found) return null;
  if (found.use_is_stale) await touchKey(db, { id: found.id });
  const principal = { userId: found.user_id, role: found.role, keyId: found.id, scope: found.scope };
  cache.set(ticket, keyHash, {
    value: principal,
    expiresAtMs: found.expires_at === null ? null : Date.parse(found.expires_at),
    lastUsedMs: found.use_is_stale || found.last_used_at === null ? now : Date.parse(found.last_used_at),
  });
  return principal;
}
