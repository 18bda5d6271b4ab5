/**
 * The memory bursts (`npm run bench:memory`, bench/memory.ts, and part of the full `npm run bench`): the server's memory (compiled, production settings, on
 * PostgreSQL) idle after start, then under three bursts of 3,000 requests at 500 connections
 * (the first invoice page and single invoices of a seeded account), each followed by a settle.
 * After each phase it reports RSS and what the process's V8 says through a preloaded probe
 * (bench/memory-probe.ts over an IPC channel, nothing in the server): heap used, heap reserved
 * and committed, external and malloced memory, and heap used after a forced full collection. A
 * leak shows as heap used after GC growing burst after burst; V8 keeping reserve shows as heap
 * committed above heap used with heap used after GC flat.
 * The smoke size runs 300 requests at 50 connections.
 * BENCH_NODE_FLAGS (bench/servers.ts) adds V8/Node flags to the server (e.g. `--max-semi-space-size=4`) to try a deployment setting.
 */
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { harnessDatabaseName } from './bench-database.js';
import { prepareData } from './data.js';
import type { MemorySample } from './memory-probe.js';
import { compiledScript, memoryMiB, stopServer } from './processes.js';
import { targetLine } from './report.js';
import { startBenchServer } from './servers.js';
import { signAccessToken } from './tokens.js';
import { benchEmail, smokeVolume } from './volume.js';

const BURSTS = 3;
const PORT = 3311;
const sizes = {
  full: { requests: 3_000, connections: 500, idleMs: 5_000, settleMs: 10_000 },
  smoke: { requests: 300, connections: 50, idleMs: 2_000, settleMs: 2_000 },
};
type Size = (typeof sizes)['full'];
const MiB = 1024 * 1024;

/** What the probe in `child` answers to `message`. */
function ask(child: ChildProcess, message: 'memory' | 'gc'): Promise<MemorySample> {
  return new Promise((answered, failed) => {
    const timer = setTimeout(() => failed(new Error(`the memory probe did not answer '${message}'`)), 10_000);
    child.once('message', (sample) => {
      clearTimeout(timer);
      answered(sample as MemorySample);
    });
    child.send(message);
  });
}

/** The account's first page and nine of its invoices, as autocannon's request cycle. */
async function requestsOf(databaseUrl: string) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ user_id: string; id: string }>(
      'select i.user_id, i.id from invoices i join users u on u.id = i.user_id where u.email = $1 order by i.created_at desc limit 9',
      [benchEmail(1)],
    );
    const headers = { authorization: `Bearer ${signAccessToken(rows[0]?.user_id ?? '')}` };
    return [{ method: 'GET' as const, path: '/api/v1/invoices?limit=20', headers }, ...rows.map(({ id }) => ({ method: 'GET' as const, path: `/api/v1/invoices/${id}`, headers }))];
  } finally {
    await db.end();
  }
}

interface Phase {
  phase: string;
  rss: number;
  peak?: number;
  sample?: MemorySample;
  afterGc?: MemorySample;
  threads: number;
  errors?: number;
}

const mib = (bytes: number | undefined) => (bytes === undefined ? '–' : (bytes / MiB).toFixed(1));

function render(phases: Phase[], targets: string[], problems: string[], { requests, connections, settleMs }: Size): string {
  const rows = phases.map(
    (p) =>
      `| ${p.phase} | ${p.rss.toFixed(0)} | ${p.peak === undefined ? '–' : p.peak.toFixed(0)} | ${mib(p.sample?.heapUsed)} | ${mib(p.sample?.heapTotal)} | ` +
      `${mib(p.sample?.heapCommitted)} | ${mib(p.sample?.external)} | ${mib(p.sample?.malloced)} | ${mib(p.afterGc?.heapUsed)} | ${mib(p.afterGc?.rss)} | ${p.threads} |`,
  );
  return [
    '## Memory (`npm run bench:memory`)',
    '',
    `ours compiled (node dist-bench/src/server.js, NODE_ENV=production, PostgreSQL, no Redis), ${BURSTS} bursts of ${requests.toLocaleString('en')} requests ` +
      `at ${connections} connections (autocannon: the first invoice page and single invoices of one account), ${settleMs / 1000} s settle after each. ` +
      'MiB. Heap: V8\'s JavaScript heap (used: live objects and garbage not yet collected; reserved: heapTotal; committed: backed by memory). ' +
      'After GC: a forced full collection once the settled numbers are read (a leak grows there; V8 reserve does not).',
    '',
    '| phase | RSS | peak RSS during the burst | heap used | heap reserved | heap committed | external | malloced | heap used after GC | RSS after GC | threads |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    ...targets,
    ...problems.map((problem) => `- **failed**: ${problem}`),
  ].join('\n');
}

