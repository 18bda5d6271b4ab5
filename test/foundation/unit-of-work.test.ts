import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '../../schemas/clients.js';
import type { Invoice } from '../../schemas/invoices.js';
import type { DomainEvent } from '../../src/unit-of-work/events.js';
import type { BusinessProfile } from '../../schemas/business.js';
import { profileBody } from '../business/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { invoiceSnapshot, seedInvoice, seedInvoiceIn } from '../helpers/seed.js';
import { useTestUser } from '../helpers/users.js';

describe('the unit of work reports domain events', () => {
  /** What the in-transaction hook saw, and what the after-commit hook saw, per transaction. */
  let inTransaction: DomainEvent[][] = [];
  let committed: DomainEvent[][] = [];
  let failNextHook = false;

  const t = useTestApp({}, {
      beforeReady: (app) => {
        app.unitOfWork.onEvents(async (trx, events) => {
          // Proves the hook runs inside the transaction: it sees the uncommitted change.
          await trx.selectFrom('users').select('id').limit(1).execute();
          if (failNextHook) {
            failNextHook = false;
            throw new Error('the events table refused');
          }
          inTransaction.push([...events]);
        });
        app.unitOfWork.afterCommit((events) => committed.push([...events]));
      },
    });
  const user = useTestUser(t);
  /** Forgets what the test's setup reported. */
  const forget = () => {
    inTransaction = [];
    committed = [];
  };
  beforeEach(forget);

  const request = <T = Record<string, unknown>>(method: 'POST' | 'PATCH' | 'DELETE', url: string, status: number, body?: object, headers?: Record<string, string>) =>
    call<T>(t.app, { method, url: `/api/v1${url}`, token: user.token, body, headers }, status);
  const types = () => committed.map((events) => events.map((event) => event.type));

  it('reports a client created, updated and deleted, the deleted one as it was', async () => {
    const { body: client } = await request<Client>('POST', '/clients', 201, { kind: 'customer', companyName: 'Acme', currency: 'EUR' });
    const { body: renamed } = await request<Client>('PATCH', `/clients/${client.id}`, 200, { companyName: 'Acme 2' });
    await request('DELETE', `/clients/${client.id}`, 204);
    expect(committed).toEqual([
      [{ userId: user.id, type: 'client.created', object: client }],
      [{ userId: user.id, type: 'client.updated', object: renamed }],
      [{ userId: user.id, type: 'client.deleted', object: renamed }],
    ]);
    expect(inTransaction).toEqual(committed);
  });

  it('reports business.updated for the first PUT, a later PUT and a PATCH; a refused write reports nothing', async () => {
    const put = (body: object) => call<BusinessProfile>(t.app, { method: 'PUT', url: '/api/v1/business', token: user.token, body }, 200);
    const { body: created } = await put(profileBody());
    const { body: replaced } = await put(profileBody({ legalName: 'Replaced BV' }));
    const { body: patched } = await request<BusinessProfile>('PATCH', '/business', 200, { paymentTermsDays: 10 });
    await request('PATCH', '/business', 400, { paymentTermsDays: 1000 });
    expect(committed).toEqual([
      [{ userId: user.id, type: 'business.updated', object: created }],
      [{ userId: user.id, type: 'business.updated', object: replaced }],
      [{ userId: user.id, type: 'business.updated', object: patched }],
    ]);
  });

  it('reports an invoice created, updated and deleted, as GET shows it', async () => {
    const { body: { id: clientId } } = await request<Client>('POST', '/clients', 201, { kind: 'customer', companyName: 'Acme', currency: 'EUR' });
    forget();
    const item = { description: 'Work', quantity: 1, unitPrice: 1_000 };
    const { body: created } = await request<Invoice>('POST', '/invoices', 201, { clientId, dueDate: '2099-12-31', items: [item] });
    const { body: edited } = await request<Invoice>('PATCH', `/invoices/${created.id}`, 200, { notes: 'thanks' });
    await request('DELETE', `/invoices/${created.id}`, 204);
    expect(committed).toEqual([
      [{ userId: user.id, type: 'invoice.created', object: created }],
      [{ userId: user.id, type: 'invoice.updated', object: edited }],
      [{ userId: user.id, type: 'invoice.deleted', object: edited }],
    ]);
  });

  it('reports each transition as its own type only', async () => {
    const { id } = await seedInvoice(t.app, user.id);
    const { body: published } = await request<Invoice>('POST', `/invoices/${id}/publish`, 200);
    const { body: sent } = await request<Invoice>('POST', `/invoices/${id}/send`, 200);
    const { body: voided } = await request<Invoice>('POST', `/invoices/${id}/void`, 200);
    expect(committed).toEqual([
      [{ userId: user.id, type: 'invoice.published', object: published }],
      [{ userId: user.id, type: 'invoice.sent', object: sent }],
      [{ userId: user.id, type: 'invoice.voided', object: voided }],
    ]);
  });

  it('reports /pay as payment.created then invoice.paid, and a replay as nothing', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    forget();
    const key = { 'idempotency-key': randomUUID() };
    const { body: paid } = await request<Invoice>('POST', `/invoices/${id}/pay`, 200, { method: 'card' }, key);
    await request('POST', `/invoices/${id}/pay`, 200, { method: 'card' }, key);
    const [payment] = (await invoiceSnapshot(t.app, id)).payments;
    expect(committed).toEqual([
      [
        { userId: user.id, type: 'payment.created', object: expect.objectContaining({ id: payment?.id, amount: 10_000 }), currency: 'EUR' },
        { userId: user.id, type: 'invoice.paid', object: paid },
      ],
    ]);
  });

  it('reports a payment, and invoice.paid only with the payment that settles', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    forget();
    await request('POST', `/invoices/${id}/payments`, 201, { amount: 4_000, method: 'cash' });
    await request('POST', `/invoices/${id}/payments`, 201, { amount: 6_000, method: 'cash' });
    expect(types()).toEqual([['payment.created'], ['payment.created', 'invoice.paid']]);
  });

  it('reports nothing for a refused request', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    forget();
    await request('POST', `/invoices/${id}/publish`, 409);
    await request('POST', `/invoices/${id}/payments`, 422, { amount: 1_000_000, method: 'cash' });
    expect(committed).toEqual([]);
    expect(inTransaction).toEqual([]);
  });

  it('rolls the change back when an events hook fails: hook and change commit together', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    const before = await invoiceSnapshot(t.app, id);
    forget();
    failNextHook = true;
    await request('POST', `/invoices/${id}/payments`, 500, { amount: 1_000, method: 'cash' });
    expect(await invoiceSnapshot(t.app, id)).toEqual(before);
    expect(committed).toEqual([]);
  });
});
