import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compiledQuery } from '../../db/compiled-queries.js';
import { useTestApp } from '../helpers/app.js';

const usersPage = compiledQuery('test_users_page', (db, values: { take: number; email?: string; role?: 'user' | 'admin' }) => {
  let users = db.selectFrom('users').select(['email', 'role']).orderBy('email').limit(values.take);
  if (values.email !== undefined) users = users.where('email', '=', values.email);
  if (values.role !== undefined) users = users.where('role', '=', values.role);
  return users;
});

describe('compiled queries', () => {
  const t = useTestApp();

  it('fills each call’s values into the query compiled for the values it gives', async () => {
    const emails = ['compiled-a@example.test', 'compiled-b@example.test', 'compiled-c@example.test'];
    await t.app.db
      .insertInto('users')
      .values(emails.map((email, index) => ({ email, password_hash: 'unused', role: index === 2 ? 'admin' : 'user' })))
      .execute();
    expect(await usersPage(t.app.db, { take: 5, email: emails[1] })).toEqual([{ email: emails[1], role: 'user' }]);
    expect(await usersPage(t.app.db, { take: 5, email: emails[0] })).toEqual([{ email: emails[0], role: 'user' }]);
    expect(await usersPage(t.app.db, { take: 5, email: emails[2], role: 'user' })).toEqual([]);
    expect(await usersPage(t.app.db, { take: 5, email: emails[2], role: 'admin' })).toEqual([{ email: emails[2], role: 'admin' }]);
    // An undefined value is a filter not given, not a filter on NULL.
    const some = await usersPage(t.app.db, { take: 2, email: undefined, role: undefined });
    expect(some).toHaveLength(2);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('runs as a named prepared statement on PostgreSQL, and other queries unnamed', async () => {
    const prepared = await t.app.db.transaction().execute(async (trx) => {
      await usersPage(trx, { take: 1, role: 'admin' });
      await trx.selectFrom('users').select('id').limit(1).execute();
      return sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(trx);
    });
    const names = prepared.rows.map((row) => row.name);
    expect(names.some((name) => /^test_users_page_[0-9a-f]{12}$/.test(name))).toBe(true);
    expect(prepared.rows.every((row) => row.name !== '' && !/limit \$1$/i.test(row.statement) || /test_users_page/.test(row.name))).toBe(true);
  });
});
