/**
 * The bare reference's writes, with the statements ours runs (src/services/invoices.ts,
 * payments.ts, the unit of work's event hook): one transaction each, named prepared statements,
 * the events and their webhook delivery tasks in one statement (NOTIFY when it queued any), and
 * the same JSON. Pricing and the balance rules are the same pure modules ours calls: the limit
 * measures what the framework costs, not different arithmetic.
 */
import type { ServerResponse } from 'node:http';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { LineInput } from '../base/stored-shapes.js';
import type { TaxRounding } from '../base/vocabulary.js';
import { paymentMethods as methods } from '../schemas/payments.js';
import { addDays } from '../src/domain/calendar.js';
import { withPayment } from '../src/domain/invoice-balance.js';
import { JOBS_CHANNEL } from '../src/jobs/queue.js';
import { lineColumns, priceItems } from '../src/services/document-lines.js';
import { WEBHOOK_DELIVERY_KIND } from '../src/services/events.js';
import { clientColumns, itemColumns, loadInvoice, pool, profileColumns, run, send, summaryColumns, toBuyer, toSeller } from './reference-db.js';

interface Event {
  userId: string;
  type: string;
  object: object;
}

/** Refused input: a 4xx answered without writing anything. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

async function transaction<T>(work: (client: pg.PoolClient, events: Event[]) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const events: Event[] = [];
    const result = await work(client, events);
    if (events.length > 0) await writeEvents(client, events);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

/** Ours' events_and_deliveries (src/services/events.ts): the events, and a delivery task per wanting endpoint. */
async function writeEvents(client: pg.PoolClient, events: Event[]) {
  const [queued] = await run<{ count: number }>(
    client,
    'events_and_deliveries',
    `with event as (
       insert into events (id, user_id, type, object)
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[]) returning id, user_id, type
     ), delivery as (
       insert into jobs (kind, lane, payload)
       select '${WEBHOOK_DELIVERY_KIND}' as kind, endpoint.id::text as lane, jsonb_build_object('endpointId', endpoint.id, 'eventId', event.id) as payload
       from webhook_endpoints as endpoint join event on event.user_id = endpoint.user_id
       where endpoint.enabled = true and endpoint.events && array['*', event.type]
       order by event.id returning id
     ) select count(*)::int as count from delivery`,
    [events.map(() => uuidv7()), events.map((event) => event.userId), events.map((event) => event.type), events.map((event) => JSON.stringify(event.object))],
  );
  if ((queued?.count ?? 0) > 0) await run(client, 'notify', `select pg_notify('${JOBS_CHANNEL}', '')`, []);
}

interface NewInvoice {
  clientId: string;
  currency?: string;
  issueDate?: string;
  dueDate?: string;
  notes?: string | null;
  taxRounding?: TaxRounding;
  items?: LineInput[];
}
const newInvoiceKeys = new Set(['clientId', 'currency', 'issueDate', 'dueDate', 'notes', 'taxRounding', 'items']);
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const date = /^\d{4}-\d{2}-\d{2}$/;

/** The shape checks the bench's bodies need (ours validates far more, with ajv): anything else is a 400. */
function newInvoiceOf(body: unknown): NewInvoice {
  const valid =
    typeof body === 'object' &&
    body !== null &&
    Object.keys(body).every((key) => newInvoiceKeys.has(key)) &&
    typeof (body as NewInvoice).clientId === 'string' &&
    uuid.test((body as NewInvoice).clientId) &&
    [(body as NewInvoice).issueDate, (body as NewInvoice).dueDate].every((value) => value === undefined || (typeof value === 'string' && date.test(value))) &&
    ((body as NewInvoice).items === undefined || Array.isArray((body as NewInvoice).items));
  if (!valid) throw new Refusal(400, 'validation_failed');
  return body as NewInvoice;
}

export const createInvoice = (userId: string, body: unknown) =>
  transaction(async (client, events) => {
    const input = newInvoiceOf(body);
    const issueDate = input.issueDate ?? new Date().toISOString().slice(0, 10);
    const [profile] = await run<Record<string, unknown> & { paymentTermsDays: number; taxRounding: TaxRounding }>(
      client,
      'profile_for_create',
      `select ${profileColumns}, payment_terms_days as "paymentTermsDays", tax_rounding as "taxRounding" from business_profiles where user_id = $1`,
      [userId],
    );
    const dueDate = input.dueDate ?? (profile ? addDays(issueDate, profile.paymentTermsDays) : undefined);
    if (!dueDate || dueDate < issueDate) throw new Refusal(400, 'validation_failed');
    const taxRounding = input.taxRounding ?? profile?.taxRounding ?? 'line';
    const { paymentTermsDays: _terms, taxRounding: _rounding, ...seller } = profile ?? {};
    const priced = priceItems(input.items ?? [], taxRounding);
    const [customer] = await run<Record<string, unknown> & { currency: string }>(
      client,
      'client_for_create',
      `select ${clientColumns}, currency from clients where user_id = $1 and id = $2`,
      [userId, input.clientId],
    );
    if (!customer) throw new Refusal(422, 'unprocessable');
    const { currency, ...buyer } = customer;
    const { totals } = priced;
    const [inserted] = await run<Record<string, unknown> & { id: string; version: number }>(
      client,
      'insert_invoice',
      `insert into invoices (user_id, client_id, currency, issue_date, due_date, notes, tax_rounding, subtotal, tax, total,
         allowance_total, charge_total, tax_breakdown, allowances, charges)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning ${summaryColumns}, version`,
      [userId, input.clientId, input.currency ?? currency, issueDate, dueDate, input.notes ?? null, taxRounding, totals.subtotal, totals.tax,
        totals.total, totals.allowance_total, totals.charge_total, totals.tax_breakdown, totals.allowances, totals.charges],
    );
    if (!inserted) throw new Error('the invoice was not inserted');
    const { version, ...invoice } = inserted;
    const items = priced.lines.length === 0 ? [] : await insertItems(client, invoice.id, priced.lines);
    const created = { ...invoice, seller: profile ? toSeller(seller) : null, buyer: toBuyer(buyer), items };
    events.push({ userId, type: 'invoice.created', object: created });
    return { body: created, headers: { location: `/api/v1/invoices/${invoice.id}`, etag: `"${invoice.id}.${version}"` } };
  });

