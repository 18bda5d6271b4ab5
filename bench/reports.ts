/**
 * `npm run bench -- --reports`: the CSV export and the reports on a large account. Our server
 * (compiled, production settings) streams the 200,000-invoice export of user 1 to a client that
 * reads as fast as it can: time to the first byte and the server's RSS (sampled every 20 ms) above
 * what it held just before. Then EXPLAIN (ANALYZE, BUFFERS) of each report's statement for user 2
 * (50,000 invoices), captured from the services as they run, and each report's time over HTTP.
 * The smoke run (`-- --smoke`) does the same on the tiny data, checking answers, not targets.
 */
import { request } from 'node:http';
import { type CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { typeParsers } from '../db/type-parsers.js';
import type { DB } from '../db/types.js';
import { agingReport } from '../src/services/aging-report.js';
import { openExport } from '../src/services/exports.js';
import { revenueReport } from '../src/services/revenue-report.js';
import { taxReport } from '../src/services/tax-report.js';
import { median, targetLine } from './report.js';
import { memoryMiB, stopServer } from './processes.js';
import { startBenchServer } from './servers.js';
import { signAccessToken } from './tokens.js';
import { benchEmail } from './volume.js';

const PORT = 3311;
const SAMPLE_MS = 20;

export interface ReportsBenchUsers {
  /** The user whose invoices.csv is streamed. */
  exportUser: number;
  /** The user whose report statements are explained. */
  reportUser: number;
}

interface ExportRun {
  rows: number;
  bytes: number;
  headersMs: number;
  firstByteMs: number;
  totalMs: number;
  rssBefore: number;
  rssPeak: number;
}

interface ExplainedQuery {
  title: string;
  sql: string;
  plan: string;
  executionMs: number;
}

async function userId(pool: pg.Pool, n: number): Promise<{ id: string; invoices: number }> {
  const { rows } = await pool.query<{ id: string; invoices: number }>(
    'select u.id, (select count(*)::int from invoices i where i.user_id = u.id) as invoices from users u where email = $1',
    [benchEmail(n)],
  );
  const [row] = rows;
  if (!row) throw new Error(`no bench user ${benchEmail(n)}`);
  return row;
}

/** Credit notes for one paid invoice in twenty (the seed writes none), so the reports read some. */
export async function seedCreditNotes(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ count: number }>('select count(*)::int as count from credit_notes');
  if ((rows[0]?.count ?? 0) > 0) return;
  await pool.query(`insert into credit_notes (user_id, invoice_id, number, currency, issue_date, reason, subtotal, tax, total,
      applied_to_balance, refund_due, tax_breakdown, buyer, seller, created_at, hosted_token)
    select user_id, id, 'CN-' || lpad((row_number() over (partition by user_id order by created_at, id))::text, 6, '0'), currency,
      issue_date + 20, 'Returned goods', subtotal, tax, total, 0, total, tax_breakdown, buyer, seller, created_at + interval '20 days', id::text
    from invoices where status = 'paid' and abs(hashtext(id::text)) % 20 = 0`);
  await pool.query('update invoices i set amount_credited = i.total from credit_notes n where n.invoice_id = i.id');
  await pool.query(`insert into credit_note_number_counters (user_id, last_number)
    select user_id, count(*) from credit_notes group by user_id`);
  await pool.query('vacuum (analyze) invoices, credit_notes, payments');
}

/** Streams one file from the server; resolves with its timings and the server's memory meanwhile. */
function streamExport(pid: number, path: string, token: string): Promise<ExportRun> {
  return new Promise((resolve, reject) => {
    const rssBefore = memoryMiB(pid).rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, memoryMiB(pid).rss)), SAMPLE_MS);
    const started = performance.now();
    let headersMs = NaN;
    let firstByteMs = NaN;
    let bytes = 0;
    let newlines = 0;
    const req = request({ host: '127.0.0.1', port: PORT, path, headers: { authorization: `Bearer ${token}` } }, (response) => {
      headersMs = performance.now() - started;
      if (response.statusCode !== 200) reject(new Error(`${path}: ${response.statusCode}`));
      response.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteMs = performance.now() - started;
        bytes += chunk.length;
        for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) newlines += 1;
      });
      response.on('end', () => {
        clearInterval(sampler);
        rssPeak = Math.max(rssPeak, memoryMiB(pid).rss);
        resolve({ rows: newlines - 1, bytes, headersMs, firstByteMs, totalMs: performance.now() - started, rssBefore, rssPeak });
      });
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function timeRequest(path: string, token: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
  return performance.now() - started;
}

/** Runs `work` on a Kysely that records its statements, then EXPLAIN (ANALYZE, BUFFERS) of the one it ran. */
async function explain(pool: pg.Pool, title: string, work: (db: Kysely<DB>) => Promise<unknown>): Promise<ExplainedQuery> {
  const captured: CompiledQuery[] = [];
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (event) => void captured.push(event.query) });
  await work(db); // once to capture (and warm the cache)
  const [query] = captured;
  if (!query) throw new Error(`${title}: no statement ran`);
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]);
  const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
  const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
  return { title, sql: query.sql.replace(/\s+/g, ' ').trim(), plan, executionMs };
}

export interface ReportsBenchResult {
  section: string;
  /** The export's and the aging statement's targets (issues 24 and 28), as lines. */
  targets: string[];
  problems: string[];
}

