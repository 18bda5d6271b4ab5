/**
 * Opaque refresh tokens, stored only as their SHA-256. Each login or registration starts a
 * family; each refresh revokes the presented token and issues its successor in the same family.
 * Presenting a revoked token again means a copy leaked: the whole family is revoked, the newest
 * token included, so both the thief and the victim must log in again.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { DB } from '../../db/types.js';

export type RefreshTokenRow = Selectable<DB['refresh_tokens']>;

const TOKEN_BYTES = 32;

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Stores a new token (in `familyId`, or a new family) and returns its only plain copy. */
export async function issueRefreshToken(
  trx: Transaction<DB>,
  { userId, ttlSeconds, familyId = randomUUID() }: { userId: string; ttlSeconds: number; familyId?: string },
): Promise<string> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  await trx
    .insertInto('refresh_tokens')
    .values({
      user_id: userId,
      family_id: familyId,
      token_hash: hashRefreshToken(token),
      expires_at: new Date(Date.now() + ttlSeconds * 1_000),
    })
    .execute();
  return token;
}

export async function revokeRefreshTokenFamily(trx: Transaction<DB>, familyId: string) {
  await trx
    .updateTable('refresh_tokens')
    .set({ revoked_at: new Date() })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeAllRefreshTokens(trx: Transaction<DB>, userId: string) {
  await trx
    .updateTable('refresh_tokens')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * Locks the presented token's row and returns it when it is usable. A revoked one revokes its
 * family (the caller must commit that before answering 401); unknown or expired ones are refused.
 */
export async function claimRefreshToken(trx: Transaction<DB>, token: string): Promise<RefreshTokenRow | undefined> {
  const row = await trx
    .selectFrom('refresh_tokens')
    .selectAll()
    .where('token_hash', '=', hashRefreshToken(token))
    .forUpdate()
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.revoked_at) {
    await revokeRefreshTokenFamily(trx, row.family_id);
    return undefined;
  }
  return Date.parse(row.expires_at) > Date.now() ? row : undefined;
}

/** Revokes a claimed token and issues its successor in the same family. */
export async function rotateRefreshToken(trx: Transaction<DB>, claimed: RefreshTokenRow, ttlSeconds: number) {
  await trx.updateTable('refresh_tokens').set({ revoked_at: new Date() }).where('id', '=', claimed.id).execute();
  return issueRefreshToken(trx, { userId: claimed.user_id, familyId: claimed.family_id, ttlSeconds });
}
