/**
 * `npm run bench:pdf`: how many PDFs per second the worker pool renders, and whether a PDF burst
 * stalls other requests: p99 of `GET /api/v1/invoices/:id` alone, beside a steady PDF load, and
 * beside bursts larger than the queue (the excess refused with 503, not queued). Runs the API
 * with production settings on PostgreSQL (BENCH_DATABASE_URL, an admin connection; default the
 * local postgres) and writes its own section of bench/results.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { benchDatabaseUrl, recreateBenchDatabase } from './bench-database.js';
import { deployedNodeOptions } from './deployed-runtime.js';

const duration = Number(process.env.BENCH_SECONDS ?? 10);
const databaseName = 'igp_bench_pdf';
const databaseUrl = benchDatabaseUrl(databaseName);
const port = 3211;
const base = `http://127.0.0.1:${port}`;
const LINES = 20;
const PDF_WORKERS = 1;
const PDF_QUEUE_MAX = 16;
const JSON_CONNECTIONS = 10;
const BURST_SIZE = 50;
const BURST_EVERY_MS = 2000;

async function startApi(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      NODE_OPTIONS: deployedNodeOptions(),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      JWT_ACCESS_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
      RATE_LIMIT_MAX: '100000000',
      RATE_LIMIT_USER_MAX: '100000000',
      AUTH_RATE_LIMIT_MAX: '100000000',
      PDF_WORKERS: String(PDF_WORKERS),
      PDF_QUEUE_MAX: String(PDF_QUEUE_MAX),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 150; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (await fetch(`${base}/health/ready`).then((response) => response.ok, () => false)) return child;
  }
  child.kill();
  throw new Error('the API did not start');
}

async function send(method: string, path: string, token: string | null, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** A user with a profile and one published invoice of LINES lines, through the API itself. */
async function seed(): Promise<{ token: string; invoiceId: string }> {
  const { accessToken } = await send('POST', '/api/v1/auth/register', null, { email: 'pdf-bench@example.test', password: 'bench-password-123' });
  const token = String(accessToken);
  await send('PUT', '/api/v1/business', token, {
    legalName: 'Αθηναϊκή Λογισμικού Α.Ε.',
    address: { line1: 'Οδός Ερμού 12', city: 'Αθήνα', postalCode: '105 63', country: 'GR' },
    vatId: 'EL123456789',
    bankAccount: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
  });
  const { id: clientId } = await send('POST', '/api/v1/clients', token, {
    kind: 'customer',
    companyName: 'ООО «Ромашка»',
    currency: 'EUR',
    address: { line1: 'ул. Ленина, д. 1', city: 'Москва', country: 'RU' },
  });
  const items = Array.from({ length: LINES }, (_, index) => ({
    description: `Consulting, day ${index + 1}: architecture review and implementation support`,
    quantity: 7.5,
    unitCode: 'HUR',
    unitPrice: 12_000 + index,
    taxRate: index % 4 === 0 ? 7 : 19,
  }));
  const { id: invoiceId } = await send('POST', '/api/v1/invoices', token, { clientId, dueDate: '2027-01-31', items, notes: 'Thank you.' });
  await send('POST', `/api/v1/invoices/${String(invoiceId)}/publish`, token);
  return { token, invoiceId: String(invoiceId) };
}

interface Load {
  path: string;
  connections: number;
}

function load(token: string, { path, connections }: Load) {
  return autocannon({ url: `${base}${path}`, connections, duration, headers: { authorization: `Bearer ${token}` } });
}

type Result = Awaited<ReturnType<typeof load>>;

interface Bursts {
  rendered: number;
  refused: number;
  other: number;
}

/**
 * Open-loop bursts, as many users clicking "download" at once would make: BURST_SIZE PDF requests
 * at the same moment, every BURST_EVERY_MS, for the run's duration; a refused request is not retried.
 */
async function bursts(token: string, path: string): Promise<Bursts> {
  const counts: Bursts = { rendered: 0, refused: 0, other: 0 };
  const fired: Promise<void>[] = [];
  const end = Date.now() + duration * 1000;
  while (Date.now() < end) {
    for (let index = 0; index < BURST_SIZE; index += 1) {
      fired.push(
        fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(60_000) }).then(
          async (response) => {
            await response.arrayBuffer();
            if (response.status === 200) counts.rendered += 1;
            else if (response.status === 503) counts.refused += 1;
            else counts.other += 1;
          },
          () => {
            counts.other += 1;
          },
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, BURST_EVERY_MS));
  }
  await Promise.all(fired);
  return counts;
}

