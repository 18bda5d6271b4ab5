import { describe, expect, it } from 'vitest';
import type { User } from '../../schemas/users.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser } from '../helpers/users.js';

interface UserPage {
  data: User[];
  nextCursor: string | null;
}

describe('GET /users', () => {
  const t = useTestApp();

  it('answers 403 forbidden to a non-admin', async () => {
    const user = await createUser(t.app);
    const { body } = await call(t.app, { method: 'GET', url: '/api/v1/users' }, 401);
    expect(body.code).toBe('unauthorized');
    const { body: problem } = await call(t.app, { method: 'GET', url: '/api/v1/users', token: user.token }, 403);
    expect(problem).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('pages through every user, newest first, for an admin, with no hash anywhere', async () => {
    const admin = await createUser(t.app, 'admin');
    for (let i = 0; i < 4; i += 1) await createUser(t.app);
    const all = await t.app.db.selectFrom('users').select('id').orderBy('created_at', 'desc').orderBy('id', 'desc').execute();

    const seen: User[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const { body } = await call<UserPage>(t.app, { method: 'GET', url, token: admin.token }, 200);
      expect(body.data.length).toBeLessThanOrEqual(2);
      expect(JSON.stringify(body)).not.toMatch(/hash|password/i);
      seen.push(...body.data);
      cursor = body.nextCursor;
    } while (cursor);

    expect(seen.map((user) => user.id)).toEqual(all.map((row) => row.id));
    expect(seen.find((user) => user.id === admin.id)).toMatchObject({ email: admin.email, role: 'admin' });
  });

  it('rejects a malformed cursor and an out-of-range limit with 400', async () => {
    const admin = await createUser(t.app, 'admin');
    for (const query of ['cursor=garbage', 'limit=0', 'limit=101']) {
      const { body } = await call(t.app, { method: 'GET', url: `/api/v1/users?${query}`, token: admin.token }, 400);
      expect(body.code).toBe('validation_failed');
    }
  });
});