/** Issue 28's memory targets: idle RSS, the peak, and each burst settling within 10 % of the one before. */
function targetsOf(phases: Phase[]): string[] {
  const mebibytes = (value: number) => `${value.toFixed(0)} MiB`;
  const settled = phases.filter((p) => p.phase.startsWith('settled'));
  return [
    targetLine('idle RSS (bench:memory)', phases[0]?.rss ?? NaN, mebibytes, '< 120 MiB', (mib) => mib < 120),
    targetLine('peak RSS during the bursts', Math.max(...phases.map((p) => p.peak ?? p.rss)), mebibytes, '< 200 MiB', (mib) => mib < 200),
    ...settled.slice(1).map((after, index) =>
      targetLine(`${after.phase} / burst ${index + 1}`, after.rss / (settled[index]?.rss ?? NaN), (ratio) => `${Math.round(ratio * 100)} %`, '≤ 110 %', (ratio) => ratio <= 1.1),
    ),
  ];
}

export interface MemoryBenchResult {
  section: string;
  targets: string[];
  problems: string[];
}

/** Runs the idle phase and the bursts on a server it starts (bench servers already built). */
export async function runMemoryBench(smoke: boolean, reuse: boolean): Promise<MemoryBenchResult> {
  const size = smoke ? sizes.smoke : sizes.full;
  const data = await prepareData(harnessDatabaseName('memory'), smokeVolume, reuse);
  const requests = await requestsOf(data.databaseUrl);
  const probe = pathToFileURL(resolve(compiledScript('bench/memory-probe.ts'))).href;
  const server = await startBenchServer('ours', data.databaseUrl, {
    nodeOptions: ['--expose-gc', '--import', probe],
    port: PORT,
    ipc: true,
  });
  const phases: Phase[] = [];
  try {
    const read = async (phase: string, peak?: number, errors?: number) => {
      const sample = await ask(server.child, 'memory');
      const { threads } = memoryMiB(server.pid);
      const afterGc = phase === 'idle' || phase.startsWith('settled') ? await ask(server.child, 'gc') : undefined;
      phases.push({ phase, rss: sample.rss / MiB, peak, sample, afterGc, threads, errors });
    };
    await sleep(size.idleMs);
    await read('idle');
    for (let burst = 1; burst <= BURSTS; burst += 1) {
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, memoryMiB(server.pid).rss)), 50);
      // A loaded machine answers 500 connections slowly: a request waits its turn, it is not lost.
      const result = await autocannon({ url: `http://127.0.0.1:${server.port}`, connections: size.connections, amount: size.requests, requests, timeout: 120 });
      clearInterval(sampler);
      const errors = result.errors + result.timeouts + result.non2xx;
      console.log(
        `burst ${burst}: ${result.requests.total} requests, ${Math.round(result.requests.average)} req/s, ` +
          `statuses ${JSON.stringify(Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count])))}, ` +
          `${result.timeouts} timeouts, ${result.errors} errors, peak RSS ${peak.toFixed(0)} MiB`,
      );
      await sleep(size.settleMs);
      await read(`settled after burst ${burst}`, peak, errors);
    }
  } finally {
    await stopServer(server);
  }
  const problems = phases.filter((p) => (p.errors ?? 0) > 0).map((p) => `${p.phase}: ${p.errors} requests failed (non-2xx, timeout or socket error)`);
  const targets = targetsOf(phases);
  return { section: render(phases, targets, problems, size), targets, problems };
}
