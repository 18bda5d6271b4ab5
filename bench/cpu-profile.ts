/**
 * `npm run bench -- --cpu-prof [--only <scenario>…]`: ours and the bare server, each started with
 * --cpu-prof, under each scenario; prints the self time per request by category and the top
 * functions of each, taken from the samples of the measured run only. Without --only it profiles
 * every scenario the bare server also answers (where ours is judged against the limit) and writes
 * the profiles into bench/results.md: the "where the time goes" of each ratio target.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchData } from './data.js';
import { measure } from './measure.js';
import type { Options } from './options.js';
import { stopServer } from './processes.js';
import { type SelfTimes, renderSelfTimes, selfTimes } from './profile.js';
import { writeReport } from './report.js';
import { type Scenario, scenarios } from './scenarios.js';
import { startBenchServer } from './servers.js';
import type { Volume } from './volume.js';
import { type Workload, buildWorkload } from './workload.js';

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
const none: SelfTimes = { categories: new Map(), functions: new Map(), totalUs: 0 };
const profiledServers = ['ours', 'bare'] as const;

interface Profiled {
  scenario: Scenario;
  /** wrk's req/s and the server's CPU per request from /proc, by server. */
  figures: string[];
  table: string;
}

async function profileScenario(scenario: Scenario, workload: Workload, options: Options, data: BenchData, directory: string): Promise<Profiled> {
  const settings = { seconds: options.seconds, connections: options.connections, threads: options.threads, floodConnections: options.floodConnections };
  const profiled = new Map<string, SelfTimes>();
  const figures: string[] = [];
  for (const name of profiledServers.filter((server) => scenario.servers.includes(server))) {
    const profileDirectory = join(directory, `${scenario.key}-${name}`);
    const server = await startBenchServer(name, data.databaseUrl, { nodeOptions: ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`] });
    try {
      if (options.warmupSeconds > 0) await measure(scenario, server, workload.files, settings, options.warmupSeconds);
      const from = monotonicUs();
      const result = await measure(scenario, server, workload.files, settings);
      const to = monotonicUs();
      figures.push(`${name}: ${Math.round(result.rps)} req/s, server CPU ${Math.round(result.serverCpuUs ?? NaN)} µs/request (from /proc)`);
      await stopServer(server);
      // The main thread's profile: CPU.<date>.<time>.<pid>.<thread id 0>.<sequence>.cpuprofile
      const file = readdirSync(profileDirectory).find((entry) => /\.\d+\.0\.\d+\.cpuprofile$/.test(entry));
      if (!file) throw new Error(`${name} wrote no CPU profile in ${profileDirectory}`);
      profiled.set(name, selfTimes(join(profileDirectory, file), from, to, result.requests));
    } finally {
      await stopServer(server);
    }
  }
  return { scenario, figures, table: renderSelfTimes(profiled.get('ours') ?? none, profiled.get('bare') ?? none) };
}

function renderSection(profiles: Profiled[], options: Options): string {
  return [
    '## Where the time goes (`npm run bench -- --cpu-prof`)',
    '',
    `> ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; each server started with \`node --cpu-prof\`, ${options.seconds} s measured after ${options.warmupSeconds} s of warm-up, ${options.connections} connections. Self time of the samples taken while the load ran, divided by the requests served; the profiler's own overhead makes both servers slower than in the suite above.`,
    '',
    ...profiles.flatMap(({ scenario, figures, table }) => [`### ${scenario.title}`, '', ...figures.map((line) => `- ${line}`), '', '```', table, '```', '']),
  ].join('\n');
}

export async function runCpuProfile(options: Options, volume: Volume, data: BenchData): Promise<void> {
  const all = scenarios(volume.deepOffset);
  const chosen = options.only.length > 0 ? all.filter(({ key }) => options.only.includes(key)) : all.filter(({ servers, flood }) => servers.includes('bare') && !flood);
  const workload = await buildWorkload(data.databaseUrl, volume);
  const directory = mkdtempSync(join(tmpdir(), 'igp-cpu-prof-'));
  const profiles: Profiled[] = [];
  try {
    for (const scenario of chosen) {
      const profile = await profileScenario(scenario, workload, options, data, directory);
      console.log(`\n${scenario.title}: self time per request during the measured run\n\n${profile.figures.join('\n')}\n\n${profile.table}`);
      profiles.push(profile);
    }
  } finally {
    workload.remove();
  }
  console.log(`\nprofiles (open in Chrome DevTools or speedscope): ${directory}`);
  if (options.only.length === 0) {
    writeReport(renderSection(profiles, options), 'npm run bench -- --cpu-prof');
    console.log('written to bench/results.md');
  }
}
