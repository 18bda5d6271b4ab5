/**
 * hostedUrl's base: PUBLIC_URL when set; unset, the origin of the request that reads the invoice, so
 * the link works wherever the API was reached (a newcomer's `npm start` on another port, a LAN address).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import { putProfile } from '../business/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { useTestUser } from '../helpers/users.js';
import { issueInvoice } from './helpers.js';

const TOKEN = '[A-Za-z0-9_-]{43}';

describe('hostedUrl without PUBLIC_URL', () => {
  const t = useTestApp({ PUBLIC_URL: undefined });
  const seller = useTestUser(t);
  let port: number;
  beforeAll(async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(() => t.app.close());

  const readWithHost = (id: string, host: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/invoices/${id}`, headers: { authorization: `Bearer ${seller.token}`, host } });

  it('starts with the origin of the request that reads it', async () => {
    await putProfile(t.app, seller.token);
    const invoice = await issueInvoice(t.app, seller);
    const token = new URL(invoice.hostedUrl!).pathname;
    for (const host of ['billing.example.test', 'billing.example.test:8443', '192.0.2.10:3000', '[2001:db8::1]:8080']) {
      const response = await readWithHost(invoice.id, host);
      expect(response.statusCode).toBe(200);
      expect((response.json() as Invoice).hostedUrl, host).toBe(`http://${host}${token}`);
    }
  });

  it('opens from where the API was reached, over real HTTP', async () => {
    await putProfile(t.app, seller.token);
    const { id } = await issueInvoice(t.app, seller);
    const origin = `http://127.0.0.1:${port}`;
    const read = await fetch(`${origin}/api/v1/invoices/${id}`, { headers: { authorization: `Bearer ${seller.token}` } });
    const { hostedUrl } = (await read.json()) as Invoice;
    expect(hostedUrl).toMatch(new RegExp(`^${origin}/i/${TOKEN}$`));
    const page = await fetch(hostedUrl!, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('never builds a link from a Host header that is not a plain host and port', async () => {
    await putProfile(t.app, seller.token);
    const { id } = await issueInvoice(t.app, seller);
    for (const host of ['evil.test/phish?x=', 'evil.test@other.test', 'a b']) {
      const response = await readWithHost(id, host);
      expect(response.statusCode).toBe(200);
      expect((response.json() as Invoice).hostedUrl, host).toMatch(new RegExp(`^http://localhost:3000/i/${TOKEN}$`));
    }
  });
});

describe('hostedUrl with PUBLIC_URL', () => {
  const t = useTestApp({ PUBLIC_URL: 'https://pay.example.com/invoicing' });
  const seller = useTestUser(t);

  it('is PUBLIC_URL whatever host the invoice is read on', async () => {
    await putProfile(t.app, seller.token);
    const invoice = await issueInvoice(t.app, seller);
    expect(invoice.hostedUrl).toMatch(new RegExp(`^https://pay\\.example\\.com/invoicing/i/${TOKEN}$`));
    const { body } = await call<Invoice>(t.app, { method: 'GET', url: `/api/v1/invoices/${invoice.id}`, token: seller.token, headers: { host: 'other.example.test' } }, 200);
    expect(body.hostedUrl).toBe(invoice.hostedUrl);
  });
});
