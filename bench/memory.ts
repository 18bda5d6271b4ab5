/**
 * `npm run bench:memory [-- <checkout>…]`: resident memory (RSS) of the server on PostgreSQL:
 * idle after start, peak under a burst of 500 concurrent connections, and settled 10 s later.
 * Each argument is a checkout to measure (default: this one), so a before/after comparison
 * runs the same load on both. Prints one Markdown table row per checkout.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import pg from 'pg';
import { benchDatabaseUrl, recreateBenchDatabase } from './bench-database.js';
import { signAccessToken } from './tokens.js';

const databaseName = 'igp_memory';
const databaseUrl = benchDatabaseUrl(databaseName);
const secret = 'memory-bench-secret-memory-bench-secret-0123';
const BURST_CONNECTIONS = 500;

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

async function measure(checkout: string) {
  await recreateBenchDatabase(databaseName);

  const port = await freePort();
  const tsx = join(checkout, 'node_modules/tsx/dist/loader.mjs');
  const child = spawn(process.execPath, ['--import', tsx, join(checkout, 'src/server.ts')], {
    cwd: checkout,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      JWT_ACCESS_SECRET: secret,
      RATE_LIMIT_MAX: '100000000',
      RATE_LIMIT_USER_MAX: '100000000',
    },
    stdio: 'ignore',
  });
  const pid = child.pid ?? 0;
  const base = `http://127.0.0.1:${port}`;
  try {
    for (;;) {
      if (await fetch(`${base}/health/ready`).then((response) => response.ok, () => false)) break;
      await sleep(200);
    }
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ id: string }>(
      "insert into users (email, password_hash) values ('memory@example.test', 'unused') returning id",
    );
    await db.end();
    await sleep(5_000);
    const idle = rssMiB(pid);

    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 50);
    await autocannon({
      url: `${base}/api/v1/invoices`,
      connections: BURST_CONNECTIONS,
      duration: 5,
      headers: { authorization: `Bearer ${signAccessToken(rows[0]?.id ?? '', secret)}` },
    });
    clearInterval(sampler);
    await sleep(10_000);
    const settled = rssMiB(pid);
    return { idle, peak, settled };
  } finally {
    child.kill('SIGKILL');
  }
}

const checkouts = process.argv.slice(2);
process.stdout.write('| Checkout | Idle RSS (MiB) | Peak under 500 connections (MiB) | Settled after 10 s (MiB) |\n| --- | ---: | ---: | ---: |\n');
for (const checkout of checkouts.length > 0 ? checkouts : ['.']) {
  const { idle, peak, settled } = await measure(resolve(checkout));
  process.stdout.write(`| ${checkout} | ${idle.toFixed(0)} | ${peak.toFixed(0)} | ${settled.toFixed(0)} |\n`);
}
