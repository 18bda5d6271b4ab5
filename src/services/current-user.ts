/** Changes to the signed-in user's own account: name freely; email and password only with proof. */
import type { Transaction, Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { UpdateCurrentUserBody, User } from '../../schemas/users.js';
import { AppError, userGone } from '../errors.js';
import type { PasswordHasher } from './passwords.js';
import { revokeAllRefreshTokens } from './refresh-tokens.js';
import { findUserById, lockUserById, toUser, updateUser } from './users.js';

export async function getCurrentUser(db: Executor, userId: string): Promise<User> {
  const user = await findUserById(db, userId);
  if (!user) throw userGone();
  return toUser(user);
}

/** The sent changes, with the new password (if any) hashed: done before the transaction opens. */
export type CurrentUserChanges = Omit<UpdateCurrentUserBody, 'password'> & { passwordHash?: string };

export async function hashNewPassword(
  passwords: PasswordHasher,
  { password, ...rest }: UpdateCurrentUserBody,
): Promise<CurrentUserChanges> {
  return password === undefined ? rest : { ...rest, passwordHash: await passwords.hash(password) };
}

/**
 * Applies the sent changes under the user's row lock. Changing the email (to a different one) or
 * the password needs the correct current password; a new password revokes every refresh token.
 */
export async function updateCurrentUser(
  trx: Transaction<DB>,
  passwords: PasswordHasher,
  userId: string,
  { name, email, passwordHash, currentPassword }: CurrentUserChanges,
): Promise<User> {
  const user = await lockUserById(trx, userId);
  if (!user) throw userGone();
  const newEmail = email !== undefined && email !== user.email ? email : undefined;
  if (newEmail !== undefined || passwordHash !== undefined) {
    const proven = currentPassword !== undefined && (await passwords.verify(user.password_hash, currentPassword));
    if (!proven) throw new AppError('forbidden', 'Changing the email or password needs the correct currentPassword');
  }
  const changes: Updateable<DB['users']> = {
    ...(name !== undefined ? { name } : {}),
    ...(newEmail !== undefined ? { email: newEmail } : {}),
    ...(passwordHash !== undefined ? { password_hash: passwordHash } : {}),
  };
  if (Object.keys(changes).length === 0) return toUser(user);
  const updated = await updateUser(trx, userId, changes);
  if (passwordHash !== undefined) await revokeAllRefreshTokens(trx, userId);
  return toUser(updated);
}
