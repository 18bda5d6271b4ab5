import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import { formatDate } from '../../src/i18n/index.js';
import { putProfile } from '../business/helpers.js';
import { createClient } from '../clients/helpers.js';
import { call, type TestApp, useTestApp } from '../helpers/app.js';
import { createUser, type TestUser, useTestUser } from '../helpers/users.js';
import { createInvoice, item } from '../invoices/helpers.js';
import { expectRefusedOrRendered } from '../pdf/capacity.js';
import { pdfText } from '../pdf/pdf-text.js';
import { creditLine, issueCreditNote } from './helpers.js';

const squash = (text: string) => text.replace(/\s+/g, ' ');

const pdfOf = (t: TestApp, token: string, id: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: `/api/v1/credit-notes/${id}/pdf`, headers: { authorization: `Bearer ${token}`, ...headers } });

/**
 * A published invoice of 172.50 EUR (100.00 at 19 %, 50.00 at 7 %) with 100.00 paid, so 72.50 is
 * due; a note crediting the 19 % line in full (119.00) applies 72.50 and leaves 46.50 to refund.
 */
async function creditedInvoice(t: TestApp, user: TestUser, reason = 'Rücksendung — возврат товара') {
  const client = await createClient(t.app, user.token, {
    companyName: 'Ελληνική Εταιρεία ΑΕ',
    address: { line1: 'Οδός Ερμού 12', city: 'Αθήνα', postalCode: '105 63', country: 'GR' },
  });
  const draft = await createInvoice(t.app, user.token, client.id, {
    items: [
      item({ description: 'Консультация', quantity: 1, unitPrice: 10_000, taxRate: 19 }),
      item({ description: 'Books', quantity: 1, unitPrice: 5_000, taxRate: 7 }),
    ],
  });
  const post = (path: string, body: unknown, status: number) =>
    call<Invoice>(t.app, { method: 'POST', url: `/api/v1/invoices/${draft.id}/${path}`, token: user.token, body }, status);
  const invoice = (await post('publish', undefined, 200)).body;
  await post('payments', { amount: 10_000, method: 'bank_transfer' }, 201);
  const line = creditLine(10_000, { description: 'Консультация', taxRate: 19 });
  const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason, items: [line] }, 201);
  return { invoice, note };
}

