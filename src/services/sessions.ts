/**
 * Registration, login, refresh and logout. Each successful one yields the user and a refresh
 * token; the route adds the access token and the cookie.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { LoginBody, RegisterBody } from '../../schemas/auth.js';
import type { User } from '../../schemas/users.js';
import { AppError } from '../errors.js';
import type { PasswordHasher } from './passwords.js';
import {
  claimRefreshToken,
  issueRefreshToken,
  revokeRefreshTokenFamily,
  rotateRefreshToken,
} from './refresh-tokens.js';
import { findUserByEmail, findUserById, insertUser, replacePasswordHash, toUser } from './users.js';

export interface SessionSettings {
  passwords: PasswordHasher;
  /** Refresh token lifetime in seconds. */
  refreshTtl: number;
}

export interface IssuedSession {
  user: User;
  refreshToken: string;
}

const invalidRefreshToken = () => new AppError('unauthorized', 'The refresh token is missing, unknown, expired or revoked');

export async function registerUser(
  db: Kysely<DB>,
  { passwords, refreshTtl }: SessionSettings,
  { email, password, name }: RegisterBody,
): Promise<IssuedSession> {
  const passwordHash = await passwords.hash(password);
  return db.transaction().execute(async (trx) => {
    const user = await insertUser(trx, { email, password_hash: passwordHash, name: name ?? null });
    const refreshToken = await issueRefreshToken(trx, { userId: user.id, ttlSeconds: refreshTtl });
    return { user: toUser(user), refreshToken };
  });
}

/** Unknown email and wrong password fail alike, after the same amount of hashing work. */
export async function logIn(
  db: Kysely<DB>,
  { passwords, refreshTtl }: SessionSettings,
  { email, password }: LoginBody,
): Promise<IssuedSession> {
  const user = await findUserByEmail(db, email);
  const matches = user ? await passwords.verify(user.password_hash, password) : await passwords.verifyUnknownUser(password);
  if (!user || !matches) throw new AppError('invalid_credentials', 'The email or the password is wrong');
  if (passwords.isWeakerThanConfigured(user.password_hash)) {
    await replacePasswordHash(db, user.id, user.password_hash, await passwords.hash(password));
  }
  const refreshToken = await issueRefreshToken(db, { userId: user.id, ttlSeconds: refreshTtl });
  return { user: toUser(user), refreshToken };
}

/** Rotates the presented token. A reused one revokes its family, committed before the 401. */
export async function refreshSession(
  db: Kysely<DB>,
  refreshTtl: number,
  presented: string | undefined,
): Promise<IssuedSession> {
  if (!presented) throw invalidRefreshToken();
  const rotated = await db.transaction().execute(async (trx) => {
    const claimed = await claimRefreshToken(trx, presented);
    if (!claimed) return undefined;
    const refreshToken = await rotateRefreshToken(trx, claimed, refreshTtl);
    const user = await findUserById(trx, claimed.user_id);
    return user && { user: toUser(user), refreshToken };
  });
  if (!rotated) throw invalidRefreshToken();
  return rotated;
}

/** Revokes the presented token's whole family: every token descended from the same login. */
export async function logOut(db: Kysely<DB>, presented: string | undefined): Promise<void> {
  if (!presented) throw invalidRefreshToken();
  const loggedOut = await db.transaction().execute(async (trx) => {
    const claimed = await claimRefreshToken(trx, presented);
    if (claimed) await revokeRefreshTokenFamily(trx, claimed.family_id);
    return claimed !== undefined;
  });
  if (!loggedOut) throw invalidRefreshToken();
}
