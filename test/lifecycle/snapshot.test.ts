import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import { profileBody, putProfile } from '../business/helpers.js';
import { createClient } from '../clients/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser } from '../helpers/users.js';
import { createInvoice } from '../invoices/helpers.js';

describe('publishing freezes the seller and the buyer', () => {
  const t = useTestApp();

  const get = (token: string, id: string) => call<Invoice>(t.app, { method: 'GET', url: `/api/v1/invoices/${id}`, token }, 200);
  const publish = (token: string, id: string) =>
    call<Invoice>(t.app, { method: 'POST', url: `/api/v1/invoices/${id}/publish`, token }, 200);

  it('a draft shows the current profile and client; the published invoice keeps them as they were', async () => {
    const user = await createUser(t.app);
    const client = await createClient(t.app, user.token, {
      companyName: 'Ελληνική Εταιρεία ΑΕ',
      taxId: 'EL123456789',
      address: { line1: 'Οδός 1', city: 'Αθήνα', country: 'GR' },
    });
    const draft = await createInvoice(t.app, user.token, client.id);
    expect(draft.seller).toBeNull();

    await putProfile(t.app, user.token);
    const draftNow = (await get(user.token, draft.id)).body;
    expect(draftNow.seller).toMatchObject({ legalName: profileBody().legalName, bankAccount: { iban: 'BE68539007547034' } });

    const { body: published } = await publish(user.token, draft.id);
    expect(published.number).toBe('INV-000001');
    expect(published.seller).toEqual(draftNow.seller);
    expect(published.buyer).toEqual({
      name: 'Ελληνική Εταιρεία ΑΕ',
      contactName: null,
      email: null,
      address: { line1: 'Οδός 1', line2: null, city: 'Αθήνα', postalCode: null, region: null, country: 'GR' },
      vatId: 'EL123456789',
      electronicAddress: null,
    });

    await call(t.app, { method: 'PATCH', url: '/api/v1/business', token: user.token, body: { legalName: 'Renamed NV', bankAccount: null } }, 200);
    await call(t.app, { method: 'PATCH', url: `/api/v1/clients/${client.id}`, token: user.token, body: { companyName: 'Renamed client', taxId: null } }, 200);
    const later = (await get(user.token, draft.id)).body;
    expect(later.seller).toEqual(published.seller);
    expect(later.buyer).toEqual(published.buyer);
    const listed = await call<{ data: Invoice[] }>(t.app, { method: 'GET', url: '/api/v1/invoices', token: user.token }, 200);
    expect(listed.body.data[0]).toMatchObject({ seller: published.seller, buyer: published.buyer });

    const row = await t.app.db.selectFrom('invoices').select(['seller', 'buyer']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ seller: published.seller, buyer: published.buyer });

    const second = await createInvoice(t.app, user.token, client.id);
    expect(second.seller).toMatchObject({ legalName: 'Renamed NV', bankAccount: null });
    expect(second.buyer).toMatchObject({ name: 'Renamed client', vatId: null });
  });

  it('publishing without a profile is allowed and keeps seller null', async () => {
    const user = await createUser(t.app);
    const client = await createClient(t.app, user.token);
    const draft = await createInvoice(t.app, user.token, client.id);
    const { body } = await publish(user.token, draft.id);
    expect(body).toMatchObject({ number: 'INV-000001', seller: null, buyer: { name: client.companyName } });
    await putProfile(t.app, user.token);
    expect((await get(user.token, draft.id)).body.seller).toBeNull();
  });

  it('the prefix is taken at publish; the numbers stay one gapless series per user', async () => {
    const user = await createUser(t.app);
    const client = await createClient(t.app, user.token);
    const drafts = await Promise.all([1, 2, 3, 4].map(() => createInvoice(t.app, user.token, client.id)));
    const numbers: (string | null)[] = [];
    numbers.push((await publish(user.token, drafts[0]!.id)).body.number);
    await putProfile(t.app, user.token, { invoiceNumberPrefix: '2026/A-' });
    numbers.push((await publish(user.token, drafts[1]!.id)).body.number);
    await call(t.app, { method: 'PATCH', url: '/api/v1/business', token: user.token, body: { invoiceNumberPrefix: '' } }, 200);
    numbers.push((await publish(user.token, drafts[2]!.id)).body.number);
    numbers.push((await publish(user.token, drafts[3]!.id)).body.number);
    expect(numbers).toEqual(['INV-000001', '2026/A-000002', '000003', '000004']);
    // A later prefix change leaves issued numbers alone.
    await call(t.app, { method: 'PATCH', url: '/api/v1/business', token: user.token, body: { invoiceNumberPrefix: 'X-' } }, 200);
    expect((await get(user.token, drafts[1]!.id)).body.number).toBe('2026/A-000002');
  });
});
