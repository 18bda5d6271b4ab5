import { randomUUID } from 'node:crypto';
import { beforeAll } from 'vitest';
import type { App } from '../../src/app.js';
import type { Role } from '../../schemas/users.js';
import type { TestApp } from './app.js';

/**
 * Inserts a user directly and signs an access token for it, so domain tests do not depend on
 * the auth routes. The password hash is a placeholder: these users never log in.
 */
export async function createUser(app: App, role: Role = 'user') {
  const user = await app.db
    .insertInto('users')
    .values({ email: `user-${randomUUID()}@example.test`, name: 'Test User', password_hash: 'not-a-hash', role })
    .returning(['id', 'email', 'role'])
    .executeTakeFirstOrThrow();
  return { id: user.id, email: user.email, role: user.role, token: app.signAccessToken({ id: user.id, role: user.role }) };
}

export type TestUser = Awaited<ReturnType<typeof createUser>>;

/** A user created before the suite's tests (after the app of `useTestApp`); read it inside hooks and tests. */
export function useTestUser(t: TestApp, role: Role = 'user'): TestUser {
  const user = { id: '', email: '', role, token: '' };
  beforeAll(async () => {
    Object.assign(user, await createUser(t.app, role));
  });
  return user;
}
