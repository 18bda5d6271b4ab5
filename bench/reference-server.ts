/**
 * The limit: bare node:http + pg answering what the bench measures with the same statements and
 * the same JSON as the API, and nothing else: GET /api/v1/invoices/:id, the invoice list (first
 * and later pages, the API's keyset cursor), POST /api/v1/invoices and POST …/payments
 * (bench/reference-writes.ts), and /health/live. An HS256 bearer check (signature, expiry, issuer,
 * audience), user-scoped named prepared statements (as ours), rows read straight into the
 * response's shape (camelCase aliases, timestamps rewritten to ISO strings as text, as the API's
 * parser does), JSON.stringify. The gap between it and the API is what the framework, its plugins
 * and its safety cost.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { type Summary, loadInvoice, pool, run, send, summaryColumns, withDraftParties } from './reference-db.js';
import { answerWrite, createInvoice, recordPayment } from './reference-writes.js';
import { JWT_AUDIENCE, JWT_ISSUER } from './volume.js';

const secret = process.env.JWT_ACCESS_SECRET ?? '';
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 20;
const MAX_BODY_BYTES = 1_048_576;

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

async function getInvoice(userId: string, id: string, response: ServerResponse) {
  const found = await loadInvoice(pool, userId, id);
  if (!found) return send(response, 404, { code: 'not_found' });
  return send(response, 200, found.invoice, { etag: `"${id}.${found.version}"` });
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
  const rows = await run<Summary>(
    pool,
    after ? 'page_after' : 'first_page',
    `select ${summaryColumns} from invoices where user_id = $1
     ${after ? 'and (created_at, id) < ($3::timestamptz, $4::uuid)' : ''}
     order by created_at desc, id desc limit $2`,
    after ? [userId, limit + 1, ...after] : [userId, limit + 1],
  );
  const data = rows.slice(0, limit);
  await withDraftParties(pool, userId, data);
  const last = data.at(-1);
  const nextCursor = rows.length > limit && last ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') : null;
  return send(response, 200, { data, nextCursor });
}

/** The JSON body, or undefined when it is not JSON or too large. */
async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

async function route(request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname === '/health/live') return send(response, 200, { status: 'ok' });
  const userId = userIdFrom(request.headers.authorization);
  if (!userId) return send(response, 401, { code: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
  if (request.method === 'POST') {
    const body = await jsonBody(request);
    if (body === undefined) return send(response, 400, { code: 'validation_failed' });
    if (url.pathname === '/api/v1/invoices') return answerWrite(response, createInvoice(userId, body));
    const paid = /^\/api\/v1\/invoices\/([^/]+)\/payments$/.exec(url.pathname)?.[1];
    if (paid !== undefined) return uuid.test(paid) ? answerWrite(response, recordPayment(userId, paid, body)) : send(response, 400, { code: 'validation_failed' });
    return send(response, 404, { code: 'not_found' });
  }
  const id = /^\/api\/v1\/invoices\/([^/]+)$/.exec(url.pathname)?.[1];
  if (id !== undefined) return uuid.test(id) ? getInvoice(userId, id, response) : send(response, 400, { code: 'validation_failed' });
  if (url.pathname === '/api/v1/invoices') return listInvoices(userId, url.searchParams, response);
  return send(response, 404, { code: 'not_found' });
}

const server = createServer((request, response) => {
  route(request, response).catch(() => send(response, 500, { code: 'internal' }));
});

server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
