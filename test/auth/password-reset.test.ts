/**
 * Password reset end to end over a real SMTP server started here (messages read back with
 * mailparser): the link arrives, the token is nowhere in the database, confirming sets the
 * password, ends the token and every session; used, expired and unknown tokens, unknown emails and
 * bad bodies are refused or answered alike with nothing written; both routes are rate limited like
 * login; production without SMTP_URL still answers 202 and queues nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { translate } from '../../src/i18n/index.js';
import { redact } from '../../src/logger.js';
import { putProfile } from '../business/helpers.js';
import { type ReceivedMail, type SmtpSink, startSmtpSink, useMailingApp } from '../emails/smtp-sink.js';
import { call, createTestApp, type TestApp } from '../helpers/app.js';
import { rowCounts, schemaTables } from '../helpers/row-counts.js';
import { eventually } from '../webhooks/helpers.js';
import { PASSWORD, login, refresh, register, uniqueEmail } from './sessions.js';

const NEW_PASSWORD = 'a brand new passphrase 2026';
const LINK = /(\S+)\/reset-password\?token=([A-Za-z0-9_-]{43})/;

const requestReset = (app: App, body: unknown, status: number, headers: Record<string, string> = {}) =>
  call<{ code?: string; errors?: { path: string }[] }>(app, { method: 'POST', url: '/api/v1/auth/password-reset', body, headers }, status);

const confirmReset = (app: App, body: unknown, status: number) =>
  call<{ code?: string; errors?: { path: string }[] }>(app, { method: 'POST', url: '/api/v1/auth/password-reset/confirm', body }, status);

/** The origin and token of the message's link, the same in its text and HTML parts. */
function linkOf({ parsed }: ReceivedMail) {
  const [, origin, token] = LINK.exec(parsed.text ?? '') ?? [];
  expect(token, parsed.text).toBeDefined();
  expect(parsed.html).toContain(`href="${origin}/reset-password?token=${token}"`);
  return { origin, token: token! };
}

/** A log stream whose lines a test reads. */
function capturedLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

/** Every count of every table, and the user's password hash: what a refused request must leave alone. */
async function stateOf(app: App, userId?: string) {
  const { password_hash } = userId
    ? await app.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow()
    : { password_hash: null };
  const revoked = await app.db.selectFrom('refresh_tokens').select('revoked_at').where('revoked_at', 'is not', null).execute();
  return { counts: await rowCounts(app.db, await schemaTables(app.db)), password_hash, revoked: revoked.length };
}

