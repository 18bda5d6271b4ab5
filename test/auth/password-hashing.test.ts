import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultHashSlots } from '../../plugins/password-hashing.js';
import { type TestApp, useTestApp } from '../helpers/app.js';
import { PASSWORD, register } from './sessions.js';

const attempt = (t: TestApp, email: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });

const metricValue = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

describe('password hashing under a login flood', () => {
  // One hash at a time and nobody waiting: every login that finds the slot taken is refused.
  const t = useTestApp({ PASSWORD_HASH_CONCURRENCY: 1, PASSWORD_HASH_QUEUE_MAX: 0, AUTH_IP_RATE_LIMIT_MAX: 1_000, AUTH_RATE_LIMIT_MAX: 1_000 });

  it('refuses the logins past the bound with a 503 problem and Retry-After, and writes nothing for them', async () => {
    const { user } = await register(t.app);
    const tokensBefore = await t.app.db.selectFrom('refresh_tokens').select('id').where('user_id', '=', user.id).execute();
    const before = await (await t.app.inject({ method: 'GET', url: '/metrics' })).body;

    const answers = await Promise.all(Array.from({ length: 6 }, () => attempt(t, user.email)));

    const statuses = answers.map((answer) => answer.statusCode).sort();
    const succeeded = statuses.filter((status) => status === 200).length;
    expect(succeeded).toBeGreaterThanOrEqual(1);
    expect(succeeded).toBeLessThan(6);
    expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
    const refused = answers.find((answer) => answer.statusCode === 503)!;
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.json()).toMatchObject({ status: 503, code: 'service_unavailable' });

    const tokensAfter = await t.app.db.selectFrom('refresh_tokens').select('id').where('user_id', '=', user.id).execute();
    expect(tokensAfter.length - tokensBefore.length).toBe(succeeded);

    const after = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    const delta = (name: string) => metricValue(after, name) - metricValue(before, name);
    expect(delta('invoice_api_password_hashes_total')).toBe(succeeded);
    expect(delta('invoice_api_password_hash_rejections_total')).toBe(6 - succeeded);
    expect(after).toMatch(/^invoice_api_password_hash_queue_seconds_count \d+$/m);
    expect(after).toMatch(/^invoice_api_password_hash_slots\{state="running"\} 0$/m);
  });

  it('answers every login once the flood is over', async () => {
    const { user } = await register(t.app);
    for (let i = 0; i < 3; i += 1) expect((await attempt(t, user.email)).statusCode).toBe(200);
  });
});

describe('password hash slots', () => {
  it('leaves one core to the other requests by default, and always runs at least one hash', () => {
    expect([1, 2, 4, 8].map(defaultHashSlots)).toEqual([1, 1, 3, 7]);
  });

  describe('without PASSWORD_HASH_CONCURRENCY', () => {
    const t = useTestApp();
    it('takes the default from the machine', () => {
      expect(t.app.passwordHashing.limit).toBe(defaultHashSlots(availableParallelism()));
    });
  });

  describe('with PASSWORD_HASH_CONCURRENCY', () => {
    const t = useTestApp({ PASSWORD_HASH_CONCURRENCY: 3 });
    it('runs that many at once', () => {
      expect(t.app.passwordHashing.limit).toBe(3);
    });
  });
});
