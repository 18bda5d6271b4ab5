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

  it('reports every error of 200 empty invoice items (20 named, and how many more), and writes nothing', async () => {
    const user = await createUser(t.app);
    const body = { clientId: '00000000-0000-4000-8000-000000000000', items: Array.from({ length: 200 }, () => ({})) };
    const { body: problem } = await call<Problem>(t.app, { method: 'POST', url: '/api/v1/invoices', token: user.token, body }, 400);
    expect(problem.errors).toHaveLength(20);
    expect(problem.errors[0]?.path).toMatch(/^\/items\/0/);
    expect(problem.detail).toMatch(/; and \d+ more$/);
    const invoices = await t.app.db.selectFrom('invoices').select('id').where('user_id', '=', user.id).execute();
    expect(invoices).toEqual([]);
  });

  // Collecting every error of such a body took quadratic time (27 s for 24,000 items); past the
  // longest array any body may hold, validation stops at the first error.
  it('answers a body of 24,000 empty invoice items with its first error, and writes nothing', async () => {
    const user = await createUser(t.app);
    const body = { clientId: '00000000-0000-4000-8000-000000000000', items: Array.from({ length: 24_000 }, () => ({})) };
    const { body: problem } = await call<Problem>(t.app, { method: 'POST', url: '/api/v1/invoices', token: user.token, body }, 400);
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors).toEqual([{ path: '/items', message: 'must have at most 200 items' }]);
    const invoices = await t.app.db.selectFrom('invoices').select('id').where('user_id', '=', user.id).execute();
    expect(invoices).toEqual([]);
  });
});