describe('password reset over SMTP', { timeout: 60_000 }, () => {
  const log = capturedLog();
  const t = useMailingApp({}, { logger: { level: 'info', stream: log.stream, redact } });

  /** Asks for a reset of `email` and returns the message that arrives and its link. */
  async function resetMail(email: string, headers: Record<string, string> = {}) {
    const { response } = await requestReset(t.app, { email }, 202, headers);
    expect(response.body).toBe('');
    const received = await t.sink.waitFor(t.sink.received.length + 1);
    const mail = received.at(-1)!;
    return { mail, ...linkOf(mail) };
  }

  it('mails a single-use link, keeps no token readable, and the new password ends every session', async () => {
    const session = await register(t.app);
    const { email } = session.user;
    const { mail, origin, token } = await resetMail(` ${email.toUpperCase()} `, { host: 'invoices.example:8443' });

    expect(mail.recipients).toEqual([email]);
    expect(mail.parsed.subject).toBe(translate('en', 'email.passwordReset.subject'));
    expect(mail.parsed.text).toContain(translate('en', 'email.passwordReset.intro'));
    expect(mail.parsed.html).toContain('<html lang="en">');
    // Never where the request's Host says (a forged Host would send the victim's token to the forger):
    // without PUBLIC_URL, the local development address.
    expect(origin).toBe('http://localhost:3000');

    // Stored as its SHA-256 only: not in the reset row, the message or its task.
    const resets = await t.app.db.selectFrom('password_resets').selectAll().where('user_id', '=', session.user.id).execute();
    expect(resets).toHaveLength(1);
    expect(resets[0]!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    const emails = await t.app.db.selectFrom('emails').selectAll().where('user_id', '=', session.user.id).execute();
    expect(emails.map((row) => row.kind)).toEqual(['password_reset']);
    const jobs = await t.app.db.selectFrom('jobs').selectAll().execute();
    for (const rows of [resets, emails, jobs]) expect(JSON.stringify(rows)).not.toContain(token);

    // Sent, never listed, and no email.sent event (it carries a secret link and no business).
    await eventually(async () => (await t.app.db.selectFrom('emails').select('status').where('id', '=', emails[0]!.id).executeTakeFirst())?.status === 'sent');
    const { body: listed } = await call<{ data: unknown[] }>(t.app, { method: 'GET', url: '/api/v1/emails', token: session.accessToken }, 200);
    expect(listed.data).toEqual([]);
    const events = await t.app.db.selectFrom('events').select('type').where('user_id', '=', session.user.id).execute();
    expect(events.filter(({ type }) => type.startsWith('email.'))).toEqual([]);

    await confirmReset(t.app, { token, password: NEW_PASSWORD }, 204);
    await login(t.app, email, PASSWORD, 401);
    await login(t.app, email, NEW_PASSWORD, 200);
    expect((await refresh(t.app, session.refreshToken, 401)).body.code).toBe('unauthorized');

    // Single use: the same token again is refused and changes nothing.
    const before = await stateOf(t.app, session.user.id);
    const { body } = await confirmReset(t.app, { token, password: 'yet another passphrase' }, 400);
    expect(body.code).toBe('validation_failed');
    expect(body.errors?.map(({ path }) => path)).toEqual(['/token']);
    expect(await stateOf(t.app, session.user.id)).toEqual(before);
    await login(t.app, email, NEW_PASSWORD, 200);
    // Logged requests, sends and refusals never show it.
    expect(log.lines.length).toBeGreaterThan(5);
    expect(log.lines.join('\n')).not.toContain(token);
  });

  it('writes the message in the business profile’s language', async () => {
    const session = await register(t.app);
    await putProfile(t.app, session.accessToken, { defaultLanguage: 'de' });
    const { mail } = await resetMail(session.user.email);
    expect(mail.parsed.subject).toBe(translate('de', 'email.passwordReset.subject'));
    expect(mail.parsed.text).toContain(translate('de', 'email.passwordReset.ignore'));
    expect(mail.parsed.html).toContain('<html lang="de">');
  });

  it('keeps an earlier link good next to a newer one until either is used, which ends both', async () => {
    const session = await register(t.app);
    const first = await resetMail(session.user.email);
    const second = await resetMail(session.user.email);
    expect(second.token).not.toBe(first.token);
    await confirmReset(t.app, { token: first.token, password: NEW_PASSWORD }, 204);
    const { body } = await confirmReset(t.app, { token: second.token, password: 'yet another passphrase' }, 400);
    expect(body.errors?.map(({ path }) => path)).toEqual(['/token']);
    await login(t.app, session.user.email, NEW_PASSWORD, 200);
    const resets = await t.app.db.selectFrom('password_resets').select('used_at').where('user_id', '=', session.user.id).execute();
    expect(resets.map(({ used_at }) => used_at !== null)).toEqual([true, true]);
  });

  it('refuses an expired token and an unknown one with 400 naming /token, changing nothing', async () => {
    const session = await register(t.app);
    const { token } = await resetMail(session.user.email);
    await t.app.db.updateTable('password_resets').set({ expires_at: new Date(Date.now() - 1_000) }).where('user_id', '=', session.user.id).execute();
    const before = await stateOf(t.app, session.user.id);
    for (const presented of [token, randomBytes(32).toString('base64url')]) {
      const { body } = await confirmReset(t.app, { token: presented, password: NEW_PASSWORD }, 400);
      expect(body.code).toBe('validation_failed');
      expect(body.errors?.map(({ path }) => path)).toEqual(['/token']);
    }
    expect(await stateOf(t.app, session.user.id)).toEqual(before);
    await login(t.app, session.user.email, PASSWORD, 200);
    await refresh(t.app, session.refreshToken, 200);
  });

  it('answers an unknown email with the same 202 and no body, writing and sending nothing', async () => {
    const before = await stateOf(t.app);
    const { response } = await requestReset(t.app, { email: uniqueEmail() }, 202);
    expect(response.body).toBe('');
    expect(await stateOf(t.app)).toEqual(before);
    expect(t.sink.dataAttempts()).toBe(0);
  });

  describe('refuses bad input with 400 validation_failed, writing nothing', () => {
    const token = randomBytes(32).toString('base64url');
    it.each([
      ['request: no email', 'request', {}, '/email'],
      ['request: an invalid email', 'request', { email: 'nope' }, '/email'],
      ['request: an email that is an array', 'request', { email: ['a@example.test'] }, '/email'],
      ['request: an unknown property', 'request', { email: 'a@example.test', redirect: 'https://evil.example' }, '/redirect'],
      ['confirm: no token', 'confirm', { password: NEW_PASSWORD }, '/token'],
      ['confirm: a malformed token', 'confirm', { token: 'abc', password: NEW_PASSWORD }, '/token'],
      ['confirm: a short password', 'confirm', { token, password: 'short' }, '/password'],
      ['confirm: no password', 'confirm', { token }, '/password'],
      ['confirm: an unknown property', 'confirm', { token, password: NEW_PASSWORD, email: 'a@example.test' }, '/email'],
    ])('%s', async (_name, route, body, path) => {
      const before = await stateOf(t.app);
      const { body: problem } = route === 'request' ? await requestReset(t.app, body, 400) : await confirmReset(t.app, body, 400);
      expect(problem.code).toBe('validation_failed');
      expect(JSON.stringify(problem.errors ?? [])).toContain(path);
      expect(await stateOf(t.app)).toEqual(before);
    });
  });
});

describe('password reset with PUBLIC_URL', { timeout: 60_000 }, () => {
  const t = useMailingApp({ PUBLIC_URL: 'https://billing.example/app' });

  it('links under PUBLIC_URL whatever the request’s Host', async () => {
    const session = await register(t.app);
    await requestReset(t.app, { email: session.user.email }, 202, { host: 'evil.example' });
    const [mail] = await t.sink.waitFor(1);
    expect(linkOf(mail!).origin).toBe('https://billing.example/app');
  });
});

describe('a reset message whose reset expired before the engine sent it', { timeout: 60_000 }, () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    sink = await startSmtpSink();
    // Not listening yet: the engine starts with listen, so the message waits in the queue.
    t = await createTestApp({ SMTP_URL: sink.url, SCHEDULER_INTERVAL_MS: 200 });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('is not sent: the task fails without an SMTP attempt', async () => {
    const session = await register(t.app);
    await requestReset(t.app, { email: session.user.email }, 202);
    await t.app.db.updateTable('password_resets').set({ expires_at: new Date(Date.now() - 1_000) }).where('user_id', '=', session.user.id).execute();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const job = await eventually(async () => {
      const row = await t.app.db.selectFrom('jobs').select(['state', 'last_error']).where('kind', '=', 'email.send').executeTakeFirst();
      return row?.state === 'failed' && row;
    });
    expect(job.last_error).toContain('expired');
    expect(sink.dataAttempts()).toBe(0);
  });
});

