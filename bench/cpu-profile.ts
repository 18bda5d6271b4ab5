/**
 * `npm run bench -- --cpu-prof [--only <scenario>]`: ours and the bare server, each started with
 * --cpu-prof, under one scenario (GET /invoices/:id by default); prints the self time per request
 * by category and the top functions of each, taken from the samples of the measured run only.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchData } from './data.js';
import { measure } from './measure.js';
import type { Options } from './options.js';
import { stopServer } from './processes.js';
import { type SelfTimes, renderSelfTimes, selfTimes } from './profile.js';
import { scenarios } from './scenarios.js';
import { startBenchServer } from './servers.js';
import type { Volume } from './volume.js';
import { buildWorkload } from './workload.js';

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
const none: SelfTimes = { categories: new Map(), functions: new Map(), totalUs: 0 };

export async function runCpuProfile(options: Options, volume: Volume, data: BenchData): Promise<void> {
  const key = options.only[0] ?? 'get';
  const scenario = scenarios(volume.deepOffset).find((candidate) => candidate.key === key);
  if (!scenario) throw new Error(`unknown scenario ${key}`);
  const workload = await buildWorkload(data.databaseUrl, volume);
  const directory = mkdtempSync(join(tmpdir(), 'igp-cpu-prof-'));
  const settings = { seconds: options.seconds, connections: options.connections, threads: options.threads, floodConnections: options.floodConnections };
  const profiled = new Map<string, SelfTimes>();
  try {
    for (const name of (['ours', 'bare'] as const).filter((server) => scenario.servers.includes(server))) {
      const profileDirectory = join(directory, name);
      const server = await startBenchServer(name, data.databaseUrl, { nodeOptions: ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`] });
      try {
        if (options.warmupSeconds > 0) await measure(scenario, server, workload.files, settings, options.warmupSeconds);
        const from = monotonicUs();
        const result = await measure(scenario, server, workload.files, settings);
        const to = monotonicUs();
        console.log(`${name}: ${Math.round(result.rps)} req/s, server CPU ${Math.round(result.serverCpuUs ?? NaN)} µs/request (from /proc)`);
        await stopServer(server);
        // The main thread's profile: CPU.<date>.<time>.<pid>.<thread id 0>.<sequence>.cpuprofile
        const file = readdirSync(profileDirectory).find((entry) => /\.\d+\.0\.\d+\.cpuprofile$/.test(entry));
        if (!file) throw new Error(`${name} wrote no CPU profile in ${profileDirectory}`);
        profiled.set(name, selfTimes(join(profileDirectory, file), from, to, result.requests));
      } finally {
        await stopServer(server);
      }
    }
  } finally {
    workload.remove();
  }
  console.log(`\n${scenario.title}: self time per request during the measured run\n`);
  console.log(renderSelfTimes(profiled.get('ours') ?? none, profiled.get('bare') ?? none));
  console.log(`\nprofiles (open in Chrome DevTools or speedscope): ${directory}`);
}