export async function runReportsBench(databaseUrl: string, users: ReportsBenchUsers, smoke: boolean): Promise<ReportsBenchResult> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 2,
    options: '-c TimeZone=UTC',
    types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => typeParsers[oid] ?? pg.types.getTypeParser(oid, format) },
  });
  const problems: string[] = [];
  try {
    await seedCreditNotes(pool);
    const [exporter, reporter] = [await userId(pool, users.exportUser), await userId(pool, users.reportUser)];
    const { rows: ranges } = await pool.query<{ from: string; to: string }>(
      `select to_char(max(issue_date) - interval '1 year' + interval '1 day', 'YYYY-MM-DD') as "from", max(issue_date)::text as "to"
       from invoices where user_id = $1`,
      [reporter.id],
    );
    const { from = '2025-01-01', to = '2025-12-31' } = ranges[0] ?? {};
    const plans = [
      await explain(pool, `aging (asOf today), user of ${reporter.invoices.toLocaleString('en')} invoices`, (db) => agingReport(db, reporter.id)),
      await explain(pool, `revenue ${from} … ${to} by month`, (db) => revenueReport(db, reporter.id, { from, to, groupBy: 'month' })),
      await explain(pool, `tax ${from} … ${to}`, (db) => taxReport(db, reporter.id, { from, to })),
      await explain(pool, 'invoices.csv, one batch (1,000 rows)', (db) => openExport(db, exporter.id, 'invoices', {})),
    ];

    const server = await startBenchServer('ours', databaseUrl, { port: PORT });
    try {
      const [exportToken, reportToken] = [signAccessToken(exporter.id), signAccessToken(reporter.id)];
      // Loads the modules of both routes once, so the figure below is the export's own memory.
      await timeRequest('/api/v1/exports/invoices.csv?from=2099-01-01', exportToken);
      await timeRequest(`/api/v1/reports/aging`, reportToken);
      const run = await streamExport(server.pid, '/api/v1/exports/invoices.csv', exportToken);
      if (run.rows !== exporter.invoices) problems.push(`invoices.csv had ${run.rows} rows, the user has ${exporter.invoices} invoices`);
      const times = async (path: string, count: number) => {
        const measured: number[] = [];
        for (let index = 0; index < count; index += 1) measured.push(await timeRequest(path, reportToken));
        return median(measured);
      };
      const http = {
        aging: await times('/api/v1/reports/aging', smoke ? 1 : 5),
        revenue: await times(`/api/v1/reports/revenue?from=${from}&to=${to}`, smoke ? 1 : 3),
        tax: await times(`/api/v1/reports/tax?from=${from}&to=${to}`, smoke ? 1 : 3),
      };
      const targets = targetLines(run, plans);
      const section = render(run, plans, http, exporter.invoices, reporter.invoices, targets);
      if (!smoke) problems.push(...missedTargets(run, plans));
      return { section, targets, problems };
    } finally {
      await stopServer(server);
    }
  } finally {
    await pool.end();
  }
}

const targetsOf = (run: ExportRun, plans: ExplainedQuery[]) => [
  { name: 'export RSS increase', value: run.rssPeak - run.rssBefore, unit: 'MiB', bound: 50 },
  { name: 'export time to first byte', value: run.firstByteMs, unit: 'ms', bound: 200 },
  { name: 'aging statement (EXPLAIN ANALYZE)', value: plans[0]?.executionMs ?? NaN, unit: 'ms', bound: 200 },
];

function missedTargets(run: ExportRun, plans: ExplainedQuery[]): string[] {
  return targetsOf(run, plans)
    .filter(({ value, bound }) => !(value < bound))
    .map(({ name, value, unit, bound }) => `${name}: ${value.toFixed(1)} ${unit} (target < ${bound} ${unit})`);
}

const targetLines = (run: ExportRun, plans: ExplainedQuery[]) =>
  targetsOf(run, plans).map(({ name, value, unit, bound }) =>
    targetLine(name, value, (measured) => `${measured.toFixed(1)} ${unit}`, `< ${bound} ${unit}`, (measured) => measured < bound),
  );

function render(
  run: ExportRun,
  plans: ExplainedQuery[],
  http: Record<string, number>,
  exportInvoices: number,
  reportInvoices: number,
  targets: string[],
): string {
  const mib = (value: number) => value.toFixed(1);
  return [
    '## Reports and exports (`npm run bench -- --reports`)',
    '',
    `GET /api/v1/exports/invoices.csv of a user with ${exportInvoices.toLocaleString('en')} invoices, from our server (compiled, production ` +
      'settings, PostgreSQL pool of 10), read by one client as fast as it can, without compression:',
    '',
    '| rows | MiB | headers ms | first byte ms | whole file s | RSS before MiB | RSS peak MiB | increase MiB |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${run.rows.toLocaleString('en')} | ${mib(run.bytes / 2 ** 20)} | ${run.headersMs.toFixed(0)} | ${run.firstByteMs.toFixed(0)} | ` +
      `${(run.totalMs / 1000).toFixed(1)} | ${mib(run.rssBefore)} | ${mib(run.rssPeak)} | ${mib(run.rssPeak - run.rssBefore)} |`,
    '',
    `RSS before is taken after one empty export and one report (modules loaded); RSS sampled every ${SAMPLE_MS} ms.`,
    '',
    `Reports over HTTP for a user with ${reportInvoices.toLocaleString('en')} invoices (median ms): aging ${http.aging?.toFixed(0)}, ` +
      `revenue ${http.revenue?.toFixed(0)}, tax ${http.tax?.toFixed(0)}.`,
    '',
    '### Targets of issues 24 and 28',
    '',
    ...targets,
    '',
    '### Plans (EXPLAIN (ANALYZE, BUFFERS), second run of each statement)',
    '',
    ...plans.flatMap(({ title, sql, plan }) => [`${title}:`, '', '```sql', sql, '```', '', '```', plan, '```', '']),
  ].join('\n');
}