describe('password reset rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ AUTH_RATE_LIMIT_MAX: 3, AUTH_IP_RATE_LIMIT_MAX: 8 });
  }, 180_000);
  afterAll(() => t?.close());

  it('limits requests per IP and email like login, and confirms per IP, across emails per IP too', async () => {
    const email = uniqueEmail();
    for (let attempt = 0; attempt < 3; attempt += 1) await requestReset(t.app, { email }, 202);
    const { body, response } = await requestReset(t.app, { email: email.toUpperCase() }, 429);
    expect(body.code).toBe('rate_limited');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.headers['x-ratelimit-limit']).toBe('3');
    // Another email from the same IP has its own budget.
    await requestReset(t.app, { email: uniqueEmail() }, 202);

    const token = randomBytes(32).toString('base64url');
    for (let attempt = 0; attempt < 3; attempt += 1) await confirmReset(t.app, { token, password: NEW_PASSWORD }, 400);
    expect((await confirmReset(t.app, { token: randomBytes(32).toString('base64url'), password: NEW_PASSWORD }, 429)).body.code).toBe('rate_limited');

    // Eight attempts from this IP so far: its limit across routes and emails (login's too) is spent.
    await requestReset(t.app, { email: uniqueEmail() }, 429);
    await call(t.app, { method: 'POST', url: '/api/v1/auth/login', body: { email: uniqueEmail(), password: PASSWORD } }, 429);
  });
});

describe('password reset without SMTP_URL, in production', () => {
  const log = capturedLog();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ NODE_ENV: 'production', SMTP_URL: undefined }, { logger: { level: 'warn', stream: log.stream } });
  }, 180_000);
  afterAll(() => t?.close());

  it('still answers 202, queues nothing and logs a warning', async () => {
    const session = await register(t.app);
    const before = await stateOf(t.app, session.user.id);
    const { response } = await requestReset(t.app, { email: session.user.email }, 202);
    expect(response.body).toBe('');
    expect(await stateOf(t.app, session.user.id)).toEqual(before);
    const warnings = log.lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter(({ level }) => level === 40);
    expect(warnings.map(({ msg }) => msg)).toEqual([expect.stringContaining('cannot send email')]);
  });
});
