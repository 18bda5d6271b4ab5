/**
 * ETags on every JSON resource that has one (clients, invoices, the business profile, webhook
 * endpoints, recurring invoices), the contract's list: GET with a matching If-None-Match is a 304 repeating the ETag; a change with a
 * stale If-Match is a 412 that changes nothing; with the current one it goes through.
 */
import { describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/users.js';
import { createClient } from '../clients/helpers.js';
import { createInvoice } from '../invoices/helpers.js';
import { createEndpoint } from '../webhooks/helpers.js';
import { profileBody } from '../business/helpers.js';
import { addDays } from '../../src/domain/calendar.js';
import { todayUtc } from '../../src/services/invoice-records.js';

interface Resource {
  name: string;
  /** Creates the resource; returns its URL and the method and bodies of a change to it. */
  prepare(app: App, user: TestUser): Promise<{ url: string; method: 'PATCH' | 'PUT'; change: unknown; otherChange: unknown }>;
}

const resources: Resource[] = [
  {
    name: 'client',
    prepare: async (app, user) => ({
      url: `/api/v1/clients/${(await createClient(app, user.token)).id}`,
      method: 'PATCH',
      change: { companyName: 'First change' },
      otherChange: { companyName: 'Second change' },
    }),
  },
  {
    name: 'invoice',
    prepare: async (app, user) => {
      const client = await createClient(app, user.token);
      return {
        url: `/api/v1/invoices/${(await createInvoice(app, user.token, client.id)).id}`,
        method: 'PATCH',
        change: { notes: 'First change' },
        otherChange: { notes: 'Second change' },
      };
    },
  },
  {
    name: 'business profile',
    prepare: async (app, user) => {
      await call(app, { method: 'PUT', url: '/api/v1/business', token: user.token, body: profileBody() }, 200);
      return { url: '/api/v1/business', method: 'PATCH', change: { legalName: 'First change' }, otherChange: { legalName: 'Second change' } };
    },
  },
  {
    name: 'webhook endpoint',
    prepare: async (app, user) => ({
      url: `/api/v1/webhook-endpoints/${(await createEndpoint(app, user, { url: 'https://127.0.0.1:9/hook' })).id}`,
      method: 'PATCH',
      change: { description: 'First change' },
      otherChange: { description: 'Second change' },
    }),
  },
  {
    name: 'recurring invoice',
    prepare: async (app, user) => {
      const client = await createClient(app, user.token);
      const { body } = await call<{ id: string }>(
        app,
        {
          method: 'POST',
          url: '/api/v1/recurring-invoices',
          token: user.token,
          // Starting next month: nothing is generated while the test runs.
          body: { clientId: client.id, interval: 'month', startDate: addDays(todayUtc(), 40), items: [{ description: 'Retainer', quantity: 1, unitPrice: 1000, taxRate: 19 }] },
        },
        201,
      );
      return { url: `/api/v1/recurring-invoices/${body.id}`, method: 'PATCH', change: { notes: 'First change' }, otherChange: { notes: 'Second change' } };
    },
  },
];

/** The table above covers the contract's list (API keys and integration: If-Match). */
const contractList = ['client', 'invoice', 'business profile', 'webhook endpoint', 'recurring invoice'];

describe('conditional requests on every resource with an ETag', () => {
  const t = useTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: true });

  it('covers every resource the contract lists', () => {
    expect(resources.map(({ name }) => name)).toEqual(contractList);
  });

  it.each(resources)('$name: 304 on a current If-None-Match, 412 on a stale If-Match', async ({ prepare }) => {
    const user = await createUser(t.app);
    const { url, method, change, otherChange } = await prepare(t.app, user);
    const read = await call(t.app, { method: 'GET', url, token: user.token }, 200);
    const etag = read.response.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);

    const notModified = await t.app.inject({ url, headers: { authorization: `Bearer ${user.token}`, 'if-none-match': etag } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.headers.etag).toBe(etag);
    expect(notModified.body).toBe('');
    await call(t.app, { method: 'GET', url, token: user.token, headers: { 'if-none-match': '"something-else"' } }, 200);

    const changed = await call(t.app, { method, url, token: user.token, body: change, headers: { 'if-match': etag } }, 200);
    const newEtag = changed.response.headers.etag as string;
    expect(newEtag).not.toBe(etag);

    const { body: problem } = await call<{ code: string }>(
      t.app,
      { method, url, token: user.token, body: otherChange, headers: { 'if-match': etag } },
      412,
    );
    expect(problem.code).toBe('precondition_failed');
    const after = await call(t.app, { method: 'GET', url, token: user.token }, 200);
    expect(after.body).toEqual(changed.body);
    expect(after.response.headers.etag).toBe(newEtag);
    await call(t.app, { method, url, token: user.token, body: otherChange, headers: { 'if-match': `"stale", ${newEtag}` } }, 200);
    // Another user never learns the resource exists: 404 whatever the precondition.
    const stranger = await createUser(t.app);
    if (!url.endsWith('/business')) {
      await call(t.app, { method, url, token: stranger.token, body: change, headers: { 'if-match': '"stale"' } }, 404);
      await call(t.app, { method: 'GET', url, token: stranger.token, headers: { 'if-none-match': newEtag } }, 404);
    }
  });
});

describe('recurring invoices carry the ETag GET gives on every answer with the schedule', () => {
  const t = useTestApp();

  it('create, pause and resume answer the ETag a GET then gives; a stale If-Match leaves the row as it was', async () => {
    const user = await createUser(t.app);
    const client = await createClient(t.app, user.token);
    const body = { clientId: client.id, interval: 'month', startDate: addDays(todayUtc(), 40), items: [{ description: 'Retainer', quantity: 1, unitPrice: 1000, taxRate: 19 }] };
    const created = await call<{ id: string }>(t.app, { method: 'POST', url: '/api/v1/recurring-invoices', token: user.token, body }, 201);
    const url = `/api/v1/recurring-invoices/${created.body.id}`;
    const etagOfGet = async () => (await call(t.app, { method: 'GET', url, token: user.token }, 200)).response.headers.etag;
    expect(created.response.headers.etag).toBe(await etagOfGet());
    for (const verb of ['pause', 'resume']) {
      const { response } = await call(t.app, { method: 'POST', url: `${url}/${verb}`, token: user.token }, 200);
      expect(response.headers.etag, verb).toBe(await etagOfGet());
    }
    const row = () => t.app.db.selectFrom('recurring_invoices').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
    const before = await row();
    await call(t.app, { method: 'PATCH', url, token: user.token, body: { notes: 'x' }, headers: { 'if-match': created.response.headers.etag as string } }, 412);
    expect(await row()).toEqual(before);
  });
});
