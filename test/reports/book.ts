/**
 * Writes a user's books through the API (clients, invoices taken to any status, payments dated by
 * paidAt, credit notes dated by issueDate) and reads back everything as the API shows it: the
 * objects the report model and the export checks start from.
 */
import type { App } from '../../src/app.js';
import type { Client } from '../../schemas/clients.js';
import type { CreditNote, CreditNoteSummary } from '../../schemas/credit-notes.js';
import type { Invoice, InvoiceSummary } from '../../schemas/invoices.js';
import type { Payment } from '../../schemas/payments.js';
import { call } from '../helpers/app.js';
import type { TestUser } from '../helpers/users.js';

export interface Line {
  unitPrice: number;
  quantity?: number;
  taxRate?: number;
  taxCategory?: string;
  description?: string;
}

export interface InvoiceSpec {
  clientId: string;
  currency?: string;
  issueDate: string;
  dueDate: string;
  lines: Line[];
  taxRounding?: 'line' | 'document';
}

/** Everything a user's books hold, as the API lists it. */
export interface Ledger {
  clients: Client[];
  invoices: InvoiceSummary[];
  payments: Payment[];
  creditNotes: CreditNoteSummary[];
}

const itemsOf = (lines: Line[]) =>
  lines.map(({ unitPrice, quantity = 1, taxRate = 0, taxCategory, description = 'Work' }) => ({
    description,
    quantity,
    unitPrice,
    taxRate,
    ...(taxCategory ? { taxCategory } : {}),
  }));

export function book(app: App, user: TestUser) {
  const post = async <T>(url: string, body: unknown, expected = 201) =>
    (await call<T>(app, { method: 'POST', url: `/api/v1${url}`, token: user.token, body }, expected)).body;

  return {
    client: (companyName: string, currency: string, extra: Record<string, unknown> = {}) =>
      post<Client>('/clients', { kind: 'customer', companyName, currency, ...extra }),

    draft: ({ lines, ...spec }: InvoiceSpec) => post<Invoice>('/invoices', { ...spec, items: itemsOf(lines) }),

    /** A published invoice. */
    async invoice(spec: InvoiceSpec) {
      const draft = await this.draft(spec);
      return post<Invoice>(`/invoices/${draft.id}/publish`, undefined, 200);
    },

    pay: (invoice: { id: string }, amount: number, paidAt: string, reference?: string) =>
      post<Payment>(`/invoices/${invoice.id}/payments`, { amount, method: 'bank_transfer', paidAt, ...(reference ? { reference } : {}) }),

    payInFull: (invoice: { id: string }, paidAt: string) =>
      post<Invoice>(`/invoices/${invoice.id}/pay`, { method: 'card', paidAt }, 200),

    credit: (invoice: { id: string }, issueDate: string, lines?: Line[], reason = 'Correction') =>
      post<CreditNote>(`/invoices/${invoice.id}/credit-notes`, { reason, issueDate, ...(lines ? { items: itemsOf(lines) } : {}) }),

    act: (invoice: { id: string }, action: 'send' | 'void' | 'mark-uncollectible') =>
      post<Invoice>(`/invoices/${invoice.id}/${action}`, undefined, 200),
  };
}

/** Every page of a list. */
async function listAll<T>(app: App, user: TestUser, path: string): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=100${cursor ? `&cursor=${cursor}` : ''}`;
    const { body } = await call<{ data: T[]; nextCursor: string | null }>(
      app,
      { method: 'GET', url: `/api/v1${path}?${query}`, token: user.token },
      200,
    );
    all.push(...body.data);
    cursor = body.nextCursor;
  } while (cursor);
  return all;
}

export async function readLedger(app: App, user: TestUser): Promise<Ledger> {
  const [clients, invoices, payments, creditNotes] = await Promise.all([
    listAll<Client>(app, user, '/clients'),
    listAll<InvoiceSummary>(app, user, '/invoices'),
    listAll<Payment>(app, user, '/payments'),
    listAll<CreditNoteSummary>(app, user, '/credit-notes'),
  ]);
  return { clients, invoices, payments, creditNotes };
}
