/**
 * The request files wrk replays (bench/wrk/replay.lua: method, path, token, body per line), drawn
 * from the seeded database: every user with their own token (or API key), random invoices each owns, the deep
 * accounts' cursor 5,000 rows down (encoded as the API encodes it), open invoices owing enough to
 * take many small payments, each user's login, and hosted links of issued invoices.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { decodeCursor } from '../src/services/pagination.js';
import { benchApiKey, signAccessToken } from './tokens.js';
import { BENCH_PASSWORD, PAYABLE_DUE, PAYMENT_AMOUNT, type Volume, benchEmail } from './volume.js';

export const requestSets = ['get', 'get-api-key', 'list', 'deep', 'create', 'payment', 'login', 'health', 'hosted'] as const;
export type RequestSet = (typeof requestSets)[number];

export interface Workload {
  files: Record<RequestSet, string>;
  /** A deep account and its cursor, for EXPLAIN. */
  deep: { userId: string; cursor: string };
  remove(): void;
}

const SAMPLES_PER_USER = 10;
const line = (method: string, path: string, token = '', body?: object) => `${method}\t${path}\t${token}\t${body ? JSON.stringify(body) : ''}`;

const newInvoice = (clientId: string) => ({
  clientId,
  dueDate: '2027-01-31',
  items: [
    { description: 'Consulting, senior engineer', quantity: 7.5, unitCode: 'HUR', unitPrice: 12_000, taxRate: 19 },
    { description: 'Software licence, annual', quantity: 1, unitPrice: 249_900, taxRate: 19 },
    { description: 'Reference books', quantity: 4, unitPrice: 2_495, taxRate: 7 },
    { description: 'Travel expenses', quantity: 1, unitPrice: 18_450, taxRate: 0 },
    { description: 'Training workshop', quantity: 0.5, unitCode: 'DAY', unitPrice: 150_000, taxRate: 19 },
  ],
});

/** `SAMPLES_PER_USER` random rows per user of a query returning (user_id, id). */
const perUser = (query: string) => `
  select user_id, id from (select user_id, id, row_number() over (partition by user_id order by random()) as pick
  from (${query}) candidates) picked where pick <= ${SAMPLES_PER_USER}`;

export async function buildWorkload(databaseUrl: string, volume: Volume): Promise<Workload> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const users = (await db.query<{ id: string; email: string }>('select id, email from users')).rows;
    const tokens = new Map(users.map((user) => [user.id, signAccessToken(user.id)]));
    const owned = async (query: string, values: unknown[] = []) =>
      (await db.query<{ user_id: string; id: string }>(perUser(query), values)).rows.map((row) => ({
        userId: row.user_id,
        token: tokens.get(row.user_id),
        id: row.id,
      }));

    const deepEmails = Array.from({ length: volume.deepUsers }, (_, index) => benchEmail(index + 1));
    const deep: { userId: string; cursor: string }[] = [];
    for (const user of users.filter(({ email }) => deepEmails.includes(email))) {
      const { rows } = await db.query<{ created_at: Date; id: string }>(
        'select created_at, id from invoices where user_id = $1 order by created_at desc, id desc offset $2 limit 1',
        [user.id, volume.deepOffset - 1],
      );
      const [last] = rows;
      if (!last) throw new Error(`${user.email} has fewer than ${volume.deepOffset} invoices`);
      const cursor = Buffer.from(JSON.stringify([last.created_at.toISOString(), last.id])).toString('base64url');
      decodeCursor(cursor); // throws unless the API would take it
      deep.push({ userId: user.id, cursor });
    }
    const [firstDeep] = deep;
    if (!firstDeep) throw new Error('no deep account was seeded');

    const gets = await owned('select user_id, id from invoices');
    const lines: Record<RequestSet, string[]> = {
      get: gets.map(({ token, id }) => line('GET', `/api/v1/invoices/${id}`, token)),
      // The same requests with each user's API key instead of a JWT.
      'get-api-key': gets.map(({ userId, id }) => line('GET', `/api/v1/invoices/${id}`, benchApiKey(userId))),
      list: users.map((user) => line('GET', '/api/v1/invoices?limit=20', tokens.get(user.id))),
      deep: deep.map(({ userId, cursor }) => line('GET', `/api/v1/invoices?limit=20&cursor=${cursor}`, tokens.get(userId))),
      create: (await owned('select user_id, id from clients')).map(({ token, id }) => line('POST', '/api/v1/invoices', token, newInvoice(id))),
      payment: (
        await owned(
          `select user_id, id from invoices
           where status in ('published', 'sent', 'uncollectible') and total - amount_paid - credit_applied >= $1`,
          [PAYABLE_DUE],
        )
      ).map(({ token, id }) => line('POST', `/api/v1/invoices/${id}/payments`, token, { amount: PAYMENT_AMOUNT, method: 'bank_transfer' })),
      login: users.map((user) => line('POST', '/api/v1/auth/login', '', { email: user.email, password: BENCH_PASSWORD })),
      health: [line('GET', '/health/live')],
      // The public hosted page of issued invoices, no token of the API: its link is the credential.
      hosted: (await db.query<{ id: string }>(perUser('select user_id, hosted_token as id from invoices where hosted_token is not null'))).rows.map(({ id }) =>
        line('GET', `/i/${id}`),
      ),
    };

    const directory = mkdtempSync(join(tmpdir(), 'igp-bench-'));
    const files = Object.fromEntries(
      requestSets.map((set) => {
        const file = join(directory, `${set}.tsv`);
        writeFileSync(file, `${lines[set].join('\n')}\n`);
        return [set, file];
      }),
    ) as Record<RequestSet, string>;
    return { files, deep: firstDeep, remove: () => rmSync(directory, { recursive: true, force: true }) };
  } finally {
    await db.end();
  }
}
