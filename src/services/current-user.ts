/** Changes to the signed-in user's own account: name freely; email and password only with proof. */
import type { Kysely, Updateable } from 'kysely';
import type { DB } from '../../db/types.js';
import type { UpdateCurrentUserBody, User } from '../../schemas/users.js';
import { AppError } from '../errors.js';
import type { PasswordHasher } from './passwords.js';
import { revokeAllRefreshTokens } from './refresh-tokens.js';
import { findUserById, lockUserById, toUser, updateUser } from './users.js';

export const userGone = () => new AppError('unauthorized', 'The user of this access token no longer exists');

export async function getCurrentUser(db: Kysely<DB>, userId: string): Promise<User> {
  const user = await findUserById(db, userId);
  if (!user) throw userGone();
  return toUser(user);
}

/**
 * Applies the sent changes under the user's row lock. Changing the email (to a different one) or
 * the password needs the correct current password; a new password revokes every refresh token.
 */
export async function updateCurrentUser(
  db: Kysely<DB>,
  passwords: PasswordHasher,
  userId: string,
  { name, email, password, currentPassword }: UpdateCurrentUserBody,
): Promise<User> {
  // Hashed before the transaction so the row lock is not held for the slow part twice.
  const passwordHash = password === undefined ? undefined : await passwords.hash(password);
  return db.transaction().execute(async (trx) => {
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
  });
}
