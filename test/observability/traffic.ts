/**
 * A short, realistic flow through every domain of the running API over HTTP, documents
 * included: successes, client errors (400, 401, 403, 404, 409, 412, 422), 304, idempotent
 * replays, both rate limits (429), a URL that matches no route and a webhook delivered to a
 * loopback receiver (the server runs with WEBHOOK_ALLOW_PRIVATE_URLS). Each step asserts its
 * status, so the metrics it leaves are the ones the dashboard expects. A new domain adds its own
 * step to `domainFlows`.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { startReceiver } from '../webhooks/receiver.js';

/** Limits the server is started with, so the flow can exceed them on purpose. */
export const flowLimits = { RATE_LIMIT_MAX: '1000', RATE_LIMIT_USER_MAX: '60', AUTH_RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW: '600' };

/** Settings the flow needs beyond its limits: webhooks to a loopback receiver. */
export const flowSettings = { ...flowLimits, WEBHOOK_ALLOW_PRIVATE_URLS: 'true' };

type Body = Record<string, unknown>;

export class ApiClient {
  constructor(readonly base: string) {}

  /** Sends a request and asserts the status; returns the JSON body (empty object for any other). */
  async call(
    method: string,
    path: string,
    expected: number,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ body: Body; headers: Headers }> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text}`).toBe(expected);
    const json = response.headers.get('content-type')?.includes('json') ?? false;
    return { body: json && text ? (JSON.parse(text) as Body) : {}, headers: response.headers };
  }
}

interface Session {
  token: string;
  refreshToken: string;
  email: string;
}

const password = 'correct horse battery staple';

async function register(api: ApiClient): Promise<Session> {
  const email = `ops-${randomUUID()}@example.com`;
  const { body } = await api.call('POST', '/api/v1/auth/register', 201, { body: { email, password, name: 'Ops Flow' } });
  return { token: body.accessToken as string, refreshToken: body.refreshToken as string, email };
}

async function healthFlow(api: ApiClient) {
  await api.call('GET', '/health/live', 200);
  await api.call('GET', '/health/ready', 200);
  await api.call('GET', `/no-such-page/${randomUUID()}`, 404);
}

async function authFlow(api: ApiClient, session: Session) {
  await api.call('POST', '/api/v1/auth/register', 409, { body: { email: session.email, password } });
  await api.call('POST', '/api/v1/auth/register', 400, { body: { email: 'not-an-email', password } });
  const { body } = await api.call('POST', '/api/v1/auth/login', 200, { body: { email: session.email, password } });
  const refreshed = await api.call('POST', '/api/v1/auth/refresh', 200, { body: { refreshToken: body.refreshToken } });
  await api.call('POST', '/api/v1/auth/logout', 204, { body: { refreshToken: refreshed.body.refreshToken } });
  // The login limit counts every attempt per address and email: someone guessing is stopped.
  const guessed = { email: `ops-${randomUUID()}@example.com`, password: `wrong ${password}` };
  for (let attempt = 1; attempt <= Number(flowLimits.AUTH_RATE_LIMIT_MAX); attempt += 1) {
    await api.call('POST', '/api/v1/auth/login', 401, { body: guessed });
  }
  await api.call('POST', '/api/v1/auth/login', 429, { body: guessed });
}

async function usersFlow(api: ApiClient, { token }: Session) {
  await api.call('GET', '/api/v1/users/me', 200, { token });
  await api.call('PATCH', '/api/v1/users/me', 200, { token, body: { name: 'Ops Flow Renamed' } });
  await api.call('GET', '/api/v1/users/me', 401, { token: 'not-a-token' });
  await api.call('GET', '/api/v1/users', 403, { token });
}

async function businessFlow(api: ApiClient, { token }: Session) {
  await api.call('GET', '/api/v1/business', 404, { token });
  await api.call('PUT', '/api/v1/business', 400, { token, body: { legalName: 'Ops Flow BV' } });
  const address = { line1: 'Rue de la Loi 16', city: 'Bruxelles', postalCode: '1000', country: 'BE' };
  await api.call('PUT', '/api/v1/business', 200, { token, body: { legalName: 'Ops Flow BV', address, vatId: 'BE0456789034' } });
  await api.call('GET', '/api/v1/business', 200, { token });
}

async function clientsFlow(api: ApiClient, { token }: Session): Promise<string> {
  const { body: client } = await api.call('POST', '/api/v1/clients', 201, {
    token,
    body: {
      kind: 'customer',
      companyName: 'Acme GmbH',
      currency: 'EUR',
      address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    },
  });
  await api.call('POST', '/api/v1/clients', 400, { token, body: { kind: 'customer', currency: 'EURO' } });
  await api.call('GET', '/api/v1/clients', 200, { token });
  await api.call('GET', `/api/v1/clients/${client.id}`, 200, { token });
  await api.call('PATCH', `/api/v1/clients/${client.id}`, 200, { token, body: { companyName: 'Acme AG' } });
  await api.call('GET', `/api/v1/clients/${randomUUID()}`, 404, { token });
  const { body: spare } = await api.call('POST', '/api/v1/clients', 201, {
    token,
    body: { kind: 'vendor', companyName: 'Spare Ltd', currency: 'USD' },
  });
  await api.call('DELETE', `/api/v1/clients/${spare.id}`, 204, { token });
  return client.id as string;
}

const invoiceBody = (clientId: string, currency: string) => ({
  clientId,
  currency,
  dueDate: '2099-12-31',
  items: [{ description: 'Consulting hour', quantity: 2, unitPrice: 12_000, taxRate: 19 }],
});

/** Invoices through their lifecycle and payments, with replays and refusals. */
async function invoicesAndPaymentsFlow(api: ApiClient, { token }: Session, clientId: string) {
  const create = async (currency: string) =>
    (await api.call('POST', '/api/v1/invoices', 201, { token, body: invoiceBody(clientId, currency) })).body;
  await api.call('POST', '/api/v1/invoices', 400, { token, body: invoiceBody(clientId, 'EURO') });
  await api.call('GET', '/api/v1/invoices', 200, { token });

  const draft = await create('EUR');
  const { headers } = await api.call('GET', `/api/v1/invoices/${draft.id}`, 200, { token });
  await api.call('PATCH', `/api/v1/invoices/${draft.id}`, 412, { token, headers: { 'if-match': '"stale"' }, body: { notes: 'x' } });
  await api.call('PATCH', `/api/v1/invoices/${draft.id}`, 200, {
    token,
    headers: { 'if-match': headers.get('etag') ?? '' },
    body: { notes: 'Thank you' },
  });
  await api.call('POST', `/api/v1/invoices/${draft.id}/send`, 409, { token });
  await api.call('GET', `/api/v1/invoices/${draft.id}/ubl`, 409, { token });
  await api.call('POST', `/api/v1/invoices/${draft.id}/publish`, 200, { token });
  await api.call('POST', `/api/v1/invoices/${draft.id}/send`, 200, { token });
  await api.call('GET', `/api/v1/invoices/${draft.id}/ubl`, 200, { token });
  const pdf = await api.call('GET', `/api/v1/invoices/${draft.id}/pdf`, 200, { token });
  await api.call('GET', `/api/v1/invoices/${draft.id}/pdf`, 304, { token, headers: { 'if-none-match': pdf.headers.get('etag') ?? '' } });
  const total = draft.total as number;

  // A partial payment, its replay, an overpayment, then the rest: the invoice becomes paid.
  const key = randomUUID();
  const partial = { amount: 1_000, method: 'card' };
  await api.call('POST', `/api/v1/invoices/${draft.id}/payments`, 201, { token, headers: { 'idempotency-key': key }, body: partial });
  const replay = await api.call('POST', `/api/v1/invoices/${draft.id}/payments`, 201, {
    token,
    headers: { 'idempotency-key': key },
    body: partial,
  });
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  await api.call('POST', `/api/v1/invoices/${draft.id}/payments`, 422, { token, body: { amount: total, method: 'card' } });
  await api.call('POST', `/api/v1/invoices/${draft.id}/payments`, 201, { token, body: { amount: total - 1_000, method: 'bank_transfer' } });
  await api.call('GET', `/api/v1/invoices/${draft.id}/payments`, 200, { token });

  // Another currency settled with /pay (and its replay); one voided; one deleted as a draft.
  const usd = await create('USD');
  await api.call('POST', `/api/v1/invoices/${usd.id}/publish`, 200, { token });
  const payKey = randomUUID();
  await api.call('POST', `/api/v1/invoices/${usd.id}/pay`, 200, { token, headers: { 'idempotency-key': payKey }, body: { method: 'cash' } });
  await api.call('POST', `/api/v1/invoices/${usd.id}/pay`, 200, { token, headers: { 'idempotency-key': payKey }, body: { method: 'cash' } });
  const voided = await create('EUR');
  await api.call('POST', `/api/v1/invoices/${voided.id}/publish`, 200, { token });
  await api.call('POST', `/api/v1/invoices/${voided.id}/void`, 200, { token });
  const deleted = await create('EUR');
  await api.call('DELETE', `/api/v1/invoices/${deleted.id}`, 204, { token });

  const { body: page } = await api.call('GET', '/api/v1/payments', 200, { token });
  const [payment] = page.data as { id: string }[];
  await api.call('GET', `/api/v1/payments/${payment?.id}`, 200, { token });
  await api.call('GET', `/api/v1/payments/${randomUUID()}`, 404, { token });
}

/**
 * Credit notes on issued invoices: a partial one (with its replay and a refusal), its documents,
 * a full one in another currency, and one on an invoice marked uncollectible.
 */
async function creditNotesFlow(api: ApiClient, { token }: Session, clientId: string) {
  const issue = async (currency: string) => {
    const { body: invoice } = await api.call('POST', '/api/v1/invoices', 201, { token, body: invoiceBody(clientId, currency) });
    await api.call('POST', `/api/v1/invoices/${invoice.id}/publish`, 200, { token });
    return invoice.id as string;
  };
  const credit = (invoiceId: string, expected: number, body: Body, headers: Record<string, string> = {}) =>
    api.call('POST', `/api/v1/invoices/${invoiceId}/credit-notes`, expected, { token, body, headers });
  const goodwill = (unitPrice: number) => ({
    reason: 'Goodwill discount',
    items: [{ description: 'Goodwill discount', quantity: 1, unitPrice, taxRate: 19 }],
  });

  const { body: draft } = await api.call('POST', '/api/v1/invoices', 201, { token, body: invoiceBody(clientId, 'EUR') });
  await credit(draft.id as string, 409, { reason: 'Not issued yet' });

  const eur = await issue('EUR');
  const key = randomUUID();
  const { body: note } = await credit(eur, 201, goodwill(5_000), { 'idempotency-key': key });
  const replay = await credit(eur, 201, goodwill(5_000), { 'idempotency-key': key });
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  await credit(eur, 422, goodwill(1_000_000));
  await api.call('GET', `/api/v1/credit-notes?invoiceId=${eur}`, 200, { token });
  await api.call('GET', `/api/v1/credit-notes/${note.id}`, 200, { token });
  await api.call('GET', `/api/v1/credit-notes/${randomUUID()}`, 404, { token });
  const ubl = await api.call('GET', `/api/v1/credit-notes/${note.id}/ubl`, 200, { token });
  await api.call('GET', `/api/v1/credit-notes/${note.id}/ubl`, 304, { token, headers: { 'if-none-match': ubl.headers.get('etag') ?? '' } });
  const pdf = await api.call('GET', `/api/v1/credit-notes/${note.id}/pdf`, 200, { token });
  await api.call('GET', `/api/v1/credit-notes/${note.id}/pdf`, 304, { token, headers: { 'if-none-match': pdf.headers.get('etag') ?? '' } });

  // Without items a note credits the whole invoice, which becomes paid.
  await credit(await issue('USD'), 201, { reason: 'Order cancelled' });

  const writtenOff = await issue('EUR');
  await api.call('POST', `/api/v1/invoices/${writtenOff}/mark-uncollectible`, 200, { token });
  await api.call('POST', `/api/v1/invoices/${writtenOff}/mark-uncollectible`, 409, { token });
  await credit(writtenOff, 201, { reason: 'Settled out of court' });
  await api.call('GET', '/api/v1/credit-notes', 200, { token });
}

/** One user exceeds the per-user API limit. */
async function apiRateLimitFlow(api: ApiClient) {
  const { token } = await register(api);
  for (let request = 1; request <= Number(flowLimits.RATE_LIMIT_USER_MAX); request += 1) {
    await api.call('GET', '/api/v1/clients', 200, { token });
  }
  await api.call('GET', '/api/v1/clients', 429, { token });
}

/** An endpoint on a loopback receiver gets an event; the flow waits until its attempt is recorded. */
async function webhooksFlow(api: ApiClient) {
  const receiver = await startReceiver();
  try {
    const { token } = await register(api);
    const { body: endpoint } = await api.call('POST', '/api/v1/webhook-endpoints', 201, {
      token,
      body: { url: `${receiver.url}/hooks`, events: ['client.created'] },
    });
    await api.call('POST', '/api/v1/clients', 201, { token, body: { kind: 'customer', companyName: 'Hook Ltd', currency: 'EUR' } });
    await receiver.waitFor(1);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { body: page } = await api.call('GET', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, 200, { token });
      if ((page.data as unknown[]).length > 0) break;
      if (Date.now() > deadline) throw new Error('the webhook delivery was never recorded');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await receiver.close();
  }
}

/** Every domain's step; the observability test runs them all, twice. */
export const domainFlows: Record<string, (api: ApiClient) => Promise<void>> = {
  health: healthFlow,
  'auth, users, business, clients, invoices, documents and payments': async (api) => {
    const session = await register(api);
    await usersFlow(api, session);
    await businessFlow(api, session);
    const clientId = await clientsFlow(api, session);
    await invoicesAndPaymentsFlow(api, session, clientId);
    await authFlow(api, session);
  },
  'credit notes and uncollectible invoices': async (api) => {
    // A user of its own: the first flow's user is close to the per-user rate limit.
    const session = await register(api);
    await businessFlow(api, session);
    await creditNotesFlow(api, session, await clientsFlow(api, session));
  },
  webhooks: webhooksFlow,
  'rate limits': apiRateLimitFlow,
};
