/**
 * The whole API flow written as a user of the @hey-api/openapi-ts client would write it, with
 * the generated types only (bigint money, Date dates). Type-checked strictly together with the
 * generated code by test/sdk/hey-api.test.ts, which then runs it against a listening server.
 * Not in the main tsconfig: it imports code that exists only once the test has generated it.
 */
import { expect } from 'vitest';
import { expectData } from './flow-expectations.js';
import { createClient, createConfig } from './generated/hey-api/client/index.js';
import {
  type GetInvoiceError,
  type Invoice,
  createApiKey,
  createBillingClient,
  createInvoice,
  createInvoicePayment,
  getInvoice,
  listInvoices,
  logoutUser,
  publishInvoice,
  refreshTokens,
  registerUser,
} from './generated/hey-api/index.js';

/** What a caller does with an error: switch on its code, which the types narrow per operation. */
function explain(error: GetInvoiceError): string {
  switch (error.code) {
    case 'validation_failed':
      return 'fix the request';
    case 'not_found':
      return 'gone';
    case 'unauthorized':
      return 'sign in again';
    case 'rate_limited':
    case 'service_unavailable':
      return 'retry later';
    case 'internal':
      return 'report it';
  }
}

export async function runHeyApiFlow(baseUrl: string, fetch: typeof globalThis.fetch, email: string): Promise<void> {
  let accessToken = '';
  const client = createClient(createConfig({ baseUrl, fetch, auth: () => accessToken }));

  const session = expectData(
    await registerUser({ client, body: { email, password: 'correct horse battery staple', name: 'Ada' } }),
    201,
  );
  accessToken = session.accessToken;
  expect(session.user.createdAt).toBeInstanceOf(Date);

  // A server integration's credential: an API key, made once from the login session, then sent as
  // the bearer token by every call below (no 15-minute token to refresh).
  const apiKey = expectData(await createApiKey({ client, body: { name: 'SDK flow', scope: 'write' } }), 201);
  expect(apiKey.key).toMatch(/^ik_/);
  accessToken = apiKey.key;

  const created = await createBillingClient({
    client,
    body: { kind: 'customer', companyName: 'Globex', currency: 'EUR', address: { line1: '1 Main St', city: 'Berlin', country: 'DE' } },
  });
  const customer = expectData(created, 201);
  expect(created.response.headers.get('etag')).toMatch(/^".+"$/);
  expect(created.response.headers.get('location')).toBe(`/api/v1/clients/${customer.id}`);

  // 1.5 × 19.99 = 29.985 → 29.99 (half away from zero); 19 % tax of 2999 = 569.81 → 570.
  const draftResult = await createInvoice({
    client,
    body: {
      clientId: customer.id,
      dueDate: new Date('2099-12-31'),
      items: [{ description: 'Consulting hour', quantity: 1.5, unitPrice: 1999n, taxRate: 19 }],
    },
  });
  const draft: Invoice = expectData(draftResult, 201);
  expect(draftResult.response.headers.get('etag')).toMatch(/^".+"$/);
  expect(draft).toMatchObject({ status: 'draft', currency: 'EUR', subtotal: 2999n, tax: 570n, total: 3569n, amountDue: 3569n });
  expect(draft.dueDate).toEqual(new Date('2099-12-31'));

  const published = expectData(await publishInvoice({ client, path: { id: draft.id } }), 200);
  expect(published).toMatchObject({ status: 'published', number: 'INV-000001', amountDue: 3569n });

  // A part payment, then exactly the amountDue the invoice reports, as the bigint it arrived as.
  const part = expectData(
    await createInvoicePayment({ client, path: { id: draft.id }, body: { amount: 1000n, method: 'card' } }),
    201,
  );
  expect(part.amount).toBe(1000n);
  const owed = expectData(await getInvoice({ client, path: { id: draft.id } }), 200).amountDue;
  expect(owed).toBe(2569n);
  const key = `flow-${draft.id}`;
  const pay = () =>
    createInvoicePayment({
      client,
      path: { id: draft.id },
      headers: { 'idempotency-key': key },
      body: { amount: owed, method: 'bank_transfer', reference: 'TX-1' },
    });
  const first = await pay();
  const payment = expectData(first, 201);
  expect(payment).toMatchObject({ amount: 2569n, method: 'bank_transfer', reference: 'TX-1' });
  expect(payment.paidAt).toBeInstanceOf(Date);
  expect(first.response.headers.get('idempotent-replayed')).toBeNull();
  const replay = await pay();
  expect(expectData(replay, 201)).toEqual(payment);
  expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
  const paid = expectData(await getInvoice({ client, path: { id: draft.id } }), 200);
  expect(paid).toMatchObject({ status: 'paid', amountPaid: 3569n, amountDue: 0n });

  const missing = await getInvoice({ client, path: { id: '00000000-0000-4000-8000-000000000000' } });
  expect(missing.response.status).toBe(404);
  expect(missing.error && explain(missing.error)).toBe('gone');

  for (let index = 0; index < 2; index++) {
    expectData(await createInvoice({ client, body: { clientId: customer.id, dueDate: new Date('2099-12-31') } }), 201);
  }
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = expectData(await listInvoices({ client, query: { limit: 2, ...(cursor ? { cursor } : {}) } }), 200);
    expect(page.data.length).toBeLessThanOrEqual(2);
    seen.push(...page.data.map((invoice) => invoice.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  expect(seen).toHaveLength(3);
  expect(new Set(seen).size).toBe(3);
  expect(seen.at(-1)).toBe(draft.id);

  const renewed = expectData(await refreshTokens({ client, body: { refreshToken: session.refreshToken } }), 200);
  expect(renewed.refreshToken).not.toBe(session.refreshToken);
  accessToken = renewed.accessToken;
  expect(expectData(await getInvoice({ client, path: { id: draft.id } }), 200).status).toBe('paid');

  const loggedOut = await logoutUser({ client, body: { refreshToken: renewed.refreshToken } });
  expect(loggedOut.response.status).toBe(204);
  const afterLogout = await refreshTokens({ client, body: { refreshToken: renewed.refreshToken } });
  expect(afterLogout.response.status).toBe(401);
  expect(afterLogout.error?.code).toBe('unauthorized');
}
