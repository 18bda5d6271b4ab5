import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/logger.js';
import { call, useTestApp } from '../helpers/app.js';
import { login as logIn, logout, PASSWORD, register } from './sessions.js';

describe('auth logs', () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const t = useTestApp({}, { logger: { level: 'info', stream, redact } });

  it('carry no password, token or hash through register, login, refresh, /me and logout', async () => {
    const session = await register(t.app);
    const { body: login } = await logIn(t.app, session.user.email, PASSWORD, 200);
    await logIn(t.app, session.user.email, 'a wrong password', 401);
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      cookies: { refresh_token: login.refreshToken },
    });
    await call(t.app, { method: 'GET', url: '/api/v1/users/me', token: session.accessToken }, 200);
    await logout(t.app, session.refreshToken, 204);

    const { password_hash } = await t.app.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', session.user.id)
      .executeTakeFirstOrThrow();
    const log = lines.join('\n');
    expect(lines.some((line) => line.includes('/api/v1/auth/login'))).toBe(true);
    const secrets = [
      PASSWORD,
      'a wrong password',
      password_hash,
      session.accessToken,
      session.refreshToken,
      login.accessToken,
      login.refreshToken,
      refreshed.json<{ refreshToken: string }>().refreshToken,
    ];
    for (const secret of secrets) expect(log).not.toContain(secret);
  });

  it('redacts credentials that a handler might log', () => {
    t.app.log.info({ body: { password: 'p4ssw0rd-probe', refreshToken: 'token-probe' } }, 'probe');
    const probe = lines.find((line) => line.includes('"probe"'));
    expect(probe).toContain('[redacted]');
    expect(probe).not.toContain('p4ssw0rd-probe');
    expect(probe).not.toContain('token-probe');
  });
});
