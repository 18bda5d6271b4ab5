/**
 * `npm run bench -- --scale`: GET /invoices/:id on one API process, then on two (bench/cluster-server.ts:
 * node:cluster, one port), alternated, medians. On a 2-core machine that also runs PostgreSQL and
 * wrk, the second process mostly competes for the same cores: the result shows contention, not
 * what a second machine would add.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchData } from './data.js';
import { type Measurement, measure } from './measure.js';
import type { Options } from './options.js';
import { type ServerProcess, compiledScript, startServer, stopServer } from './processes.js';
import { median } from './report.js';
import { scenarios } from './scenarios.js';
import { serverEnvironment, startBenchServer } from './servers.js';
import type { Volume } from './volume.js';
import { buildWorkload } from './workload.js';

const CLUSTER_PORT = 3304;
const WORKERS_SETTLE_MS = 3_000;

export async function runScale(options: Options, volume: Volume, data: BenchData): Promise<void> {
  const get = scenarios(volume.deepOffset).find((scenario) => scenario.key === 'get');
  if (!get) throw new Error('no get scenario');
  const workload = await buildWorkload(data.databaseUrl, volume);
  const settings = { seconds: options.seconds, connections: options.connections, threads: options.threads, floodConnections: options.floodConnections };
  const started: ServerProcess[] = [];
  const results: Measurement[][] = [[], []];
  try {
    const single = await startBenchServer('ours', data.databaseUrl);
    started.push(single);
    const env = { ...serverEnvironment('ours', data.databaseUrl), CLUSTER_WORKERS: '2' };
    const cluster = { ...(await startServer('ours ×2', compiledScript('bench/cluster-server.ts'), CLUSTER_PORT, env)), name: 'ours' as const };
    started.push(cluster);
    await sleep(WORKERS_SETTLE_MS);
    for (const server of [single, cluster]) if (options.warmupSeconds > 0) await measure(get, server, workload.files, settings, options.warmupSeconds);
    for (let run = 0; run < options.runs; run += 1) {
      for (const [index, server] of [single, cluster].entries()) {
        const result = await measure(get, server, workload.files, settings);
        console.log(`${index + 1} process(es)  ${Math.round(result.rps)} req/s  p50 ${result.p50Ms.toFixed(1)} ms  p99 ${result.p99Ms.toFixed(1)} ms  errors ${result.statusErrors + result.socketErrors}`);
        results[index]?.push(result);
      }
    }
  } finally {
    await Promise.all(started.map(stopServer));
    workload.remove();
  }
  const [one, two] = results.map((runs) => ({
    rps: median(runs.map((m) => m.rps)),
    p50: median(runs.map((m) => m.p50Ms)),
    p99: median(runs.map((m) => m.p99Ms)),
  }));
  if (!one || !two) return;
  console.log(
    [
      '',
      `GET /invoices/:id, ${options.connections} connections, medians of ${options.runs} × ${options.seconds} s:`,
      '| API processes | req/s | p50 ms | p99 ms |',
      '|---|---:|---:|---:|',
      `| 1 | ${Math.round(one.rps)} | ${one.p50.toFixed(1)} | ${one.p99.toFixed(1)} |`,
      `| 2 (node:cluster) | ${Math.round(two.rps)} | ${two.p50.toFixed(1)} | ${two.p99.toFixed(1)} |`,
      `2 processes: ${((two.rps / one.rps) * 100).toFixed(0)} % of the throughput of 1.`,
    ].join('\n'),
  );
}
