/**
 * The benchmark proper (`npm run bench`, and `-- --smoke`): the three servers side by side, each
 * scenario checked once on each, warmed up, then measured in alternating runs; the report, and
 * the problems that fail a smoke run.
 */
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkScenario } from './check.js';
import type { BenchData } from './data.js';
import { explainListQueries } from './explain.js';
import { describeMachine } from './machine.js';
import { type Measurement, measure } from './measure.js';
import type { Options } from './options.js';
import { memoryMiB, resetPeakMemory, stopServer } from './processes.js';
import { type Report, type ServerMemory, renderReport, writeReport } from './report.js';
import { type Scenario, type ServerName, scenarios as allScenarios, serverNames } from './scenarios.js';
import { type BenchServer, startBenchServer } from './servers.js';
import type { Volume } from './volume.js';
import { buildWorkload } from './workload.js';

const IDLE_SETTLE_MS = 2_000;

const describe = (m: Measurement) =>
  `${m.scenario.padEnd(18)} ${m.server.padEnd(12)} ${Math.round(m.rps).toString().padStart(6)} req/s  p50 ${m.p50Ms.toFixed(1).padStart(6)} ms  ` +
  `p99 ${m.p99Ms.toFixed(1).padStart(6)} ms  cpu ${m.serverCpuUs === null ? '     –' : Math.round(m.serverCpuUs).toString().padStart(6)} µs/req  ` +
  `errors ${m.statusErrors}+${m.socketErrors}${m.flood ? `  (flood ${Math.round(m.flood.rps)} logins/s, ${m.flood.statusErrors} refused)` : ''}`;

/** Runs the suite; returns the problems found (a smoke run fails on any). `otherTargets` join its list of targets. */
export async function runSuite(options: Options, volume: Volume, data: BenchData, otherTargets: string[] = []): Promise<string[]> {
  const startLoad = loadavg();
  const workload = await buildWorkload(data.databaseUrl, volume);
  const selected = allScenarios(volume.deepOffset).filter((scenario) => options.only.length === 0 || options.only.includes(scenario.key));
  const deepTitle = selected.find((scenario) => scenario.key === 'deep')?.title ?? 'deep page';
  const plans = await explainListQueries(data.databaseUrl, workload.deep.userId, workload.deep.cursor, deepTitle);
  for (const { title, plan } of plans) console.log(`\nEXPLAIN (ANALYZE, BUFFERS), ${title}:\n${plan}`);

  const servers = new Map<ServerName, BenchServer>();
  const memory = new Map<ServerName, ServerMemory>();
  const problems: string[] = [];
  const measurements: Measurement[] = [];
  try {
    const needed = serverNames.filter((name) => selected.some((scenario) => scenario.servers.includes(name)));
    for (const server of await Promise.all(needed.map((name) => startBenchServer(name, data.databaseUrl)))) servers.set(server.name, server);
    await sleep(IDLE_SETTLE_MS);
    for (const [name, server] of servers) memory.set(name, { idle: memoryMiB(server.pid).rss, peak: memoryMiB(server.pid).peak, scenarioPeaks: new Map() });
    const settings = { seconds: options.seconds, connections: options.connections, threads: options.threads, floodConnections: options.floodConnections };
    console.log('');
    for (const scenario of selected) {
      for (const name of scenario.servers) resetPeakMemory((servers.get(name) as BenchServer).pid);
      const found = await checkScenario(scenario, servers, workload.files[scenario.requests]);
      problems.push(...found);
      if (found.length > 0) {
        console.log(found.join('\n'));
        continue;
      }
      const measured = (scenario: Scenario, server: BenchServer, seconds?: number) => measure(scenario, server, workload.files, settings, seconds);
      if (options.warmupSeconds > 0) {
        for (const name of scenario.servers) await measured(scenario, servers.get(name) as BenchServer, options.warmupSeconds);
      }
      for (let run = 0; run < options.runs; run += 1) {
        for (const name of scenario.servers) {
          const result = await measured(scenario, servers.get(name) as BenchServer);
          console.log(describe(result));
          measurements.push(result);
          const errors = result.statusErrors + result.socketErrors + (result.flood?.socketErrors ?? 0);
          if (errors > 0) problems.push(`${scenario.key} on ${name}: ${result.statusErrors} responses ≥ 400, ${result.socketErrors} socket errors`);
        }
      }
      for (const name of scenario.servers) {
        const peak = memoryMiB((servers.get(name) as BenchServer).pid).peak;
        const serverMemory = memory.get(name) as ServerMemory;
        serverMemory.scenarioPeaks.set(scenario.key, peak);
        serverMemory.peak = Math.max(serverMemory.peak, peak);
      }
    }
  } finally {
    await Promise.all([...servers.values()].map(stopServer));
    workload.remove();
  }

  const alone = measurements.filter((m) => !m.flood);
  const generatorCpuUs = (alone.reduce((sum, m) => sum + m.generatorCpuSeconds, 0) * 1e6) / alone.reduce((sum, m) => sum + m.requests, 0);
  const report: Report = {
    machine: await describeMachine(data.databaseUrl, startLoad),
    settings: { ...options, generatorCpuUs },
    volume,
    data,
    scenarios: selected,
    measurements,
    memory,
    plans,
    otherTargets,
  };
  const section = renderReport(report);
  console.log(`\n${section}`);
  if (options.mode === 'full' && options.only.length === 0) {
    writeReport(section);
    console.log('written to bench/results.md');
  }
  return problems;
}
