/**
 * Registration, login, refresh and logout. Each successful one yields the user and a refresh
 * token; the route adds the access token and the cookie. Passwords are hashed and checked before
 * the transaction opens, so the slow part holds no connection and no lock.
 */
import type { Transaction } from 'kysely';
import type { Executor } from '../../db/database.js';
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
import { type UserRow, findUserByEmail, findUserById, insertUser, replacePasswordHash, toUser } from './users.js';

export interface IssuedSession {
  user: User;
  refreshToken: string;
}

/** A registration whose password is already hashed. */
export type Registration = Omit<RegisterBody, 'password'> & { passwordHash: string };

/** Credentials that matched: the user, and a stronger hash of the password when its stored one is weaker than configured. */
export interface CheckedCredentials {
  user: UserRow;
  strongerHash?: string;
}

export const invalidRefreshToken = () =>
  new AppError('unauthorized', 'The refresh token is missing, unknown, expired or revoked');

export async function hashRegistration(passwords: PasswordHasher, { password, ...rest }: RegisterBody): Promise<Registration> {
  return { ...rest, passwordHash: await passwords.hash(password) };
}

export async function registerUser(
  trx: Transaction<DB>,
  refreshTtl: number,
  { email, passwordHash, name }: Registration,
): Promise<IssuedSession> {
  const user = await insertUser(trx, { email, password_hash: passwordHash, name: name ?? null });
  const refreshToken = await issueRefreshToken(trx, { userId: user.id, ttlSeconds: refreshTtl });
  return { user: toUser(user), refreshToken };
}

/** Unknown email and wrong password fail alike, after the same amount of hashing work. */
export async function checkCredentials(
  db: Executor,
  passwords: PasswordHasher,
  { email, password }: LoginBody,
): Promise<CheckedCredentials> {
  const user = await findUserByEmail(db, email);
  const matches = user ? await passwords.verify(user.password_hash, password) : await passwords.verifyUnknownUser(password);
  if (!user || !matches) throw new AppError('invalid_credentials', 'The email or the password is wrong');
  if (!passwords.isWeakerThanConfigured(user.password_hash)) return { user };
  return { user, strongerHash: await passwords.hash(password) };
}

/** Starts a new refresh-token family for checked credentials, upgrading a weak stored hash. */
export async function logIn(
  trx: Transaction<DB>,
  refreshTtl: number,
  { user, strongerHash }: CheckedCredentials,
): Promise<IssuedSession> {
  if (strongerHash) await replacePasswordHash(trx, user.id, user.password_hash, strongerHash);
  const refreshToken = await issueRefreshToken(trx, { userId: user.id, ttlSeconds: refreshTtl });
  return { user: toUser(user), refreshToken };
}

/**
 * Rotates the presented token; undefined when it is refused. A reused one has then revoked its
 * family, which the caller commits before answering 401 (see `invalidRefreshToken`).
 */
export async function refreshSession(
  trx: Transaction<DB>,
  refreshTtl: number,
  presented: string,
): Promise<IssuedSession | undefined> {
  const claimed = await claimRefreshToken(trx, presented);
  if (!claimed) return undefined;
  const refreshToken = await rotateRefreshToken(trx, claimed, refreshTtl);
  const user = await findUserById(trx, claimed.user_id);
  return user && { user: toUser(user), refreshToken };
}

/** Revokes the presented token's whole family (every token descended from the same login); false when refused. */
export async function logOut(trx: Transaction<DB>, presented: string): Promise<boolean> {
  const claimed = await claimRefreshToken(trx, presented);
  if (claimed) await revokeRefreshTokenFamily(trx, claimed.family_id);
  return claimed !== undefined;
}
