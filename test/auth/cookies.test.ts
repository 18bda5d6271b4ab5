import { describe, expect, it } from 'vitest';
import { createTestApp, useTestApp } from '../helpers/app.js';
import { login as logIn, logout, PASSWORD, refresh, register } from './sessions.js';

/** The raw Set-Cookie header for refresh_token, split into its attributes. */
function setCookieAttributes(header: string | string[] | undefined) {
  const cookie = [header ?? []].flat().find((line) => line.startsWith('refresh_token='));
  if (!cookie) throw new Error(`no refresh_token in Set-Cookie: ${JSON.stringify(header)}`);
  const [pair = '', ...attributes] = cookie.split(';').map((part) => part.trim());
  return { value: pair.slice('refresh_token='.length), attributes };
}

describe('refresh cookie', () => {
  const t = useTestApp();

  const expectedAttributes = (ttl: number) =>
    expect.arrayContaining([`Max-Age=${ttl}`, 'Path=/api/v1/auth', 'HttpOnly', 'Secure', 'SameSite=Strict']);

  it('is set by register, login and refresh: HttpOnly, Secure, SameSite=Strict, Path=/api/v1/auth, Max-Age', async () => {
    const session = await register(t.app);
    const registered = setCookieAttributes(session.response.headers['set-cookie']);
    expect(registered.value).toBe(session.refreshToken);
    expect(registered.attributes).toEqual(expectedAttributes(t.config.JWT_REFRESH_TTL));
    expect(registered.attributes).toHaveLength(5);

    const login = await logIn(t.app, session.user.email, PASSWORD, 200);
    expect(setCookieAttributes(login.response.headers['set-cookie'])).toEqual({
      value: login.body.refreshToken,
      attributes: expectedAttributes(t.config.JWT_REFRESH_TTL),
    });

    const refreshed = await refresh(t.app, login.body.refreshToken, 200);
    expect(setCookieAttributes(refreshed.response.headers['set-cookie'])).toEqual({
      value: refreshed.body.refreshToken,
      attributes: expectedAttributes(t.config.JWT_REFRESH_TTL),
    });
  });

  it('comes with Cache-Control: no-store on every response that carries tokens', async () => {
    const session = await register(t.app);
    const login = await logIn(t.app, session.user.email, PASSWORD, 200);
    const refreshed = await refresh(t.app, login.body.refreshToken, 200);
    for (const { headers } of [session.response, login.response, refreshed.response]) {
      expect(headers['cache-control']).toBe('no-store');
    }
  });

  it('is cleared by logout on the same path', async () => {
    const session = await register(t.app);
    const { response } = await logout(t.app, session.refreshToken, 204);
    const cleared = setCookieAttributes(response.headers['set-cookie']);
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toEqual(expect.arrayContaining(['Path=/api/v1/auth', 'HttpOnly', 'SameSite=Strict']));
    const expired = (attribute: string) => attribute === 'Max-Age=0' || attribute.startsWith('Expires=Thu, 01 Jan 1970');
    expect(cleared.attributes.some(expired)).toBe(true);
  });
});

describe('refresh cookie in development', () => {
  it('is not Secure, so it works over plain http on localhost', async () => {
    const t = await createTestApp({ NODE_ENV: 'development', JWT_REFRESH_TTL: 3_600 });
    try {
      const session = await register(t.app);
      const { attributes } = setCookieAttributes(session.response.headers['set-cookie']);
      expect(attributes).not.toContain('Secure');
      expect(attributes).toEqual(
        expect.arrayContaining(['Max-Age=3600', 'Path=/api/v1/auth', 'HttpOnly', 'SameSite=Strict']),
      );
    } finally {
      await t.close();
    }
  });
});
