import { randomUUID } from 'node:crypto';
import type { App } from '../../src/app.js';
import type { Role } from '../../schemas/users.js';

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
  const role_ = user.role as Role;
  return { id: user.id, email: user.email, role: role_, token: app.signAccessToken({ id: user.id, role: role_ }) };
}

export type TestUser = Awaited<ReturnType<typeof createUser>>;
