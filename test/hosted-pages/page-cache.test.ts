import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import { renderedPageCache } from '../../src/rendered-page-cache.js';
import { putProfile } from '../business/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { useTestUser } from '../helpers/users.js';
import { issueInvoice, openPage } from './helpers.js';

describe('hosted invoice page cache', () => {
  const t = useTestApp();
  const seller = useTestUser(t);

  const issued = async () => {
    await putProfile(t.app, seller.token);
    return issueInvoice(t.app, seller);
  };
  const pageOf = async (invoice: Invoice) => {
    const response = await openPage(t.app, invoice.hostedUrl);
    expect(response.statusCode).toBe(200);
    return response.body;
  };
  // A change behind the API's back: it bumps no version, so only a fresh rendering shows it.
  const renameLineQuietly = (invoice: Invoice, description: string) =>
    t.app.db.updateTable('invoice_items').set({ description }).where('invoice_id', '=', invoice.id).execute();

  it('serves a viewed version again without rendering it', async () => {
    const invoice = await issued();
    await pageOf(invoice); // the first view: records it, a new version
    expect(await pageOf(invoice)).toContain('Consulting hour');
    await renameLineQuietly(invoice, 'Renamed behind the version');
    expect(await pageOf(invoice)).toContain('Consulting hour');
  });

  it('shows a payment recorded since the last view', async () => {
    const invoice = await issued();
    await pageOf(invoice);
    expect(await pageOf(invoice)).toContain('Scan with your banking app to pay €121.00');
    await renameLineQuietly(invoice, 'Rendered again');
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/payments`, token: seller.token, body: { amount: 2_100, method: 'bank_transfer' } }, 201);
    const paid = await pageOf(invoice);
    expect(paid).toContain('Rendered again');
    expect(paid).toContain('Scan with your banking app to pay €100.00');
    expect(paid).not.toContain('€121.00');
  });

  it('shows the invoice voided since the last view', async () => {
    const invoice = await issued();
    await pageOf(invoice);
    expect(await pageOf(invoice)).toContain('class="badge badge-due"');
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/void`, token: seller.token }, 200);
    const voided = await pageOf(invoice);
    expect(voided).toContain('class="badge badge-void">Void</p>');
    expect(voided).not.toContain('<svg');
  });

  it("shows the client's new language on a page that froze none", async () => {
    const invoice = await issued();
    await t.app.db.updateTable('invoices').set({ language: null }).where('id', '=', invoice.id).execute(); // issued before languages
    await pageOf(invoice);
    expect(await pageOf(invoice)).toContain('Amount due');
    await call(t.app, { method: 'PATCH', url: `/api/v1/clients/${invoice.clientId}`, token: seller.token, body: { language: 'de' } }, 200);
    const german = await pageOf(invoice);
    expect(german).toContain('<html lang="de">');
    expect(german).toContain('Offener Betrag');
  });

  it('answers 404 for a rotated link whose page was cached', async () => {
    const invoice = await issued();
    await pageOf(invoice);
    await pageOf(invoice);
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/rotate-link`, token: seller.token }, 200);
    expect((await openPage(t.app, invoice.hostedUrl)).statusCode).toBe(404);
  });
});

describe('renderedPageCache', () => {
  it('answers only for the stamp a page was rendered from, which a new rendering replaces', () => {
    const cache = renderedPageCache(1_000);
    cache.set('a', 'v1', 'page one');
    expect(cache.get('a', 'v1')).toBe('page one');
    expect(cache.get('a', 'v2')).toBeUndefined();
    cache.set('a', 'v2', 'page two');
    expect(cache.get('a', 'v1')).toBeUndefined();
    expect(cache.get('a', 'v2')).toBe('page two');
  });

  it('forgets the least recently used pages past its bound, and keeps no page over an eighth of it', () => {
    const cache = renderedPageCache(800);
    cache.set('a', 's', 'a'.repeat(100));
    cache.set('b', 's', 'b'.repeat(100));
    cache.set('c', 's', 'c'.repeat(100));
    expect(cache.get('a', 's')).toBeDefined(); // a is now the most recently used
    for (const id of ['d', 'e', 'f', 'g', 'h', 'i']) cache.set(id, 's', id.repeat(100));
    expect(cache.get('b', 's')).toBeUndefined();
    expect(cache.get('a', 's')).toBeDefined();
    expect(cache.get('c', 's')).toBeDefined();
    cache.set('big', 's', 'x'.repeat(101));
    expect(cache.get('big', 's')).toBeUndefined();
  });
});