const perSecond = (result: Result) => (result['2xx'] / result.duration).toFixed(1);

function memoryOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const SECTION = '## PDF rendering (`npm run bench:pdf`)';

/** Replaces this script's section of results.md (or appends it), leaving the others alone. */
function writeSection(lines: string[]) {
  const file = new URL('./results.md', import.meta.url);
  const current = readFileSync(file, 'utf8');
  const start = current.indexOf(SECTION);
  const end = start === -1 ? -1 : current.indexOf('\n## ', start + SECTION.length);
  const section = `${[SECTION, '', ...lines].join('\n')}\n`;
  const before = start === -1 ? `${current.trimEnd()}\n\n` : current.slice(0, start);
  const after = end === -1 ? '' : current.slice(end + 1);
  writeFileSync(file, before + section + (after ? `\n${after}` : ''));
}

await recreateBenchDatabase(databaseName);
const api = await startApi();
process.on('exit', () => api.kill('SIGTERM'));
try {
  const { token, invoiceId } = await seed();
  const json: Load = { path: `/api/v1/invoices/${invoiceId}`, connections: JSON_CONNECTIONS };
  // Enough connections to keep every worker busy and a few PDFs queued, never a full queue.
  const steadyPdf: Load = { path: `/api/v1/invoices/${invoiceId}/pdf`, connections: PDF_WORKERS + 3 };
  for (let warm = 0; warm < 5; warm += 1) await fetch(`${base}${steadyPdf.path}`, { headers: { authorization: `Bearer ${token}` } });

  console.log('JSON alone');
  const jsonAlone = await load(token, json);
  console.log('PDF alone');
  const pdfAlone = await load(token, steadyPdf);
  console.log('JSON beside steady PDF load');
  const [jsonBesideSteady, pdfSteady] = await Promise.all([load(token, json), load(token, steadyPdf)]);
  console.log('JSON beside PDF bursts');
  const [jsonBesideBursts, burst] = await Promise.all([load(token, json), bursts(token, steadyPdf.path)]);

  const jsonRow = (name: string, result: Result) =>
    `| ${name} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ${result.non2xx + result.errors} |`;
  const pdfRow = (name: string, result: Result) =>
    `| ${name} | ${perSecond(result)} | ${result.latency.p50} | ${result.latency.p99} | ${result.non2xx + result.errors} |`;
  const [load1, load5] = loadavg();
  const lines = [
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; PostgreSQL on the same machine;`,
    `load average ${load1?.toFixed(1)} (1 min) / ${load5?.toFixed(1)} (5 min) at the end of the run (other work shared the machine).`,
    `API with production settings, PDF_WORKERS=${PDF_WORKERS}, PDF_QUEUE_MAX=${PDF_QUEUE_MAX}; one published invoice of ${LINES} lines`,
    `(Greek seller, Cyrillic buyer, two tax rates, bank details; 2 pages). autocannon, ${duration} s per run. JSON load:`,
    `${JSON_CONNECTIONS} connections on GET /api/v1/invoices/:id. Steady PDF load: ${steadyPdf.connections} connections on its /pdf,`,
    `keeping the worker busy all the time. Bursts: ${BURST_SIZE} PDF requests at once every ${BURST_EVERY_MS / 1000} s, not retried.`,
    '',
    '| GET /api/v1/invoices/:id | req/s | p50 ms | p99 ms | failures |',
    '| --- | ---: | ---: | ---: | ---: |',
    jsonRow('alone', jsonAlone),
    jsonRow('beside steady PDF load', jsonBesideSteady),
    jsonRow(`beside bursts of ${BURST_SIZE} PDFs`, jsonBesideBursts),
    '',
    '| GET /api/v1/invoices/:id/pdf | PDFs/s | p50 ms | p99 ms | failures |',
    '| --- | ---: | ---: | ---: | ---: |',
    pdfRow('steady load, alone', pdfAlone),
    pdfRow('steady load, beside the JSON load', pdfSteady),
    '',
    `Bursts: ${burst.rendered} PDFs rendered, ${burst.refused} refused at once with 503 (queue full), ${burst.other} other answers.`,
    `Peak RSS of the API process (main thread and worker): ${memoryOf(api.pid as number).toFixed(0)} MiB.`,
    '',
  ];
  writeSection(lines);
  console.log(lines.join('\n'));
} finally {
  api.kill('SIGTERM');
}
