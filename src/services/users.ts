/**
 * User rows in and out: the one place a row becomes the API's User (never with its hash), and
 * the queries on the users table. Emails arrive already normalised (see normalise-email.ts).
 */
import type { Insertable, Selectable, Transaction, Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { PageQuery } from '../../schemas/common.js';
import type { Role, User } from '../../schemas/users.js';
import { AppError } from '../errors.js';
import { notifyApiKeysChanged } from './api-keys.js';
import { paginate } from './pagination.js';
import { isUniqueViolation } from '../../db/postgres-errors.js';

export type UserRow = Selectable<DB['users']>;

const publicColumns = ['id', 'email', 'name', 'role', 'created_at', 'updated_at'] as const;
type PublicUserRow = Pick<UserRow, (typeof publicColumns)[number]>;

export function toUser(row: PublicUserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const emailTaken = () => new AppError('email_taken', 'An account with this email already exists');

/** Runs a write that may hit users_email_key and reports that as 409 email_taken. */
async function guardEmailUniqueness<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) throw emailTaken();
    throw error;
  }
}

export function insertUser(trx: Transaction<DB>, values: Insertable<DB['users']>): Promise<UserRow> {
  return guardEmailUniqueness(trx.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow());
}

export function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUserById(db: Executor, id: string): Promise<PublicUserRow | undefined> {
  return db.selectFrom('users').select(publicColumns).where('id', '=', id).executeTakeFirst();
}

export function lockUserById(trx: Transaction<DB>, id: string): Promise<UserRow | undefined> {
  return trx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateUser(trx: Transaction<DB>, id: string, changes: Updateable<DB['users']>): Promise<UserRow> {
  return guardEmailUniqueness(
    trx
      .updateTable('users')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

/** Replaces the hash only if it is still the one that was verified, so a concurrent change wins. */
export async function replacePasswordHash(trx: Transaction<DB>, id: string, verifiedHash: string, newHash: string) {
  await trx
    .updateTable('users')
    .set({ password_hash: newHash })
    .where('id', '=', id)
    .where('password_hash', '=', verifiedHash)
    .execute();
}

export async function listUsers(db: Executor, page: PageQuery) {
  const { data, nextCursor } = await paginate(db.selectFrom('users').select(publicColumns), page, {
    createdAt: 'users.created_at',
    id: 'users.id',
  });
  return { data: data.map(toUser), nextCursor };
}

/** Sets the role of the user with this (normalised) email; undefined when there is none. */
export async function setUserRole(trx: Transaction<DB>, email: string, role: Role): Promise<User | undefined> {
  const row = await trx
    .updateTable('users')
    .set({ role, updated_at: new Date() })
    .where('email', '=', email)
    .returning(publicColumns)
    .executeTakeFirst();
  // Its API keys act with its role: instances forget what they cached of them.
  if (row) await notifyApiKeysChanged(trx, row.id);
  return row && toUser(row);
}
