/**
 * Password reset (contract v1.2 "Email"): a request queues a message with a single-use link valid
 * 30 minutes; confirming it sets the new password, uses up every reset of the user and revokes
 * every refresh token.
 *
 * The token is stored nowhere a database reader sees it. It is the HMAC-SHA-256 of the reset row's
 * id under a key derived from the server's secret (32 bytes, base64url); the row keeps only the
 * token's SHA-256, to find the row by, and the queued message a slot the engine fills in as it
 * hands the message to the transport (plugins/emails.ts). So the database holds neither a token
 * nor what makes one, and nothing needs to carry the token from the request to the send.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { type Transaction, sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../errors.js';
import { defaultLanguage } from '../i18n/index.js';
import { passwordResetMessage } from '../mail/password-reset-message.js';
import { queueEmail } from './emails.js';
import { revokeAllRefreshTokens } from './refresh-tokens.js';
import { updateUser } from './users.js';

const RESET_TTL_MS = 30 * 60_000;

/** A reset row's id → its token. */
export type ResetTokenOf = (resetId: string) => string;

/** Tokens under a key derived for this one use from the server's secret, so the secret signs nothing else here. */
export function resetTokens(secret: string): ResetTokenOf {
  const key = createHmac('sha256', secret).update('password-reset-token').digest();
  return (resetId) => createHmac('sha256', key).update(resetId).digest('base64url');
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ResetRequest {
  /** Normalised. */
  email: string;
  /** Where the link points: PUBLIC_URL, else the local development address (never the request's Host). */
  origin: string;
  tokenOf: ResetTokenOf;
}

/**
 * Queues the reset message of the account with this email, when there is one; true when it did.
 * An unknown email goes through the same lookup, derivation and rendering and only writes
 * nothing, so the answer comes in about the same time either way.
 */
export async function requestPasswordReset(trx: Transaction<DB>, { email, origin, tokenOf }: ResetRequest): Promise<boolean> {
  const account = await trx
    .selectFrom('users')
    .leftJoin('business_profiles', 'business_profiles.user_id', 'users.id')
    .select(['users.id', 'users.email', 'business_profiles.default_language'])
    .where('users.email', '=', email)
    .executeTakeFirst();
  const id = randomUUID();
  const hash = tokenHash(tokenOf(id));
  const language = account?.default_language ?? defaultLanguage;
  const message = passwordResetMessage(language, origin);
  if (!account) return false;
  const queued = await queueEmail(trx, { userId: account.id, kind: 'password_reset', to: [account.email], replyTo: null, language, ...message });
  await trx
    .insertInto('password_resets')
    .values({ id, user_id: account.id, email_id: queued.id, token_hash: hash, expires_at: new Date(Date.now() + RESET_TTL_MS) })
    .execute();
  return true;
}

const unusableToken = () =>
  new AppError('validation_failed', 'The reset token is unknown, already used or expired', [
    { path: '/token', message: 'is unknown, already used or expired: ask for a new reset' },
  ]);

/**
 * Sets the new password (hashed before the transaction) of the token's user, uses up every
 * reset of that user and revokes all their refresh tokens; a token unknown, used or expired is a
 * 400 naming /token. The row lock makes a token good for one confirm even when two race.
 */
export async function confirmPasswordReset(trx: Transaction<DB>, token: string, passwordHash: string): Promise<void> {
  const reset = await trx
    .selectFrom('password_resets')
    .select('user_id')
    .where('token_hash', '=', tokenHash(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`)
    .forUpdate()
    .executeTakeFirst();
  if (!reset) throw unusableToken();
  await trx
    .updateTable('password_resets')
    .set({ used_at: sql<string>`now()` })
    .where('user_id', '=', reset.user_id)
    .where('used_at', 'is', null)
    .execute();
  await updateUser(trx, reset.user_id, { password_hash: passwordHash });
  await revokeAllRefreshTokens(trx, reset.user_id);
}

/** The token of the live reset a queued message carries, or null once it is used, expired or gone (then nothing is sent). */
export async function liveResetToken(db: Executor, emailId: string, tokenOf: ResetTokenOf): Promise<string | null> {
  const reset = await db
    .selectFrom('password_resets')
    .select('id')
    .where('email_id', '=', emailId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`)
    .executeTakeFirst();
  return reset ? tokenOf(reset.id) : null;
}

/** Deletes the resets past their expiry, used or not; returns how many. */
export async function pruneExpiredPasswordResets(trx: Transaction<DB>): Promise<number> {
  const result = await trx.deleteFrom('password_resets').where('expires_at', '<=', sql<string>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
