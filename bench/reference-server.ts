/**
 * The limit: bare node:http + pg answering GET /api/v1/invoices/:id, the invoice list (first and
 * later pages, the API's keyset cursor), and /health/live with the same queries and the same JSON
 * as the API, and nothing else: an HS256 bearer check (signature, expiry, issuer, audience),
 * user-scoped queries, rows read straight into the response's shape (camelCase aliases,
 * timestamps rewritten to ISO strings as text, as the API's parser does), JSON.stringify. The gap between it and
 * the API is what the framework, its plugins and its safety cost.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type ServerResponse, createServer } from 'node:http';
import pg from 'pg';
import { isoTimestamp } from '../db/type-parsers.js';
import { JWT_AUDIENCE, JWT_ISSUER } from './volume.js';

const secret = process.env.JWT_ACCESS_SECRET ?? '';
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 20;

const parsers: Record<number, (text: string) => unknown> = { 20: Number, 1700: Number, 1082: (text) => text, 1184: isoTimestamp };
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_MAX ?? 10),
  options: '-c TimeZone=UTC',
  types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => parsers[oid] ?? pg.types.getTypeParser(oid, format) },
});

function userIdFrom(header: string | undefined): string | undefined {
  const [head, payload, signature] = header?.startsWith('Bearer ') ? header.slice(7).split('.') : [];
  if (!head || !payload || !signature) return undefined;
  const expected = createHmac('sha256', secret).update(`${head}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if ((JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string }).alg !== 'HS256') return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub?: string; exp?: number; iss?: string; aud?: string };
  const valid = claims.exp !== undefined && claims.exp * 1000 > Date.now() && claims.iss === JWT_ISSUER && claims.aud === JWT_AUDIENCE;
  return valid ? claims.sub : undefined;
}

const summaryColumns = `id, number, client_id as "clientId", status, currency, issue_date as "issueDate", due_date as "dueDate",
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
  created_at as "createdAt", updated_at as "updatedAt"`;

interface Summary {
  id: string;
  clientId: string;
  status: string;
  createdAt: string;
  seller: unknown;
  buyer: unknown;
}
type Address = Record<string, unknown> | null;

const address = (value: Address) =>
  value && { line1: value.line1, line2: value.line2 ?? null, city: value.city, postalCode: value.postalCode ?? null, region: value.region ?? null, country: value.country };

/** Drafts show the current profile and clients (issued invoices carry their frozen snapshots): two queries for any number of drafts. */
async function withDraftParties(userId: string, invoices: Summary[]): Promise<void> {
  const drafts = invoices.filter((invoice) => invoice.status === 'draft');
  if (drafts.length === 0) return;
  const [profiles, clients] = await Promise.all([
    pool.query(
      `select legal_name as "legalName", trading_name as "tradingName", address, vat_id as "vatId", legal_id as "legalId",
         legal_id_scheme as "legalIdScheme", contact_name as "contactName", email, phone, electronic_address as "electronicAddress", bank_account as "bankAccount"
       from business_profiles where user_id = $1`,
      [userId],
    ),
    pool.query(
      `select id, company_name as name, contact_name as "contactName", email, address, tax_id as "vatId",
         electronic_address as "electronicAddress" from clients where user_id = $1 and id = any($2)`,
      [userId, [...new Set(drafts.map((draft) => draft.clientId))]],
    ),
  ]);
  const profile = profiles.rows[0];
  const seller = profile && {
    ...profile,
    address: address(profile.address),
    bankAccount: profile.bankAccount && { iban: profile.bankAccount.iban, bic: profile.bankAccount.bic ?? null, accountName: profile.bankAccount.accountName ?? null },
  };
  const buyers = new Map(clients.rows.map(({ id, ...buyer }) => [id, { ...buyer, address: address(buyer.address) }]));
  for (const draft of drafts) {
    draft.seller = seller ?? null;
    draft.buyer = buyers.get(draft.clientId);
  }
}

async function getInvoice(userId: string, id: string, response: ServerResponse) {
  const { rows } = await pool.query<Summary & { version: number }>(
    `select ${summaryColumns}, version from invoices where user_id = $1 and id = $2`,
    [userId, id],
  );
  const found = rows[0];
  if (!found) return send(response, 404, { code: 'not_found' });
  const { version, ...invoice } = found;
  const [items] = await Promise.all([
    pool.query(
      `select id, description, quantity, unit_code as "unitCode", unit_price as "unitPrice", tax_category as "taxCategory",
         tax_rate as "taxRate",
         case when discount_percent is not null then jsonb_build_object('percent', discount_percent::float8, 'reason', discount_reason)
              when discount_amount > 0 then jsonb_build_object('amount', discount_amount, 'reason', discount_reason) end as discount,
         subtotal + discount_amount as gross, discount_amount as "discountAmount",
         subtotal, tax, total from invoice_items where invoice_id = $1 order by position`,
      [id],
    ),
    withDraftParties(userId, [invoice]),
  ]);
  return send(response, 200, { ...invoice, items: items.rows }, { etag: `"${id}.${version}"` });
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [createdAt, id] = value as unknown[];
    const valid = typeof createdAt === 'string' && iso.test(createdAt) && typeof id === 'string' && uuid.test(id);
    return valid && new Date(createdAt).toISOString() === createdAt ? [createdAt, id] : undefined;
  } catch {
    return undefined;
  }
}

async function listInvoices(userId: string, query: URLSearchParams, response: ServerResponse) {
  const limit = Number(query.get('limit') ?? DEFAULT_LIMIT);
  const cursor = query.get('cursor');
  const after = cursor === null ? undefined : decodeCursor(cursor);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT || (cursor !== null && !after)) {
    return send(response, 400, { code: 'validation_failed' });
  }
  const { rows } = await pool.query<Summary>(
    `select ${summaryColumns} from invoices where user_id = $1
     ${after ? 'and (created_at, id) < ($3::timestamptz, $4::uuid)' : ''}
     order by created_at desc, id desc limit $2`,
    after ? [userId, limit + 1, ...after] : [userId, limit + 1],
  );
  const data = rows.slice(0, limit);
  await withDraftParties(userId, data);
  const last = data.at(-1);
  const nextCursor = rows.length > limit && last ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') : null;
  return send(response, 200, { data, nextCursor });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), ...headers });
  response.end(json);
}

const server = createServer(async (request, response) => {
  try {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/health/live') return send(response, 200, { status: 'ok' });
    const userId = userIdFrom(request.headers.authorization);
    if (!userId) return send(response, 401, { code: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
    const id = /^\/api\/v1\/invoices\/([^/]+)$/.exec(url.pathname)?.[1];
    if (id !== undefined) return uuid.test(id) ? await getInvoice(userId, id, response) : send(response, 400, { code: 'validation_failed' });
    if (url.pathname === '/api/v1/invoices') return await listInvoices(userId, url.searchParams, response);
    return send(response, 404, { code: 'not_found' });
  } catch {
    return send(response, 500, { code: 'internal' });
  }
});

server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
