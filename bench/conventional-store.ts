/**
 * The conventional server's data access, as a typical Express team writes it: a pg Pool with its
 * default parsers (Dates, int8 and numeric as strings), `SELECT *`, row mappers, and
 * BEGIN/COMMIT around each write. The invoice pricing is the API's own pure function (the same
 * work in both), so the responses match.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import bcrypt from 'bcrypt';
import pg from 'pg';
import { type InvoiceItemInput } from '../schemas/invoices.js';
import { priceItems } from '../src/services/document-lines.js';

// A date column as 'YYYY-MM-DD', not a local-midnight Date: the fix every pg user learns.
pg.types.setTypeParser(1082, (value) => value);

export const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

type Row = pg.QueryResultRow;

const iso = (value: Date | null) => (value ? value.toISOString() : null);
const addressOf = (a: Row | null) =>
  a && { line1: a.line1, line2: a.line2 ?? null, city: a.city, postalCode: a.postalCode ?? null, region: a.region ?? null, country: a.country };

const toSeller = (p: Row) => ({
  legalName: p.legal_name,
  tradingName: p.trading_name,
  address: addressOf(p.address),
  vatId: p.vat_id,
  legalId: p.legal_id,
  legalIdScheme: p.legal_id_scheme,
  contactName: p.contact_name,
  email: p.email,
  phone: p.phone,
  electronicAddress: p.electronic_address,
  bankAccount: p.bank_account && { iban: p.bank_account.iban, bic: p.bank_account.bic ?? null, accountName: p.bank_account.accountName ?? null },
});

const toBuyer = (c: Row) => ({
  name: c.company_name,
  contactName: c.contact_name,
  email: c.email,
  address: addressOf(c.address),
  vatId: c.tax_id,
  electronicAddress: c.electronic_address,
});

function toInvoiceSummary(row: Row, parties: { seller: unknown; buyer: unknown }) {
  const total = Number(row.total);
  const today = new Date().toISOString().slice(0, 10);
  return {
    id: row.id,
    number: row.number,
    clientId: row.client_id,
    status: row.status,
    currency: row.currency,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    notes: row.notes,
    buyerReference: row.buyer_reference,
    purchaseOrderReference: row.purchase_order_reference,
    deliveryDate: row.delivery_date,
    deliveryCountry: row.delivery_country,
    taxExemptions: row.tax_exemptions,
    taxRounding: row.tax_rounding,
    taxBreakdown: row.tax_breakdown,
    allowances: row.allowances,
    charges: row.charges,
    lineTotal: Number(row.subtotal) + Number(row.allowance_total) - Number(row.charge_total),
    allowanceTotal: Number(row.allowance_total),
    chargeTotal: Number(row.charge_total),
    subtotal: Number(row.subtotal),
    tax: Number(row.tax),
    total,
    seller: parties.seller,
    buyer: parties.buyer,
    amountPaid: Number(row.amount_paid),
    amountCredited: Number(row.amount_credited),
    amountDue: total - Number(row.amount_paid) - Number(row.credit_applied),
    overdue: (row.status === 'published' || row.status === 'sent') && row.due_date < today,
    publishedAt: iso(row.published_at),
    sentAt: iso(row.sent_at),
    paidAt: iso(row.paid_at),
    voidedAt: iso(row.voided_at),
    markedUncollectibleAt: iso(row.marked_uncollectible_at),
    recurringInvoiceId: row.recurring_invoice_id,
    hostedUrl: row.hosted_token === null ? null : `http://localhost:3000/i/${row.hosted_token}`,
    viewedAt: iso(row.viewed_at),
    lastReminderAt: iso(row.last_reminder_at),
    metadata: row.metadata,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const toItem = (item: Row) => ({
  id: item.id,
  description: item.description,
  quantity: Number(item.quantity),
  unitCode: item.unit_code,
  unitPrice: Number(item.unit_price),
  taxCategory: item.tax_category,
  taxRate: Number(item.tax_rate),
  discount:
    item.discount_percent !== null
      ? { percent: Number(item.discount_percent), reason: item.discount_reason }
      : Number(item.discount_amount) > 0
        ? { amount: Number(item.discount_amount), reason: item.discount_reason }
        : null,
  gross: Number(item.subtotal) + Number(item.discount_amount),
  discountAmount: Number(item.discount_amount),
  subtotal: Number(item.subtotal),
  tax: Number(item.tax),
  total: Number(item.total),
});

/** seller/buyer of each row: frozen on issued invoices, the current profile and client on drafts. */
async function partiesOf(db: pg.Pool | pg.PoolClient, userId: string, rows: Row[]) {
  const draftClients = rows.filter((row) => row.status === 'draft').map((row) => row.client_id);
  if (draftClients.length === 0) return (row: Row) => ({ seller: row.seller, buyer: row.buyer });
  const profile = (await db.query('SELECT * FROM business_profiles WHERE user_id = $1', [userId])).rows[0];
  const clients = await db.query('SELECT * FROM clients WHERE user_id = $1 AND id = ANY($2)', [userId, draftClients]);
  const buyers = new Map(clients.rows.map((client) => [client.id, toBuyer(client)]));
  const seller = profile ? toSeller(profile) : null;
  return (row: Row) => (row.status === 'draft' ? { seller, buyer: buyers.get(row.client_id) } : { seller: row.seller, buyer: row.buyer });
}

export const etagOf = (row: Row) => `"${row.id}.${row.version}"`;

