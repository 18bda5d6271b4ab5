import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../schemas/clients.js';
import type { Invoice } from '../../schemas/invoices.js';
import { putProfile } from '../business/helpers.js';
import { type Problem, createClient, expectFieldError, snapshot } from '../clients/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, useTestUser } from '../helpers/users.js';
import { createInvoice, invoiceBody, item } from './helpers.js';

describe('invoice fields for e-invoices', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  let client: Client;
  beforeAll(async () => {
    client = await createClient(t.app, user.token, {
      taxId: 'FR61954506077',
      electronicAddress: { scheme: '0009', value: '95450607700010' },
    });
  });

  it('stores the references, delivery and exemptions, and defaults unitCode, taxCategory and taxRounding', async () => {
    const invoice = await createInvoice(t.app, user.token, client.id, {
      buyerReference: 'PO-REF-Ω',
      purchaseOrderReference: '4500012345',
      deliveryDate: '2026-11-30',
      deliveryCountry: 'FR',
      taxExemptions: [{ category: 'E', reason: 'Article 132 of Directive 2006/112/EC' }, { category: 'AE', reasonCode: 'VATEX-EU-AE' }],
      items: [
        item({ quantity: 2, unitPrice: 1000, taxRate: 21 }),
        item({ unitCode: 'HUR', quantity: 1, unitPrice: 500, taxRate: 0 }),
        item({ taxCategory: 'E', quantity: 1, unitPrice: 300, taxRate: 0 }),
      ],
    });
    expect(invoice).toMatchObject({
      buyerReference: 'PO-REF-Ω',
      purchaseOrderReference: '4500012345',
      deliveryDate: '2026-11-30',
      deliveryCountry: 'FR',
      taxRounding: 'line',
      taxExemptions: [
        { category: 'E', reason: 'Article 132 of Directive 2006/112/EC', reasonCode: null },
        { category: 'AE', reason: null, reasonCode: 'VATEX-EU-AE' },
      ],
      taxBreakdown: [
        { taxCategory: 'E', taxRate: 0, taxableAmount: 300, taxAmount: 0 },
        { taxCategory: 'S', taxRate: 21, taxableAmount: 2000, taxAmount: 420 },
        { taxCategory: 'Z', taxRate: 0, taxableAmount: 500, taxAmount: 0 },
      ],
      seller: null,
      buyer: {
        name: client.companyName,
        vatId: 'FR61954506077',
        electronicAddress: { scheme: '0009', value: '95450607700010' },
        address: null,
        contactName: null,
        email: null,
      },
      subtotal: 2800,
      tax: 420,
      total: 3220,
    });
    expect(invoice.items.map(({ unitCode, taxCategory }) => [unitCode, taxCategory])).toEqual([
      ['C62', 'S'],
      ['HUR', 'Z'],
      ['C62', 'E'],
    ]);
    const row = await t.app.db.selectFrom('invoices').selectAll().where('id', '=', invoice.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ buyer_reference: 'PO-REF-Ω', delivery_country: 'FR', tax_rounding: 'line', tax: 420 });
    expect(row.tax_breakdown).toEqual(invoice.taxBreakdown);
  });

  it('document rounding rounds each category once (BR-CO-17); the invoice tax is the breakdown’s', async () => {
    // Three lines of 0.05 at 10 %: per line 0.005 → 0.01 each (0.03); per document 0.15 × 10 % = 0.015 → 0.02.
    const items = [1, 2, 3].map(() => item({ quantity: 1, unitPrice: 5, taxRate: 10 }));
    const line = await createInvoice(t.app, user.token, client.id, { items });
    const document = await createInvoice(t.app, user.token, client.id, { items, taxRounding: 'document' });
    expect(line).toMatchObject({ taxRounding: 'line', subtotal: 15, tax: 3, total: 18 });
    expect(document).toMatchObject({ taxRounding: 'document', subtotal: 15, tax: 2, total: 17 });
    expect(document.taxBreakdown).toEqual([{ taxCategory: 'S', taxRate: 10, taxableAmount: 15, taxAmount: 2 }]);
    expect(document.items.map((i) => i.tax)).toEqual([1, 1, 1]);

    const { body: switched } = await call<Invoice>(
      t.app,
      { method: 'PATCH', url: `/api/v1/invoices/${line.id}`, token: user.token, body: { taxRounding: 'document' } },
      200,
    );
    expect(switched).toMatchObject({ taxRounding: 'document', tax: 2, total: 17, amountDue: 17 });
    expect(switched.items.map((i) => i.id)).toEqual(line.items.map((i) => i.id));
  });

  it('takes dueDate and taxRounding from the profile; an explicit dueDate wins', async () => {
    const owner = await createUser(t.app);
    const own = await createClient(t.app, owner.token);
    await putProfile(t.app, owner.token, { paymentTermsDays: 14, taxRounding: 'document' });
    const invoice = await createInvoice(t.app, owner.token, own.id, { issueDate: '2026-02-20', dueDate: undefined });
    expect(invoice).toMatchObject({ issueDate: '2026-02-20', dueDate: '2026-03-06', taxRounding: 'document' });
    expect(invoice.seller).toMatchObject({ legalName: expect.any(String), vatId: 'BE0456789034' });
    const explicit = await createInvoice(t.app, owner.token, own.id, { issueDate: '2026-02-20', dueDate: '2026-02-21', taxRounding: 'line' });
    expect(explicit).toMatchObject({ dueDate: '2026-02-21', taxRounding: 'line' });
  });

  const badFields: [string, Record<string, unknown>, string][] = [
    ['S with rate 0', { items: [item({ taxCategory: 'S', taxRate: 0 })] }, '/items/0/taxCategory'],
    ['Z with a rate', { items: [item(), item({ taxCategory: 'Z', taxRate: 7 })] }, '/items/1/taxCategory'],
    ['AE with a rate', { items: [item({ taxCategory: 'AE', taxRate: 19 })] }, '/items/0/taxCategory'],
    ['unknown taxCategory', { items: [item({ taxCategory: 'X' })] }, '/items/0/taxCategory'],
    ['unknown unitCode', { items: [item({ unitCode: 'QQQ' })] }, '/items/0/unitCode'],
    ['lower-case unitCode', { items: [item({ unitCode: 'hur' })] }, '/items/0/unitCode'],
    ['two exemptions for one category', { taxExemptions: [{ category: 'E', reason: 'a' }, { category: 'E', reason: 'b' }] }, '/taxExemptions/1/category'],
    ['an exemption for S', { taxExemptions: [{ category: 'S', reason: 'a' }] }, '/taxExemptions/0/category'],
    ['a malformed VATEX code', { taxExemptions: [{ category: 'E', reasonCode: 'EXEMPT' }] }, '/taxExemptions/0/reasonCode'],
    ['a blank exemption reason', { taxExemptions: [{ category: 'E', reason: '  ' }] }, '/taxExemptions/0/reason'],
    ['an unknown exemption property', { taxExemptions: [{ category: 'E', reason: 'a', law: 'x' }] }, '/taxExemptions/0/law'],
    ['buyerReference of 201 characters', { buyerReference: 'x'.repeat(201) }, '/buyerReference'],
    ['empty purchaseOrderReference', { purchaseOrderReference: '' }, '/purchaseOrderReference'],
    ['impossible deliveryDate', { deliveryDate: '2026-02-30' }, '/deliveryDate'],
    ['unknown deliveryCountry', { deliveryCountry: 'XX' }, '/deliveryCountry'],
    ['unknown taxRounding', { taxRounding: 'bankers' }, '/taxRounding'],
    ['taxBreakdown sent by the client', { taxBreakdown: [] }, '/taxBreakdown'],
    ['seller sent by the client', { seller: null }, '/seller'],
  ];

  for (const [name, fields, path] of badFields) {
    it(`POST and PATCH with ${name} → 400 naming ${path}, nothing written`, async () => {
      const draft = await createInvoice(t.app, user.token, client.id);
      const before = [await snapshot(t.app, 'invoices'), await snapshot(t.app, 'invoice_items')];
      const created = await call<Problem>(t.app, { method: 'POST', url: '/api/v1/invoices', token: user.token, body: invoiceBody(client.id, fields) }, 400);
      expectFieldError(created.body, path);
      const patched = await call<Problem>(t.app, { method: 'PATCH', url: `/api/v1/invoices/${draft.id}`, token: user.token, body: fields }, 400);
      expectFieldError(patched.body, path);
      expect([await snapshot(t.app, 'invoices'), await snapshot(t.app, 'invoice_items')]).toEqual(before);
    });
  }

  it('clients take an electronicAddress, checked against the EAS list', async () => {
    const created = await createClient(t.app, user.token, { electronicAddress: { scheme: '9930', value: 'DE123456789' } });
    expect(created.electronicAddress).toEqual({ scheme: '9930', value: 'DE123456789' });
    const before = await snapshot(t.app, 'clients');
    const { body } = await call<Problem>(
      t.app,
      { method: 'PATCH', url: `/api/v1/clients/${created.id}`, token: user.token, body: { electronicAddress: { scheme: '0000', value: 'x' } } },
      400,
    );
    expectFieldError(body, '/electronicAddress/scheme');
    expect(await snapshot(t.app, 'clients')).toEqual(before);
  });
});
