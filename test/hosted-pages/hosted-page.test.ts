import { Writable } from 'node:stream';
import { sql } from 'kysely';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import type { CreditNote } from '../../schemas/credit-notes.js';
import type { Invoice } from '../../schemas/invoices.js';
import { epcPayload } from '../../src/domain/epc-qr.js';
import { redact, serializers } from '../../src/logger.js';
import { putProfile } from '../business/helpers.js';
import { pngImage } from '../business/logo-images.js';
import { buyer } from '../e-invoice/cases.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, useTestUser } from '../helpers/users.js';
import { issueInvoice, openPage, pathOf } from './helpers.js';

// Tests run without PUBLIC_URL: links start with the origin of the request, inject's localhost:80.
const TOKEN_URL = /^http:\/\/localhost:80\/i\/[A-Za-z0-9_-]{43}$/;

describe('hosted invoice page', () => {
  const t = useTestApp();
  const seller = useTestUser(t);
  const withProfile = async () => {
    await putProfile(t.app, seller.token);
    return seller;
  };

  const eventsOf = (invoiceId: string, type: string) =>
    t.app.db.selectFrom('events').select('id').where('type', '=', type).where(sql<string>`object->>'id'`, '=', invoiceId).execute();

  it('gives issued invoices a link and drafts none', async () => {
    const owner = await withProfile();
    const invoice = await issueInvoice(t.app, owner);
    expect(invoice.hostedUrl).toMatch(TOKEN_URL);
    expect(invoice.viewedAt).toBeNull();
    const { body: draft } = await call<Invoice>(
      t.app,
      { method: 'POST', url: '/api/v1/invoices', token: owner.token, body: { clientId: invoice.clientId, dueDate: '2099-01-01', items: [{ description: 'x', quantity: 1, unitPrice: 1, taxRate: 0 }] } },
      201,
    );
    expect(draft.hostedUrl).toBeNull();
    const { body: fetched } = await call<Invoice>(t.app, { method: 'GET', url: `/api/v1/invoices/${invoice.id}`, token: owner.token }, 200);
    expect(fetched.hostedUrl).toBe(invoice.hostedUrl);
  });

  it('answers the page with the security headers, no cookie and no script', async () => {
    const owner = await withProfile();
    const invoice = await issueInvoice(t.app, owner);
    const response = await openPage(t.app, invoice.hostedUrl);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-robots-tag']).toContain('noindex');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('script-src');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.body).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    expect(response.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(response.body).toContain('<html lang="en">');

    const css = await t.app.inject({ method: 'GET', url: '/hosted/page.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(response.body).toContain('<link rel="stylesheet" href="/hosted/page.css">');
  });

  it('shows the seller, buyer, number, dates, lines, tax, totals, badge and payment with the EPC QR code', async () => {
    const owner = await withProfile();
    const invoice = await issueInvoice(t.app, owner, { notes: 'Thank you' }, [], { companyName: 'Buyer Ltd' });
    const { body: html } = await openPage(t.app, invoice.hostedUrl);
    for (const text of [
      'Invoice INV-',
      invoice.number,
      'Åström &amp; Søn Consulting BVBA',
      'Buyer Ltd',
      'Nov 2, 2026',
      'Due Dec 2, 2099',
      'Consulting hour',
      '100.00',
      '21.00',
      '121.00',
      'Amount due',
      'BE68 5390 0754 7034',
      'GEBABEBB',
      'Thank you',
      `href="${pathOf(invoice.hostedUrl)}/pdf"`,
      `href="${pathOf(invoice.hostedUrl)}/ubl"`,
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toContain('class="badge badge-due"');
    const payload = epcPayload({ name: 'Åström & Søn', iban: 'BE68539007547034', bic: 'GEBABEBB', amountCents: 12_100, remittance: invoice.number ?? '' });
    expect(html).toContain(await QRCode.toString([{ data: Buffer.from(payload), mode: 'byte' }], { type: 'svg', errorCorrectionLevel: 'M', margin: 4 }));
    expect(html).toContain('Scan with your banking app to pay €121.00');
  });

  it.each([
    ['paid', [{ action: 'pay', body: { method: 'card' } }], 'Paid', 'badge-paid'],
    ['void', [{ action: 'void' }], 'Void', 'badge-void'],
    ['uncollectible', [{ action: 'mark-uncollectible' }], 'Uncollectible', 'badge-uncollectible'],
  ])('badges a %s invoice and offers no payment', async (_status, actions, badge, tone) => {
    const owner = await withProfile();
    const invoice = await issueInvoice(t.app, owner, {}, actions);
    const { body: html } = await openPage(t.app, invoice.hostedUrl);
    expect(html).toContain(`class="badge ${tone}">${badge}</p>`);
    if (tone !== 'badge-uncollectible') {
      expect(html).not.toContain('<svg');
      expect(html).toContain('Nothing is due.');
    }
  });

  it('badges an invoice past its due date as overdue', async () => {
    const owner = await withProfile();
    const invoice = await issueInvoice(t.app, owner, { issueDate: '2026-01-01', dueDate: '2026-01-31' });
    expect((await openPage(t.app, invoice.hostedUrl)).body).toContain('class="badge badge-overdue">Overdue</p>');
  });

  it('draws no QR code for a currency other than EUR, but still the transfer details', async () => {
    const owner = await withProfile();
    const invoice = await issueInvoice(t.app, owner, { currency: 'USD' }, [], { currency: 'USD' });
    const { body: html } = await openPage(t.app, invoice.hostedUrl);
    expect(html).not.toContain('<svg');
    expect(html).toContain('Transfer $121.00 to this account');
  });

  it('shows no seller and no payment part for an invoice issued without any profile, and never fails', async () => {
    const owner = await createUser(t.app);
    const invoice = await issueInvoice(t.app, owner);
    const response = await openPage(t.app, invoice.hostedUrl);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('<h2>From</h2>');
    expect(response.body).not.toContain('Pay by bank transfer');
  });

  it('escapes every value: hostile names, descriptions and notes stay text', async () => {
    const owner = await withProfile();
    const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
    const invoice = await issueInvoice(
      t.app,
      owner,
      { notes: hostile, buyerReference: hostile.slice(0, 40), items: [{ description: hostile, quantity: 1, unitPrice: 500, taxRate: 0 }] },
      [],
      { companyName: hostile, contactName: hostile },
    );
    const { body: html } = await openPage(t.app, invoice.hostedUrl);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  });

  it('records the first view once: viewedAt and one invoice.viewed event', async () => {
    const owner = await withProfile();
    const invoice = await issueInvoice(t.app, owner);
    await openPage(t.app, invoice.hostedUrl);
    const { body: viewed } = await call<Invoice>(t.app, { method: 'GET', url: `/api/v1/invoices/${invoice.id}`, token: owner.token }, 200);
    expect(viewed.viewedAt).not.toBeNull();
    await Promise.all([openPage(t.app, invoice.hostedUrl), openPage(t.app, invoice.hostedUrl)]);
    const { body: later } = await call<Invoice>(t.app, { method: 'GET', url: `/api/v1/invoices/${invoice.id}`, token: owner.token }, 200);
    expect(later.viewedAt).toBe(viewed.viewedAt);
    expect(await eventsOf(invoice.id, 'invoice.viewed')).toHaveLength(1);
  });

  it('answers 404 for unknown and malformed tokens: an HTML page, or a problem when JSON is asked for', async () => {
    for (const path of ['/i/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/i/not-a-token', '/c/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', "/i/%27%3B--"]) {
      const page = await t.app.inject({ method: 'GET', url: path, headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(404);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).toContain('Link not found');
      const problem = await t.app.inject({ method: 'GET', url: path, headers: { accept: 'application/json' } });
      expect(problem.statusCode).toBe(404);
      expect(problem.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(problem.json()).toMatchObject({ code: 'not_found' });
    }
    for (const suffix of ['pdf', 'ubl']) {
      const download = await t.app.inject({ method: 'GET', url: `/i/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/${suffix}` });
      expect(download.statusCode).toBe(404);
      expect(download.json()).toMatchObject({ code: 'not_found' });
    }
  });

  it('downloads the PDF and the UBL through the link, as the authenticated routes serve them', async () => {
    const owner = await withProfile();
    const invoice = await issueInvoice(t.app, owner, { buyerReference: 'PO-1' }, [], buyer);
    const path = pathOf(invoice.hostedUrl);
    const pdf = await t.app.inject({ method: 'GET', url: `${path}/pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['cache-control']).toBe('no-store');
    expect(pdf.headers['referrer-policy']).toBe('no-referrer');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const ubl = await t.app.inject({ method: 'GET', url: `${path}/ubl` });
    const authenticated = await t.app.inject({ method: 'GET', url: `/api/v1/invoices/${invoice.id}/ubl`, headers: { authorization: `Bearer ${owner.token}` } });
    expect(ubl.statusCode).toBe(200);
    expect(ubl.headers['content-disposition']).toBe(`attachment; filename="${invoice.number}.xml"`);
    expect(ubl.body).toBe(authenticated.body);
  });

  it('rotates the link: a new hostedUrl, the old one 404, invoice.updated reported', async () => {
    const owner = await withProfile();
    const invoice = await issueInvoice(t.app, owner);
    const { body: rotated } = await call<Invoice>(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/rotate-link`, token: owner.token }, 200);
    expect(rotated.hostedUrl).toMatch(TOKEN_URL);
    expect(rotated.hostedUrl).not.toBe(invoice.hostedUrl);
    expect((await openPage(t.app, invoice.hostedUrl)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `${pathOf(invoice.hostedUrl)}/pdf` })).statusCode).toBe(404);
    expect((await openPage(t.app, rotated.hostedUrl)).statusCode).toBe(200);
    expect(await eventsOf(invoice.id, 'invoice.updated')).toHaveLength(1);
  });

  it("refuses to rotate a draft's link (409), another user's invoice's (404), writing nothing", async () => {
    const owner = await withProfile();
    const invoice = await issueInvoice(t.app, owner);
    const stranger = await createUser(t.app);
    const { body: notYours } = await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/rotate-link`, token: stranger.token }, 404);
    expect(notYours).toMatchObject({ code: 'not_found' });
    const { body: draft } = await call<Invoice>(
      t.app,
      { method: 'POST', url: '/api/v1/invoices', token: owner.token, body: { clientId: invoice.clientId, dueDate: '2099-01-01', items: [{ description: 'x', quantity: 1, unitPrice: 1, taxRate: 0 }] } },
      201,
    );
    const { body: refused } = await call(t.app, { method: 'POST', url: `/api/v1/invoices/${draft.id}/rotate-link`, token: owner.token }, 409);
    expect(refused).toMatchObject({ code: 'invalid_transition' });
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/rotate-link`, token: owner.token, body: { x: 1 } }, 400);
    const { body: still } = await call<Invoice>(t.app, { method: 'GET', url: `/api/v1/invoices/${invoice.id}`, token: owner.token }, 200);
    expect(still.hostedUrl).toBe(invoice.hostedUrl);
    expect(await eventsOf(invoice.id, 'invoice.updated')).toHaveLength(0);
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/rotate-link` }, 401);
  });

  it('shows the logo a document was issued with, inline, and none without a logo', async () => {
    const owner = await createUser(t.app);
    await putProfile(t.app, owner.token);
    const setLogo = (image: Buffer) =>
      call(t.app, { method: 'PUT', url: '/api/v1/business/logo', token: owner.token, body: image, headers: { 'content-type': 'image/png' } }, 204);
    const logoOf = async (hostedUrl: string | null) => /<img class="logo" src="([^"]*)"/.exec((await openPage(t.app, hostedUrl)).body)?.[1];
    const dataUrl = (image: Buffer) => `data:image/png;base64,${image.toString('base64')}`;

    const withoutLogo = await issueInvoice(t.app, owner);
    expect(await logoOf(withoutLogo.hostedUrl)).toBeUndefined();
    const first = pngImage(40, 20);
    await setLogo(first);
    const issued = await issueInvoice(t.app, owner);
    const { body: note } = await call<CreditNote>(t.app, { method: 'POST', url: `/api/v1/invoices/${issued.id}/credit-notes`, token: owner.token, body: { reason: 'Returned' } }, 201);
    await setLogo(pngImage(60, 20));
    expect(await logoOf(issued.hostedUrl)).toBe(dataUrl(first));
    expect(await logoOf(note.hostedUrl)).toBe(dataUrl(first));
    expect(await logoOf(withoutLogo.hostedUrl)).toBeUndefined();
  });

  it('gives credit notes their own page, PDF and UBL under /c/', async () => {
    const owner = await withProfile();
    const invoice = await issueInvoice(t.app, owner, { buyerReference: 'PO-1' }, [], buyer);
    const { body: note } = await call<CreditNote>(
      t.app,
      { method: 'POST', url: `/api/v1/invoices/${invoice.id}/credit-notes`, token: owner.token, body: { reason: 'Returned <goods>' } },
      201,
    );
    expect(note.hostedUrl).toMatch(/^http:\/\/localhost:80\/c\/[A-Za-z0-9_-]{43}$/);
    const page = await openPage(t.app, note.hostedUrl);
    expect(page.statusCode).toBe(200);
    for (const text of [`Credit note ${note.number}`, invoice.number ?? '', 'Returned &lt;goods&gt;', 'Refund due', `${pathOf(note.hostedUrl)}/pdf`]) {
      expect(page.body).toContain(text);
    }
    expect((await t.app.inject({ method: 'GET', url: `${pathOf(note.hostedUrl)}/pdf` })).headers['content-type']).toBe('application/pdf');
    expect((await t.app.inject({ method: 'GET', url: `${pathOf(note.hostedUrl)}/ubl` })).body).toContain('<CreditNote');
  });
});

describe('hosted page rate limit', () => {
  const t = useTestApp({ RATE_LIMIT_MAX: 5 });
  const owner = useTestUser(t);

  it('counts per IP and answers 429 past the limit', async () => {
    await putProfile(t.app, owner.token);
    const invoice = await issueInvoice(t.app, owner);
    const statuses = [];
    for (let attempt = 0; attempt < 6; attempt += 1) statuses.push((await openPage(t.app, invoice.hostedUrl)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const other = await t.app.inject({ method: 'GET', url: pathOf(invoice.hostedUrl), remoteAddress: '10.1.2.3' });
    expect(other.statusCode).toBe(200);
  });
});

describe('hosted page logs', () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const t = useTestApp({}, { logger: { level: 'info', stream, redact, serializers } });
  const owner = useTestUser(t);

  it('never carry a token in full', async () => {
    await putProfile(t.app, owner.token);
    const invoice = await issueInvoice(t.app, owner);
    const path = pathOf(invoice.hostedUrl);
    const token = path.slice('/i/'.length);
    await openPage(t.app, invoice.hostedUrl);
    await t.app.inject({ method: 'GET', url: `${path}/ubl?x=1` });
    const pageLines = lines.filter((line) => line.includes(`/i/${token.slice(0, 6)}…`));
    expect(pageLines.length).toBeGreaterThanOrEqual(2);
    expect(lines.join('\n')).not.toContain(token);
  });
});
