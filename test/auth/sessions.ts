/** Helpers for tests that go through the real auth routes. */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { AuthSession } from '../../schemas/auth.js';
import type { App } from '../../src/app.js';
import { call } from '../helpers/app.js';

export const PASSWORD = 'correct horse battery staple';

export const uniqueEmail = () => `user-${randomUUID()}@example.test`;

export async function register(app: App, body: Record<string, unknown> = {}) {
  const { body: session, response } = await call<AuthSession>(
    app,
    { method: 'POST', url: '/api/v1/auth/register', body: { email: uniqueEmail(), password: PASSWORD, ...body } },
    201,
  );
  return { ...session, response };
}

type SessionOrProblem = AuthSession & { code?: string };

export function login(app: App, email: string, password: string, expectedStatus: number) {
  return call<SessionOrProblem>(app, { method: 'POST', url: '/api/v1/auth/login', body: { email, password } }, expectedStatus);
}

export function refresh(app: App, refreshToken: string, expectedStatus: number) {
  return call<SessionOrProblem>(app, { method: 'POST', url: '/api/v1/auth/refresh', body: { refreshToken } }, expectedStatus);
}

export function logout(app: App, refreshToken: string, expectedStatus: number) {
  return call(app, { method: 'POST', url: '/api/v1/auth/logout', body: { refreshToken } }, expectedStatus);
}

/** The Set-Cookie header of the refresh cookie, parsed into its value and attributes. */
export function refreshCookie(response: LightMyRequestResponse) {
  const cookie = response.cookies.find(({ name }) => name === 'refresh_token');
  if (!cookie) throw new Error(`no refresh_token cookie in ${JSON.stringify(response.headers['set-cookie'])}`);
  return cookie;
}

export const countRows = async (app: App, table: 'users' | 'refresh_tokens') =>
  Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
