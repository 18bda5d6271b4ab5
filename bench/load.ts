/** Runs wrk (C, epoll: far less CPU per request than a Node load generator) with bench/wrk/replay.lua. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { exitedChildrenCpuSeconds } from './processes.js';

const script = fileURLToPath(new URL('./wrk/replay.lua', import.meta.url));

export interface Load {
  port: number;
  /** A request file (see replay.lua). */
  requests: string;
  seconds: number;
  connections: number;
  threads: number;
  /** Each connection's wait after a response (see replay.lua). */
  thinkMs?: number;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with a status of 400 or more. */
  statusErrors: number;
  /** Connect, read and write errors and timeouts. */
  socketErrors: number;
  /** CPU seconds wrk itself used (includes any other child that exited meanwhile, e.g. a concurrent flood's wrk). */
  generatorCpuSeconds: number;
}

interface WrkSummary {
  requests: number;
  durationUs: number;
  connectErrors: number;
  readErrors: number;
  writeErrors: number;
  timeouts: number;
  statusErrors: number;
  p50Us: number;
  p99Us: number;
}

export async function runLoad({ port, requests, seconds, connections, threads, thinkMs }: Load): Promise<LoadResult> {
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s'];
  const cpuBefore = exitedChildrenCpuSeconds();
  const wrk = spawn('wrk', [...args, '-s', script, `http://127.0.0.1:${port}`, '--', requests, ...(thinkMs === undefined ? [] : [String(thinkMs)])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  wrk.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    wrk.once('error', reject);
    wrk.once('close', resolve);
  });
  const line = output.split('\n').find((text) => text.startsWith('{'));
  if (code !== 0 || !line) throw new Error(`wrk exited with ${code}:\n${output}`);
  const summary = JSON.parse(line) as WrkSummary;
  return {
    requests: summary.requests,
    rps: summary.requests / (summary.durationUs / 1e6),
    p50Ms: summary.p50Us / 1000,
    p99Ms: summary.p99Us / 1000,
    statusErrors: summary.statusErrors,
    socketErrors: summary.connectErrors + summary.readErrors + summary.writeErrors + summary.timeouts,
    generatorCpuSeconds: exitedChildrenCpuSeconds() - cpuBefore,
  };
}
