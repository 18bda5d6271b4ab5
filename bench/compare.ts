/**
 * `npm run bench -- --compare <git ref> [--only <scenario>…]`: ours as this checkout builds it against
 * ours at an earlier commit, on the same database (this checkout's schema: the suite's servers do not
 * migrate, so the earlier build reads the newer tables as they are), the two alternated run by run,
 * medians of BENCH_RUNS: whether the commits since `ref` slowed a path (by default the reads: get,
 * list, deep). Writes its section into bench/results.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchData } from './data.js';
import { type Measurement, measure } from './measure.js';
import type { Options } from './options.js';
import { buildServers, stopServer } from './processes.js';
import { writeReport } from './report.js';
import { scenarios } from './scenarios.js';
import { type BenchServer, startBenchServer } from './servers.js';
import type { Volume } from './volume.js';
import { buildWorkload } from './workload.js';

const BASELINE_PORT = 3311;
const defaultScenarios = ['get', 'list', 'deep'];

/** A detached worktree of `ref`, sharing this checkout's node_modules, compiled as the bench compiles this one. */
function checkOut(ref: string): { root: string; commit: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'igp-baseline-'));
  execFileSync('git', ['worktree', 'add', '--detach', root, ref], { stdio: 'ignore' });
  const remove = () => execFileSync('git', ['worktree', 'remove', '--force', root], { stdio: 'ignore' });
  try {
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
    buildServers(root);
    return { root, commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(), remove };
  } catch (error) {
    remove();
    throw error;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const thousands = (value: number) => Math.round(value).toLocaleString('en');

export async function runCompare(ref: string, options: Options, volume: Volume, data: BenchData): Promise<string[]> {
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const chosen = scenarios(volume.deepOffset).filter(({ key, servers }) => servers.includes('ours') && (options.only.length > 0 ? options.only.includes(key) : defaultScenarios.includes(key)));
  const baseline = checkOut(ref);
  const workload = await buildWorkload(data.databaseUrl, volume);
  const settings = { seconds: options.seconds, connections: options.connections, threads: options.threads, floodConnections: options.floodConnections };
  const servers: BenchServer[] = [];
  const results = new Map<string, { now: Measurement[]; then: Measurement[] }>();
  const problems: string[] = [];
  try {
    const now = await startBenchServer('ours', data.databaseUrl);
    servers.push(now);
    const then = await startBenchServer('ours', data.databaseUrl, { root: baseline.root, port: BASELINE_PORT });
    servers.push(then);
    for (const scenario of chosen) {
      const runs = { now: [] as Measurement[], then: [] as Measurement[] };
      if (options.warmupSeconds > 0) for (const server of [now, then]) await measure(scenario, server, workload.files, settings, options.warmupSeconds);
      for (let run = 0; run < options.runs; run++) {
        for (const which of run % 2 === 0 ? (['now', 'then'] as const) : (['then', 'now'] as const)) {
          const result = await measure(scenario, which === 'now' ? now : then, workload.files, settings);
          console.log(`${scenario.key} ${which === 'now' ? head : baseline.commit}: ${thousands(result.rps)} req/s, p99 ${result.p99Ms.toFixed(1)} ms, ${thousands(result.serverCpuUs ?? NaN)} µs CPU/request`);
          if (result.statusErrors + result.socketErrors > 0) problems.push(`${scenario.key} at ${which}: ${result.statusErrors} responses ≥ 400, ${result.socketErrors} socket errors`);
          runs[which].push(result);
        }
      }
      results.set(scenario.title, runs);
    }
  } finally {
    await Promise.all(servers.map(stopServer));
    workload.remove();
    baseline.remove();
  }
  const rows = [...results].map(([title, { now, then }]) => {
    const [rpsNow, rpsThen] = [median(now.map((m) => m.rps)), median(then.map((m) => m.rps))];
    const [cpuNow, cpuThen] = [median(now.map((m) => m.serverCpuUs ?? NaN)), median(then.map((m) => m.serverCpuUs ?? NaN))];
    const [p99Now, p99Then] = [median(now.map((m) => m.p99Ms)), median(then.map((m) => m.p99Ms))];
    return `| ${title} | ${thousands(rpsThen)} | ${thousands(rpsNow)} | ${Math.round((rpsNow / rpsThen) * 100)} % | ${thousands(cpuThen)} | ${thousands(cpuNow)} | ${p99Then.toFixed(1)} | ${p99Now.toFixed(1)} |`;
  });
  const section = [
    `## Against an earlier commit (\`npm run bench -- --compare ${ref}\`)`,
    '',
    `> ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ours at ${head} against ours at ${baseline.commit} (${ref}), both on this checkout's database, alternated run by run; ${options.seconds} s per run, medians of ${options.runs}, ${options.connections} connections.`,
    '',
    `| scenario | ${baseline.commit} req/s | ${head} req/s | ${head}/${baseline.commit} | ${baseline.commit} CPU µs/request | ${head} CPU µs/request | ${baseline.commit} p99 ms | ${head} p99 ms |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
  console.log(`\n${section}`);
  writeReport(section, 'npm run bench -- --compare');
  console.log('written to bench/results.md');
  return problems;
}
