/**
 * What the bare reference's reads and writes share: the pool (named prepared statements, as ours
 * runs its hot queries), the invoice's columns in the response's shape, the draft parties, and
 * the one way an answer is sent.
 */
import type { ServerResponse } from 'node:http';
import pg from 'pg';
import { isoTimestamp } from '../db/type-parsers.js';

const parsers: Record<number, (text: string) => unknown> = { 20: Number, 1700: Number, 1082: (text) => text, 1184: isoTimestamp };
export const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_MAX ?? 10),
  options: '-c TimeZone=UTC',
  types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => parsers[oid] ?? pg.types.getTypeParser(oid, format) },
});

export type Connection = pg.Pool | pg.PoolClient;

/**
 * A named prepared statement: PostgreSQL parses and plans `text` once per connection, as it does
 * ours (db/compiled-queries.ts). One name, one text: a name is never reused for another text.
 */
export async function run<Row extends pg.QueryResultRow>(on: Connection, name: string, text: string, values: unknown[]): Promise<Row[]> {
  return (await on.query<Row>({ name: `bare_${name}`, text, values })).rows;
}

export const summaryColumns = `id, number, client_id as "clientId", status, currency, issue_date as "issueDate", due_date as "dueDate",
  notes, buyer_reference as "buyerReference", purchase_order_reference as "purchaseOrderReference",
  delivery_date as "deliveryDate", delivery_country as "deliveryCountry", tax_exemptions as "taxExemptions",
  tax_rounding as "taxRounding", tax_breakdown as "taxBreakdown", allowances, charges,
  subtotal + allowance_total - charge_total as "lineTotal", allowance_total as "allowanceTotal", charge_total as "chargeTotal",
  subtotal, tax, total, seller, buyer,
  amount_paid as "amountPaid", amount_credited as "amountCredited", total - amount_paid - credit_applied as "amountDue",
  status in ('published', 'sent') and due_date < (now() at time zone 'UTC')::date as overdue,
  published_at as "publishedAt", sent_at as "sentAt", paid_at as "paidAt", voided_at as "voidedAt",
  marked_uncollectible_at as "markedUncollectibleAt", recurring_invoice_id as "recurringInvoiceId",
  'http://localhost:3000/i/' || hosted_token as "hostedUrl", viewed_at as "viewedAt",
  last_reminder_at as "lastReminderAt", metadata,
  created_at as "createdAt", updated_at as "updatedAt"`;

export const itemColumns = `id, description, quantity, unit_code as "unitCode", unit_price as "unitPrice", tax_category as "taxCategory",
  tax_rate as "taxRate",
  case when discount_percent is not null then jsonb_build_object('percent', discount_percent::float8, 'reason', discount_reason)
       when discount_amount > 0 then jsonb_build_object('amount', discount_amount, 'reason', discount_reason) end as discount,
  subtotal + discount_amount as gross, discount_amount as "discountAmount", subtotal, tax, total`;

export const profileColumns = `legal_name as "legalName", trading_name as "tradingName", address, vat_id as "vatId", legal_id as "legalId",
  legal_id_scheme as "legalIdScheme", contact_name as "contactName", email, phone, electronic_address as "electronicAddress",
  bank_account as "bankAccount"`;

export const clientColumns = `id, company_name as name, contact_name as "contactName", email, address, tax_id as "vatId",
  electronic_address as "electronicAddress"`;

export interface Summary {
  id: string;
  clientId: string;
  status: string;
  createdAt: string;
  seller: unknown;
  buyer: unknown;
}
type Address = Record<string, unknown> | null;
type Row = Record<string, unknown>;

const address = (value: Address) =>
  value && { line1: value.line1, line2: value.line2 ?? null, city: value.city, postalCode: value.postalCode ?? null, region: value.region ?? null, country: value.country };

/** The seller of a draft: the profile row (profileColumns) as the API shows it. */
export function toSeller(profile: Row | undefined) {
  if (!profile) return null;
  const bank = profile.bankAccount as Address;
  return {
    ...profile,
    address: address(profile.address as Address),
    bankAccount: bank && { iban: bank.iban, bic: bank.bic ?? null, accountName: bank.accountName ?? null },
  };
}

/** The buyer of a draft: the client row (clientColumns, without its id) as the API shows it. */
export const toBuyer = ({ id: _id, ...client }: Row) => ({ ...client, address: address(client.address as Address) });

/** Drafts show the current profile and clients (issued invoices carry their frozen snapshots): two queries for any number of drafts. */
export async function withDraftParties(on: Connection, userId: string, invoices: Summary[]): Promise<void> {
  const drafts = invoices.filter((invoice) => invoice.status === 'draft');
  if (drafts.length === 0) return;
  const [profiles, clients] = await Promise.all([
    run(on, 'profile', `select ${profileColumns} from business_profiles where user_id = $1`, [userId]),
    run(on, 'clients', `select ${clientColumns} from clients where user_id = $1 and id = any($2)`, [
      userId,
      [...new Set(drafts.map((draft) => draft.clientId))],
    ]),
  ]);
  const seller = toSeller(profiles[0]);
  const buyers = new Map(clients.map((client) => [client.id, toBuyer(client)]));
  for (const draft of drafts) {
    draft.seller = seller;
    draft.buyer = buyers.get(draft.clientId);
  }
}

/** The user's invoice as GET answers it, with its version (the ETag), or undefined. */
export async function loadInvoice(on: Connection, userId: string, id: string) {
  const [found] = await run<Summary & { version: number }>(
    on,
    'invoice',
    `select ${summaryColumns}, version from invoices where user_id = $1 and id = $2`,
    [userId, id],
  );
  if (!found) return undefined;
  const { version, ...invoice } = found;
  const [items] = await Promise.all([
    run(on, 'items', `select ${itemColumns} from invoice_items where invoice_id = $1 order by position`, [id]),
    withDraftParties(on, userId, [invoice]),
  ]);
  return { version, invoice: { ...invoice, items } };
}

export function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), ...headers });
  response.end(json);
}
