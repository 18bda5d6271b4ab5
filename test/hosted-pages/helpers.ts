/** Hosted-page fixtures: a seller with a profile, a client, invoices issued through the API, and the page fetched by its link. */
import type { Invoice } from '../../schemas/invoices.js';
import type { App } from '../../src/app.js';
import { createClient } from '../clients/helpers.js';
import { call } from '../helpers/app.js';
import type { TestUser } from '../helpers/users.js';
import { item } from '../invoices/helpers.js';

/** The path of a hosted URL (`/i/<token>`), for inject. */
export const pathOf = (hostedUrl: string | null) => {
  if (!hostedUrl) throw new Error('no hostedUrl');
  return new URL(hostedUrl).pathname;
};

/** A published invoice of `owner` (EUR, 100.00 + 21 % VAT unless `fields` say otherwise), after `actions`. */
export async function issueInvoice(
  app: App,
  owner: TestUser,
  fields: Record<string, unknown> = {},
  actions: { action: string; body?: object }[] = [],
  client: Record<string, unknown> = {},
): Promise<Invoice> {
  const { id: clientId } = await createClient(app, owner.token, client);
  const body = { clientId, issueDate: '2026-11-02', dueDate: '2099-12-02', items: [item({ quantity: 1, unitPrice: 10_000, taxRate: 21 })], ...fields };
  const { body: draft } = await call<Invoice>(app, { method: 'POST', url: '/api/v1/invoices', token: owner.token, body }, 201);
  let invoice = (await call<Invoice>(app, { method: 'POST', url: `/api/v1/invoices/${draft.id}/publish`, token: owner.token }, 200)).body;
  for (const { action, body: actionBody } of actions) {
    invoice = (await call<Invoice>(app, { method: 'POST', url: `/api/v1/invoices/${draft.id}/${action}`, token: owner.token, body: actionBody }, 200))
      .body;
  }
  return invoice;
}

export async function openPage(app: App, hostedUrl: string | null, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url: pathOf(hostedUrl), headers: { accept: 'text/html', ...headers } });
}