/** One multi-row insert, as ours; its text depends on the number of lines, so each count is its own statement. */
async function insertItems(client: pg.PoolClient, invoiceId: string, lines: ReturnType<typeof priceItems>['lines']) {
  const rows = lines.map((line, position) => ({ invoice_id: invoiceId, ...lineColumns(line, position) }));
  const columns = Object.keys(rows[0] ?? {});
  const placeholders = rows.map((_, row) => `(${columns.map((_, column) => `$${row * columns.length + column + 1}`).join(', ')})`);
  const inserted = await run<{ position: number }>(
    client,
    `insert_items_${rows.length}`,
    `insert into invoice_items (${columns.join(', ')}) values ${placeholders.join(', ')} returning position, ${itemColumns}`,
    rows.flatMap((row) => Object.values(row)),
  );
  return inserted.sort((a, b) => a.position - b.position).map(({ position: _position, ...item }) => item);
}

const paymentMethods = new Set<string>(methods);
const paymentColumns = `id, invoice_id as "invoiceId", amount, method, paid_at as "paidAt", reference, metadata, created_at as "createdAt"`;

interface NewPayment {
  amount: number;
  method: string;
  paidAt?: string;
  reference?: string | null;
}

function newPaymentOf(body: unknown): NewPayment {
  const payment = body as NewPayment;
  const valid =
    typeof body === 'object' &&
    body !== null &&
    Object.keys(body).every((key) => ['amount', 'method', 'paidAt', 'reference'].includes(key)) &&
    Number.isSafeInteger(payment.amount) &&
    payment.amount > 0 &&
    paymentMethods.has(payment.method) &&
    (payment.paidAt === undefined || !Number.isNaN(Date.parse(payment.paidAt)));
  if (!valid) throw new Refusal(400, 'validation_failed');
  return payment;
}

interface LockedInvoice {
  status: 'draft' | 'published' | 'sent' | 'paid' | 'void' | 'uncollectible';
  total: number;
  amountPaid: number;
  amountCredited: number;
  creditApplied: number;
  currency: string;
}

export const recordPayment = (userId: string, invoiceId: string, body: unknown) =>
  transaction(async (client, events) => {
    const input = newPaymentOf(body);
    const [invoice] = await run<LockedInvoice>(
      client,
      'lock_invoice',
      `select status, total, amount_paid as "amountPaid", amount_credited as "amountCredited", credit_applied as "creditApplied", currency
       from invoices where user_id = $1 and id = $2 for update`,
      [userId, invoiceId],
    );
    if (!invoice) throw new Refusal(404, 'not_found');
    let after;
    try {
      after = withPayment(invoice, input.amount);
    } catch (error) {
      const overpaid = (error as { code?: string }).code === 'overpayment';
      throw overpaid ? new Refusal(422, 'overpayment') : new Refusal(409, 'invalid_transition');
    }
    const paidAt = input.paidAt === undefined ? new Date() : new Date(input.paidAt);
    const [inserted] = await run<{ id: string }>(
      client,
      'insert_payment',
      `insert into payments (user_id, invoice_id, amount, method, paid_at, reference) values ($1, $2, $3, $4, $5, $6) returning ${paymentColumns}`,
      [userId, invoiceId, input.amount, input.method, paidAt, input.reference ?? null],
    );
    const payment = inserted && { ...inserted, currency: invoice.currency };
    const settles = after.status === 'paid' && invoice.status !== 'paid';
    await run(
      client,
      'write_balance',
      `update invoices set status = $3, amount_paid = $4, amount_credited = $5, credit_applied = $6,
         paid_at = case when $7::boolean then $8::timestamptz else paid_at end, version = version + 1, updated_at = now()
       where id = $1 and user_id = $2`,
      [invoiceId, userId, after.status, after.amountPaid, after.amountCredited, after.creditApplied, settles, paidAt],
    );
    if (!payment) throw new Error('the payment was not inserted');
    events.push({ userId, type: 'payment.created', object: payment });
    if (after.status === 'paid') {
      const paid = await loadInvoice(client, userId, invoiceId);
      if (paid) events.push({ userId, type: 'invoice.paid', object: paid.invoice });
    }
    return { body: payment, headers: { location: `/api/v1/payments/${payment.id}` } };
  });

/** Sends a write's answer (201, its body and headers), or the refusal's problem. */
export async function answerWrite(response: ServerResponse, write: Promise<{ body: unknown; headers: Record<string, string> }>) {
  try {
    const { body, headers } = await write;
    send(response, 201, body, headers);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    send(response, error.status, { code: error.code });
  }
}
