/**
 * Values the schemas accept at their edges must be handled by the code behind them (issue 23's
 * two 500s: a leap second, an upper-case scheme). Each is answered without a 5xx: stored and read
 * back as given, or refused with a 400 naming the field, nothing written.
 */
import { describe, expect, it } from 'vitest';
import { call, useTestApp } from '../helpers/app.js';
import { useTestUser } from '../helpers/users.js';
import { clientBody, createClient, snapshot } from '../clients/helpers.js';
import { invoiceBody } from '../invoices/helpers.js';

describe('edge values the schemas accept', () => {
  const t = useTestApp();
  const user = useTestUser(t);

  it.each([
    ['a NUL character in a name', { companyName: 'Acme\u0000 GmbH' }],
    ['a NUL character in notes', { notes: '\u0000' }],
  ])('refuses %s with a 400, writing nothing', async (_name, overrides) => {
    const before = await snapshot(t.app, 'clients');
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/clients', headers: { authorization: `Bearer ${user.token}` }, payload: clientBody(overrides) });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed' });
    expect(await snapshot(t.app, 'clients')).toEqual(before);
  });

  it('stores astral characters and combining marks as given', async () => {
    const companyName = 'Ｚürich 𝔄𝔠𝔪𝔢 👩🏽‍💻 e\u0301';
    const client = await createClient(t.app, user.token, { companyName });
    const { body } = await call<{ companyName: string }>(t.app, { method: 'GET', url: `/api/v1/clients/${client.id}`, token: user.token }, 200);
    expect(body.companyName).toBe(companyName);
  });

  it.each(['0000-01-01', '9999-12-31'])('answers dueDate %s without a 5xx; a refusal writes nothing', async (dueDate) => {
    const client = await createClient(t.app, user.token);
    const before = await snapshot(t.app, 'invoices');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invoices',
      headers: { authorization: `Bearer ${user.token}` },
      payload: invoiceBody(client.id, { issueDate: dueDate, dueDate }),
    });
    expect(response.statusCode, response.body).toBeLessThan(500);
    if (response.statusCode === 400) expect(await snapshot(t.app, 'invoices')).toEqual(before);
  });

  it.each(['2026-06-30T23:59:59+14:00', '2026-06-30T23:59:59.999999999Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59-12:00'])(
    'answers createdAfter=%s without a 5xx',
    async (value) => {
      const response = await t.app.inject({ url: `/api/v1/events?createdAfter=${encodeURIComponent(value)}`, headers: { authorization: `Bearer ${user.token}` } });
      expect(response.statusCode, response.body).toBeLessThan(500);
    },
  );
});
