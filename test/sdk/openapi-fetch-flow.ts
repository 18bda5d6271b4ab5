/**
 * A server integration written as a user of openapi-fetch would write it, on the `paths` types
 * openapi-typescript generates: a login session makes API keys once, then every resource call goes
 * out with a key as the bearer token. Type-checked strictly together with the generated types by
 * test/sdk/openapi-typescript.test.ts, which then runs it against a listening server.
 * Not in the main tsconfig: it imports types that exist only once the test has generated them.
 */
import createClient from 'openapi-fetch';
import { expect } from 'vitest';
import { expectData } from './flow-expectations.js';
import type { paths } from './generated/openapi-typescript/schema.js';

export async function runOpenapiFetchFlow(baseUrl: string, fetch: typeof globalThis.fetch, email: string): Promise<void> {
  const anonymous = createClient<paths>({ baseUrl, fetch });
  const session = expectData(
    await anonymous.POST('/api/v1/auth/register', { body: { email, password: 'correct horse battery staple', name: 'Grace' } }),
    201,
  );
  const signedIn = createClient<paths>({ baseUrl, fetch, headers: { authorization: `Bearer ${session.accessToken}` } });

  // The integration's credentials, made once from the login session.
  const writeKey = expectData(await signedIn.POST('/api/v1/api-keys', { body: { name: 'openapi-fetch flow', scope: 'write' } }), 201);
  const readKey = expectData(await signedIn.POST('/api/v1/api-keys', { body: { name: 'openapi-fetch reports', scope: 'read' } }), 201);
  expect(writeKey.key).toMatch(/^ik_/);
  const api = createClient<paths>({ baseUrl, fetch, headers: { authorization: `Bearer ${writeKey.key}` } });
  const reader = createClient<paths>({ baseUrl, fetch, headers: { authorization: `Bearer ${readKey.key}` } });

  const customer = expectData(
    await api.POST('/api/v1/clients', {
      body: { kind: 'customer', companyName: 'Initech', currency: 'EUR', address: { line1: '1 Main St', city: 'Berlin', country: 'DE' } },
    }),
    201,
  );
  // 2 × 12.50 = 25.00; 19 % tax = 4.75.
  const draft = expectData(
    await api.POST('/api/v1/invoices', {
      body: { clientId: customer.id, dueDate: '2099-12-31', items: [{ description: 'Workshop seat', quantity: 2, unitPrice: 1250, taxRate: 19 }] },
    }),
    201,
  );
  expect(draft).toMatchObject({ status: 'draft', subtotal: 2500, tax: 475, total: 2975 });
  const published = expectData(await api.POST('/api/v1/invoices/{id}/publish', { params: { path: { id: draft.id } } }), 200);
  expect(published.number).toBe('INV-000001');

  // The read key finds it by number; it may not write.
  const found = expectData(await reader.GET('/api/v1/invoices', { params: { query: { number: 'INV-000001' } } }), 200);
  expect(found.data.map((invoice) => invoice.id)).toEqual([draft.id]);
  const refused = await reader.POST('/api/v1/invoices/{id}/void', { params: { path: { id: draft.id } } });
  expect(refused.response.status).toBe(403);
  expect(refused.error?.code).toBe('insufficient_scope');
  expect(refused.response.headers.get('www-authenticate')).toBe('Bearer realm="invoice-api", error="insufficient_scope"');

  // Keys are managed from the session only; a deleted key stops at once.
  const managedWithKey = await api.GET('/api/v1/api-keys');
  expect(managedWithKey.response.status).toBe(403);
  expect(managedWithKey.error?.code).toBe('insufficient_scope');
  const deleted = await signedIn.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: writeKey.id } } });
  expect(deleted.response.status).toBe(204);
  const afterDelete = await api.GET('/api/v1/invoices/{id}', { params: { path: { id: draft.id } } });
  expect(afterDelete.response.status).toBe(401);
  expect(afterDelete.error?.code).toBe('unauthorized');
  expect(afterDelete.response.headers.get('www-authenticate')).toBe('Bearer realm="invoice-api", error="invalid_token"');
  expect(expectData(await reader.GET('/api/v1/invoices/{id}', { params: { path: { id: draft.id } } }), 200).status).toBe('published');
}
