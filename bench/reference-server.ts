/**
 * The baseline: bare node:http + pg serving GET /api/v1/invoices/:id and the invoice list with
 * the same work the API does per request (HS256 bearer check, user-scoped queries, JSON), and
 * nothing else. The gap between it and the API is what the framework and its safety cost.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';

const secret = process.env.JWT_ACCESS_SECRET ?? '';
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });
pg.types.setTypeParser(20, Number);
pg.types.setTypeParser(1082, (value) => value);

function userIdFrom(header: string | undefined): string | undefined {
  const [head, payload, signature] = header?.startsWith('Bearer ') ? header.slice(7).split('.') : [];
  if (!head || !payload || !signature) return undefined;
  const expected = createHmac('sha256', secret).update(`${head}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string; exp: number };
  return claims.exp * 1000 > Date.now() ? claims.sub : undefined;
}

const invoiceColumns = `id, number, client_id as "clientId", status, currency, issue_date as "issueDate",
  due_date as "dueDate", notes, subtotal, tax, total, amount_paid as "amountPaid",
  total - amount_paid as "amountDue", created_at as "createdAt", updated_at as "updatedAt"`;

const server = createServer(async (request, response) => {
  const send = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  try {
    const userId = userIdFrom(request.headers.authorization);
    if (!userId) return send(401, { code: 'unauthorized' });
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/api\/v1\/invoices\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (match) {
      const { rows } = await pool.query(`select ${invoiceColumns} from invoices where user_id = $1 and id = $2`, [
        userId,
        match[1],
      ]);
      if (!rows[0]) return send(404, { code: 'not_found' });
      const items = await pool.query(
        `select id, description, quantity::float8 as quantity, unit_price as "unitPrice", tax_rate::float8 as "taxRate",
           subtotal, tax, total from invoice_items where invoice_id = $1 order by position`,
        [match[1]],
      );
      return send(200, { ...rows[0], items: items.rows });
    }
    if (url.pathname === '/api/v1/invoices') {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 20), 100);
      const { rows } = await pool.query(
        `select ${invoiceColumns} from invoices where user_id = $1 order by created_at desc, id desc limit $2`,
        [userId, limit + 1],
      );
      return send(200, { data: rows.slice(0, limit), nextCursor: rows.length > limit ? 'more' : null });
    }
    return send(404, { code: 'not_found' });
  } catch {
    return send(500, { code: 'internal' });
  }
});

server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1', () => console.log('reference listening'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