describe('GET /api/v1/credit-notes/:id/pdf', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  const withProfile = async () => {
    const owner = await createUser(t.app);
    await putProfile(t.app, owner.token);
    return owner;
  };

  it('renders the note: number, credited invoice, parties, lines, tax per rate, totals, applied and refunded, reason', async () => {
    await putProfile(t.app, user.token);
    const { invoice, note } = await creditedInvoice(t, user);
    expect(note).toMatchObject({ number: 'CN-000001', total: 11_900, appliedToBalance: 7_250, refundDue: 4_650 });

    const response = await pdfOf(t, user.token, note.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('inline; filename="CN-000001.pdf"');
    expect(response.headers['cache-control']).toBe('private, no-cache');
    expect(response.headers.etag).toMatch(/^"pdf\.[\w-]+"$/);
    const text = squash(await pdfText(response.rawPayload));
    for (const expected of [
      'Credit note',
      'CN-000001',
      `Issue date ${formatDate('en', note.issueDate)}`,
      `Credited invoice ${invoice.number}`,
      'Åström & Søn Consulting BVBA',
      'VAT ID BE0456789034',
      'Ελληνική Εταιρεία ΑΕ',
      'Οδός Ερμού 12',
      'Amounts in EUR',
      '1 Консультация 1 pcs 100.00 19 100.00 119.00',
      'Standard rate (S) 19% 100.00 19.00',
      'Subtotal €100.00',
      'VAT €19.00',
      'Total €119.00',
      'Applied to balance €72.50',
      'Refund due €46.50',
      'REASON Rücksendung — возврат товара',
      'Credit note CN-000001 · Page 1 of 1',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Books');
    expect(text).not.toMatch(/DRAFT|VOID|Amount due/);
  });

  it('names the file after the number, a prefix’s slashes made dashes', async () => {
    const owner = await createUser(t.app);
    await putProfile(t.app, owner.token, { creditNoteNumberPrefix: 'GS/2026/' });
    const { note } = await creditedInvoice(t, owner);
    expect(note.number).toBe('GS/2026/000001');
    const response = await pdfOf(t, owner.token, note.id);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe('inline; filename="GS-2026-000001.pdf"');
    expect(squash(await pdfText(response.rawPayload))).toContain('GS/2026/000001');
  });

  it('answers 304 to If-None-Match with its ETag (weak or in a list), and 200 to another', async () => {
    const owner = await withProfile();
    const { note } = await creditedInvoice(t, owner);
    const first = await pdfOf(t, owner.token, note.id);
    const etag = String(first.headers.etag);

    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const unchanged = await pdfOf(t, owner.token, note.id, { 'if-none-match': ifNoneMatch });
      expect(unchanged.statusCode, ifNoneMatch).toBe(304);
      expect(unchanged.body).toBe('');
      expect(unchanged.headers.etag).toBe(etag);
      expect(unchanged.headers['cache-control']).toBe('private, no-cache');
    }
    const other = await pdfOf(t, owner.token, note.id, { 'if-none-match': '"pdf.other"' });
    expect(other.statusCode).toBe(200);
    expect(other.headers.etag).toBe(etag);
    expect(other.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('without a profile: 422 profile_required; then the current profile, a new ETag when it changes', async () => {
    const owner = await createUser(t.app);
    const { note } = await creditedInvoice(t, owner);
    expect(note.seller).toBeNull();
    const refused = await pdfOf(t, owner.token, note.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 422, code: 'profile_required' });

    await putProfile(t.app, owner.token, { legalName: 'Later Profile SRL' });
    const first = await pdfOf(t, owner.token, note.id);
    expect(first.statusCode).toBe(200);
    expect(await pdfText(first.rawPayload)).toContain('Later Profile SRL');

    await putProfile(t.app, owner.token, { legalName: 'Renamed Profile SRL' });
    const renamed = await pdfOf(t, owner.token, note.id, { 'if-none-match': String(first.headers.etag) });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.headers.etag).not.toBe(first.headers.etag);
    expect(await pdfText(renamed.rawPayload)).toContain('Renamed Profile SRL');
    const row = await t.app.db.selectFrom('credit_notes').select('seller').where('id', '=', note.id).executeTakeFirstOrThrow();
    expect(row.seller).toBeNull();
  });

  it('answers 404 for another user’s note, an unknown id and a malformed id, and 401 without a token', async () => {
    const owner = await withProfile();
    const { note } = await creditedInvoice(t, owner);
    const stranger = await withProfile();
    // A malformed path id is a 404 like everywhere in the API (the contract allows 404 or 400).
    for (const id of [note.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid', 'urn:uuid:00000000-0000-4000-8000-000000000000']) {
      const response = await pdfOf(t, stranger.token, id);
      expect(response.statusCode, id).toBe(404);
      expect(response.json()).toMatchObject({ status: 404, code: 'not_found' });
    }
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/credit-notes/${note.id}/pdf` });
    expect(anonymous.statusCode).toBe(401);
    expect((await pdfOf(t, owner.token, note.id)).statusCode).toBe(200);
  });
});

describe('GET /api/v1/credit-notes/:id/pdf with the PDF queue full', () => {
  const t = useTestApp({ PDF_WORKERS: 1, PDF_QUEUE_MAX: 1 });
  const user = useTestUser(t);

  it('answers 503 service_unavailable with Retry-After to what does not fit, and renders the rest', async () => {
    await putProfile(t.app, user.token);
    const { note } = await creditedInvoice(t, user);
    const responses = await Promise.all(Array.from({ length: 6 }, () => pdfOf(t, user.token, note.id)));
    expectRefusedOrRendered(responses, 1);
  });
});
