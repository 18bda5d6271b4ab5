import { describe, expect, it } from 'vitest';
import type { CreditNote } from '../../schemas/credit-notes.js';
import type { Invoice } from '../../schemas/invoices.js';
import { profileBody, putProfile } from '../business/helpers.js';
import { createClient } from '../clients/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser } from '../helpers/users.js';
import { createInvoice } from '../invoices/helpers.js';
import { creditLine, issueCreditNote } from './helpers.js';

describe('what a credit note records besides money', () => {
  const t = useTestApp();

  const publish = async (token: string, id: string) =>
    (await call<Invoice>(t.app, { method: 'POST', url: `/api/v1/invoices/${id}/publish`, token }, 200)).body;
  const getNote = async (token: string, id: string) =>
    (await call<CreditNote>(t.app, { method: 'GET', url: `/api/v1/credit-notes/${id}`, token }, 200)).body;

  it('numbers with the profile’s prefix and freezes the seller and buyer as they were', async () => {
    const user = await createUser(t.app);
    await putProfile(t.app, user.token, { creditNoteNumberPrefix: 'GS/' });
    const client = await createClient(t.app, user.token, { companyName: 'Кириллица ООО' });
    const invoice = await publish(user.token, (await createInvoice(t.app, user.token, client.id)).id);
    const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason: 'Возврат', items: [creditLine(100)] }, 201);
    expect(note.number).toBe('GS/000001');
    expect(note.seller).toMatchObject({ legalName: profileBody().legalName });
    expect(note.buyer).toMatchObject({ name: 'Кириллица ООО' });

    await putProfile(t.app, user.token, { legalName: 'Renamed BV', creditNoteNumberPrefix: 'CN-' });
    await call(t.app, { method: 'PATCH', url: `/api/v1/clients/${client.id}`, token: user.token, body: { companyName: 'Renamed' } }, 200);
    const later = await getNote(user.token, note.id);
    expect(later.seller).toEqual(note.seller);
    expect(later.buyer).toEqual(note.buyer);
    const { body: second } = await issueCreditNote(t.app, user, invoice.id, { reason: 'Again', items: [creditLine(100)] }, 201);
    expect(second.number).toBe('CN-000002');
    expect(second.seller).toMatchObject({ legalName: 'Renamed BV' });
  });

  it('takes the invoice’s document rounding and prices its lines with it', async () => {
    const user = await createUser(t.app);
    const client = await createClient(t.app, user.token);
    const lines = [1, 2, 3].map(() => ({ description: 'Part', quantity: 1, unitPrice: 5, taxRate: 10 }));
    const invoice = await publish(user.token, (await createInvoice(t.app, user.token, client.id, { items: lines, taxRounding: 'document' })).id);
    expect(invoice).toMatchObject({ subtotal: 15, tax: 2, total: 17 });
    const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason: 'All of it' }, 201);
    expect(note).toMatchObject({
      taxRounding: 'document',
      taxBreakdown: [{ taxCategory: 'S', taxRate: 10, taxableAmount: 15, taxAmount: 2 }],
      subtotal: 15,
      tax: 2,
      total: 17,
      appliedToBalance: 17,
    });
  });

  it('keeps its own exemption reasons, else the invoice’s', async () => {
    const user = await createUser(t.app);
    const client = await createClient(t.app, user.token);
    const exempt = { description: 'Export', quantity: 1, unitPrice: 1_000, taxRate: 0, taxCategory: 'G' };
    const invoice = await publish(
      user.token,
      (await createInvoice(t.app, user.token, client.id, { items: [exempt], taxExemptions: [{ category: 'G', reasonCode: 'VATEX-EU-G' }] })).id,
    );
    const inherited = await issueCreditNote(t.app, user, invoice.id, { reason: 'Part', items: [{ ...exempt, unitPrice: 100 }] }, 201);
    expect(inherited.body.taxExemptions).toEqual([{ category: 'G', reason: null, reasonCode: 'VATEX-EU-G' }]);
    expect(inherited.body.items[0]).toMatchObject({ taxCategory: 'G', unitCode: 'C62' });
    const own = await issueCreditNote(
      t.app,
      user,
      invoice.id,
      { reason: 'Part', items: [{ ...exempt, unitPrice: 100 }], taxExemptions: [{ category: 'G', reason: 'Exported goods' }] },
      201,
    );
    expect(own.body.taxExemptions).toEqual([{ category: 'G', reason: 'Exported goods', reasonCode: null }]);
  });

  it('refuses a category that disagrees with the rate, or two exemptions for one category, with 400', async () => {
    const user = await createUser(t.app);
    const client = await createClient(t.app, user.token);
    const invoice = await publish(user.token, (await createInvoice(t.app, user.token, client.id)).id);
    const bad = await issueCreditNote(t.app, user, invoice.id, { reason: 'x', items: [creditLine(100, { taxCategory: 'S' })] }, 400);
    expect(bad.body.errors?.map(({ path }) => path)).toEqual(['/items/0/taxCategory']);
    const twice = { reason: 'x', items: [creditLine(100)], taxExemptions: [{ category: 'E', reason: 'a' }, { category: 'E', reason: 'b' }] };
    expect((await issueCreditNote(t.app, user, invoice.id, twice, 400)).body.code).toBe('validation_failed');
    const notes = await t.app.db.selectFrom('credit_notes').select('id').where('invoice_id', '=', invoice.id).execute();
    expect(notes).toEqual([]);
  });
});