export async function findInvoice(userId: string, id: string) {
  const row = (await pool.query('SELECT * FROM invoices WHERE id = $1 AND user_id = $2', [id, userId])).rows[0];
  if (!row) throw new HttpError(404, 'not_found');
  const items = await pool.query('SELECT * FROM invoice_items WHERE invoice_id = $1 ORDER BY position', [id]);
  const parties = await partiesOf(pool, userId, [row]);
  return { row, invoice: { ...toInvoiceSummary(row, parties(row)), items: items.rows.map(toItem) } };
}

export async function listInvoices(userId: string, limit: number, after?: { createdAt: string; id: string }) {
  const { rows } = after
    ? await pool.query(
        'SELECT * FROM invoices WHERE user_id = $1 AND (created_at, id) < ($3, $4) ORDER BY created_at DESC, id DESC LIMIT $2',
        [userId, limit + 1, after.createdAt, after.id],
      )
    : await pool.query('SELECT * FROM invoices WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2', [userId, limit + 1]);
  const page = rows.slice(0, limit);
  const parties = await partiesOf(pool, userId, page);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last ? Buffer.from(JSON.stringify([last.created_at.toISOString(), last.id])).toString('base64url') : null;
  return { data: page.map((row) => toInvoiceSummary(row, parties(row))), nextCursor };
}

async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

export interface NewInvoice {
  clientId: string;
  issueDate?: string;
  dueDate: string;
  notes?: string;
  items: InvoiceItemInput[];
}

export function createInvoice(userId: string, body: NewInvoice) {
  return inTransaction(async (client) => {
    const customer = (await client.query('SELECT * FROM clients WHERE id = $1 AND user_id = $2', [body.clientId, userId])).rows[0];
    if (!customer) throw new HttpError(422, 'unprocessable');
    const profile = (await client.query('SELECT * FROM business_profiles WHERE user_id = $1', [userId])).rows[0];
    const { totals, lines } = priceItems(body.items, 'line');
    const row = (
      await client.query(
        `INSERT INTO invoices (user_id, client_id, currency, issue_date, due_date, notes, subtotal, tax, total, tax_breakdown)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [userId, customer.id, customer.currency, body.issueDate ?? new Date().toISOString().slice(0, 10), body.dueDate,
          body.notes ?? null, totals.subtotal, totals.tax, totals.total, totals.tax_breakdown],
      )
    ).rows[0];
    const values = lines.flatMap((line, position) => [row.id, position, line.description, line.quantity, line.unitCode,
      line.unitPrice, line.taxCategory, line.taxRate, line.subtotal, line.tax, line.total]);
    const placeholders = lines.map((_, i) => `(${Array.from({ length: 11 }, (_, j) => `$${i * 11 + j + 1}`).join(', ')})`);
    const items = await client.query(
      `INSERT INTO invoice_items (invoice_id, position, description, quantity, unit_code, unit_price, tax_category, tax_rate,
         subtotal, tax, total) VALUES ${placeholders.join(', ')} RETURNING *`,
      values,
    );
    const parties = { seller: profile ? toSeller(profile) : null, buyer: toBuyer(customer) };
    return { row, invoice: { ...toInvoiceSummary(row, parties), items: items.rows.map(toItem) } };
  });
}

export interface NewPayment {
  amount: number;
  method: string;
  paidAt?: Date;
  reference?: string;
}

export function recordPayment(userId: string, invoiceId: string, body: NewPayment) {
  return inTransaction(async (client) => {
    const invoice = (await client.query('SELECT * FROM invoices WHERE id = $1 AND user_id = $2 FOR UPDATE', [invoiceId, userId])).rows[0];
    if (!invoice) throw new HttpError(404, 'not_found');
    if (!['published', 'sent', 'uncollectible'].includes(invoice.status)) throw new HttpError(409, 'invalid_transition');
    const due = Number(invoice.total) - Number(invoice.amount_paid) - Number(invoice.credit_applied);
    if (body.amount > due) throw new HttpError(422, 'overpayment');
    const paidAt = body.paidAt ?? new Date();
    const payment = (
      await client.query(
        'INSERT INTO payments (user_id, invoice_id, amount, method, paid_at, reference) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
        [userId, invoiceId, body.amount, body.method, paidAt, body.reference ?? null],
      )
    ).rows[0];
    const settles = body.amount === due;
    await client.query(
      `UPDATE invoices SET amount_paid = amount_paid + $1, status = CASE WHEN $2 THEN 'paid' ELSE status END,
         paid_at = CASE WHEN $2 THEN $3 ELSE paid_at END, version = version + 1, updated_at = now() WHERE id = $4`,
      [body.amount, settles, paidAt, invoiceId],
    );
    return {
      id: payment.id,
      invoiceId: payment.invoice_id,
      amount: Number(payment.amount),
      currency: invoice.currency,
      method: payment.method,
      paidAt: payment.paid_at.toISOString(),
      reference: payment.reference,
      metadata: payment.metadata,
      createdAt: payment.created_at.toISOString(),
    };
  });
}

export async function logIn(email: string, password: string) {
  const user = (
    await pool.query(
      'SELECT u.*, p.password_hash AS bcrypt_hash FROM users u JOIN conventional_passwords p ON p.user_id = u.id WHERE u.email = $1',
      [email.trim().toLowerCase()],
    )
  ).rows[0];
  if (!user || !(await bcrypt.compare(password, user.bcrypt_hash))) throw new HttpError(401, 'invalid_credentials');
  const refreshToken = randomBytes(32).toString('base64url');
  await pool.query('INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)', [
    user.id, randomUUID(), createHash('sha256').update(refreshToken).digest('hex'), new Date(Date.now() + 7 * 86_400_000),
  ]);
  const publicUser = { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.created_at.toISOString(), updatedAt: user.updated_at.toISOString() };
  return { user: publicUser, refreshToken };
}
