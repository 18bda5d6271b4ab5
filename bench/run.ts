/**
 * `npm run bench`: throughput, latency and memory of the API (production settings, PostgreSQL)
 * against the bare node:http + pg reference (bench/reference-server.ts), on the same seeded
 * database. Needs PostgreSQL: BENCH_DATABASE_URL (admin connection; default local postgres).
 * Writes bench/results.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import autocannon from 'autocannon';
import { benchDatabaseUrl, recreateBenchDatabase } from './bench-database.js';
import { createDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrations.js';

const duration = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const secret = 'bench-secret-bench-secret-bench-secret-0123456789';
const databaseName = 'igp_bench';
const databaseUrl = benchDatabaseUrl(databaseName);
const INVOICES = 500;

function signToken(sub: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({
    sub,
    role: 'user',
    iat: now,
    exp: now + 3600,
    iss: 'invoice-generator-pro',
    aud: 'invoice-generator-pro-api',
  })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

async function seed() {
  const { db } = createDatabase({ DATABASE_URL: databaseUrl, DATA_DIR: 'memory://', DB_POOL_MAX: 4, DB_STATEMENT_TIMEOUT_MS: 60_000 });
  await migrateToLatest(db);
  const user = await db
    .insertInto('users')
    .values({ email: 'bench@example.test', password_hash: 'unused', name: 'Bench' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const client = await db
    .insertInto('clients')
    .values({ user_id: user.id, kind: 'customer', company_name: 'Bench Client', currency: 'EUR' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const invoiceIds: string[] = [];
  for (let i = 0; i < INVOICES; i += 1) {
    const id = randomUUID();
    invoiceIds.push(id);
    await db
      .insertInto('invoices')
      .values({
        id,
        user_id: user.id,
        client_id: client.id,
        currency: 'EUR',
        issue_date: '2026-11-01',
        due_date: '2026-12-01',
        subtotal: 5 * 2_500,
        tax: 5 * 475,
        total: 5 * 2_975,
      })
      .execute();
    await db
      .insertInto('invoice_items')
      .values(
        [0, 1, 2, 3, 4].map((position) => ({
          invoice_id: id,
          position,
          description: `Consulting, day ${position + 1}`,
          quantity: '2.500',
          unit_price: 1_000,
          tax_rate: '19',
          subtotal: 2_500,
          tax: 475,
          total: 2_975,
        })),
      )
      .execute();
  }
  await db.destroy();
  return { userId: user.id, clientId: client.id, invoiceIds };
}

async function startServer(script: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return child;
    } catch {
      // not listening yet
    }
  }
  child.kill();
  throw new Error(`${script} did not start`);
}

function memoryOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

interface Scenario {
  name: string;
  method?: 'GET' | 'POST';
  path: () => string;
  body?: string;
}

async function measure(port: number, token: string, scenario: Scenario) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [
      {
        method: scenario.method ?? 'GET',
        ...(scenario.body ? { body: scenario.body } : {}),
        setupRequest: (request) => ({ ...request, path: scenario.path() }),
      },
    ],
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

await recreateBenchDatabase(databaseName);
const { userId, clientId, invoiceIds } = await seed();
const token = signToken(userId);
const randomInvoice = () => `/api/v1/invoices/${invoiceIds[Math.floor(Math.random() * invoiceIds.length)]}`;
const readScenarios: Scenario[] = [
  { name: 'GET /api/v1/invoices/:id (5 items)', path: randomInvoice },
  { name: 'GET /api/v1/invoices?limit=20', path: () => '/api/v1/invoices?limit=20' },
];
const apiOnlyScenarios: Scenario[] = [
  { name: 'GET /health/live', path: () => '/health/live' },
  {
    name: 'POST /api/v1/invoices (3 items)',
    method: 'POST',
    path: () => '/api/v1/invoices',
    body: JSON.stringify({
      clientId,
      dueDate: '2026-12-31',
      items: [1, 2, 3].map((n) => ({ description: `Line ${n}`, quantity: 1.5, unitPrice: 1999, taxRate: 19 })),
    }),
  },
];

const common = { DATABASE_URL: databaseUrl, JWT_ACCESS_SECRET: secret, DB_POOL_MAX: '10' };
const rows: string[] = [];
const api = await startServer('src/server.ts', 3201, {
  ...common,
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  MIGRATE_ON_START: 'false',
  RATE_LIMIT_MAX: '100000000',
});
const reference = await startServer('bench/reference-server.ts', 3202, common);
try {
  for (const scenario of readScenarios) {
    const ours = await measure(3201, token, scenario);
    const base = await measure(3202, token, scenario);
    rows.push(
      `| ${scenario.name} | ${ours.rps} | ${ours.p50} / ${ours.p99} | ${base.rps} | ${base.p50} / ${base.p99} | ${Math.round((100 * ours.rps) / base.rps)}% | ${ours.failures + base.failures} |`,
    );
  }
  for (const scenario of apiOnlyScenarios) {
    const ours = await measure(3201, token, scenario);
    rows.push(`| ${scenario.name} | ${ours.rps} | ${ours.p50} / ${ours.p99} | – | – | – | ${ours.failures} |`);
  }
  const apiMemory = memoryOf(api.pid as number);
  const referenceMemory = memoryOf(reference.pid as number);
  const report = [
    '# Benchmark results',
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    `autocannon: ${connections} connections, ${duration} s per row; PostgreSQL on the same machine, pool of 10 for both servers.`,
    'The API runs with production settings (NODE_ENV=production, info logging to a discarded stdout, helmet, rate limiting in memory, metrics).',
    '',
    '| scenario | API req/s | API p50 / p99 ms | reference req/s | reference p50 / p99 ms | API / reference | failures |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Memory after the run: API RSS ${apiMemory.rssMiB.toFixed(0)} MiB (peak ${apiMemory.peakMiB.toFixed(0)} MiB); reference RSS ${referenceMemory.rssMiB.toFixed(0)} MiB (peak ${referenceMemory.peakMiB.toFixed(0)} MiB).`,
    '',
  ].join('\n');
  writeFileSync(new URL('./results.md', import.meta.url), report);
  console.log(report);
} finally {
  api.kill('SIGTERM');
  reference.kill('SIGTERM');
}
