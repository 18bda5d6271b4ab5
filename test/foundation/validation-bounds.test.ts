/**
 * A body within the size limit can hold ~100,000 validation errors: the answer names a bounded
 * number of them, so neither the work nor the response grows with the attacker's creativity.
 */
import { describe, expect, it } from 'vitest';
import { call, useTestApp } from '../helpers/app.js';
import { createUser } from '../helpers/users.js';

interface Problem {
  code: string;
  detail: string;
  errors: { path: string; message: string }[];
}

describe('validation of huge invalid bodies', () => {
  const t = useTestApp();

  it('reports 20 of 100,000 unknown properties on login, and how many more', async () => {
    const body: Record<string, unknown> = { email: 'a@example.test', password: 'x'.repeat(12) };
    for (let index = 0; index < 100_000; index += 1) body[index.toString(36)] = 0;
    const { body: problem, response } = await call<Problem>(t.app, { method: 'POST', url: '/api/v1/auth/login', body }, 400);
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors).toHaveLength(20);
    expect(problem.errors[0]).toEqual({ path: '/0', message: 'is not an allowed property' });
    expect(problem.detail).toMatch(/; and 99980 more$/);
    expect(response.body.length).toBeLessThan(10_000);
  });

  it('reports a bounded number of errors for 5,000 empty invoice items, and writes nothing', async () => {
    const user = await createUser(t.app);
    const body = { items: Array.from({ length: 5_000 }, () => ({})) };
    const { body: problem } = await call<Problem>(t.app, { method: 'POST', url: '/api/v1/invoices', token: user.token, body }, 400);
    expect(problem.errors).toHaveLength(20);
    const invoices = await t.app.db.selectFrom('invoices').select('id').where('user_id', '=', user.id).execute();
    expect(invoices).toEqual([]);
  });
});
