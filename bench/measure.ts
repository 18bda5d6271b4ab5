/** One measured run of a scenario against one server: wrk's figures and the server's CPU time per request. */
import { setTimeout as sleep } from 'node:timers/promises';
import { type LoadResult, runLoad } from './load.js';
import { cpuSeconds } from './processes.js';
import type { Scenario, ScenarioKey, ServerName } from './scenarios.js';
import type { BenchServer } from './servers.js';
import type { RequestSet } from './workload.js';

export interface LoadSettings {
  seconds: number;
  connections: number;
  threads: number;
  floodConnections: number;
}

export interface Measurement extends LoadResult {
  scenario: ScenarioKey;
  server: ServerName;
  /** Server CPU (user + system, all threads) per request, µs; null beside a flood, whose requests share it. */
  serverCpuUs: number | null;
  flood?: { rps: number; statusErrors: number; socketErrors: number };
}


export async function measure(
  scenario: Scenario,
  server: BenchServer,
  files: Record<RequestSet, string>,
  settings: LoadSettings,
  seconds = settings.seconds,
): Promise<Measurement> {
  const connections = scenario.connections ?? settings.connections;
  const load = { port: server.port, requests: files[scenario.requests], seconds, connections, threads: settings.threads, thinkMs: scenario.thinkMs };
  if (scenario.flood) {
    const lead = Math.min(1, seconds / 2);
    const flooding = runLoad({
      ...load,
      requests: files[scenario.flood],
      seconds: seconds + 2 * lead,
      connections: settings.floodConnections,
      threads: 1,
    });
    await sleep(lead * 1000);
    const result = await runLoad(load);
    const flood = await flooding;
    return {
      ...result,
      scenario: scenario.key,
      server: server.name,
      serverCpuUs: null,
      flood: { rps: flood.rps, statusErrors: flood.statusErrors, socketErrors: flood.socketErrors },
    };
  }
  const cpuBefore = cpuSeconds(server.pid);
  const result = await runLoad(load);
  const serverCpuUs = result.requests > 0 ? ((cpuSeconds(server.pid) - cpuBefore) * 1e6) / result.requests : 0;
  return { ...result, scenario: scenario.key, server: server.name, serverCpuUs };
}
