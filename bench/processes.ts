/** Server processes for the benchmarks: start, wait until live, stop, and read their CPU time and memory from /proc. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerProcess {
  name: string;
  port: number;
  pid: number;
  child: ChildProcess;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/**
 * The servers run compiled, as deployed (the Dockerfile runs `node dist/src/server.js`): under tsx,
 * each process would also carry its loader thread and the transpiler, tens of MiB and a slower start.
 */
const BUILD_DIRECTORY = 'dist-bench';

/** What tsc does not emit and the server reads at start: the hosted page's templates and stylesheet (`npm run build` copies them too). */
const PAGE_ASSETS = ['src/pages/templates', 'src/pages/hosted-page.css'];

/** Compiles the checkout at `root` (this one by default) into its dist-bench. */
export function buildServers(root = '.'): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.bench.json'], { cwd: root, stdio: 'inherit' });
  for (const asset of PAGE_ASSETS) cpSync(join(root, asset), join(root, BUILD_DIRECTORY, asset), { recursive: true });
}

export const compiledScript = (script: string, root = '.') => join(root, BUILD_DIRECTORY, script.replace(/\.ts$/, '.js'));

const answers = (port: number) => fetch(`http://127.0.0.1:${port}/health/live`).then((response) => response.ok, () => false);

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

const PORT_STEP = 100;
const PORT_TRIES = 20;

/**
 * `preferred`, or the first free one of preferred + 100, + 200…: two benchmarks on one machine
 * (another checkout's, a helper's) each get their own ports instead of one taking the other's answers.
 */
async function freePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + PORT_STEP * PORT_TRIES; port += PORT_STEP) if (await isFree(port)) return port;
  throw new Error(`no free port among ${preferred}, ${preferred + PORT_STEP}, … ${preferred + PORT_STEP * (PORT_TRIES - 1)}`);
}

/**
 * Runs `node [nodeOptions] <compiled>` (a file compiledScript names) with PORT set to `preferredPort` or the next
 * free one (the returned `port`), and an IPC channel when `ipc`, for a preloaded probe such as bench/memory-probe.ts;
 * resolves once GET /health/live answers 200.
 */
export async function startServer(
  name: string,
  compiled: string,
  preferredPort: number,
  env: Record<string, string>,
  nodeOptions: string[] = [],
  ipc = false,
): Promise<ServerProcess> {
  const port = await freePort(preferredPort);
  const child = spawn(process.execPath, [...nodeOptions, compiled], {
    env: { ...process.env, ...env, PORT: String(port) },
    // Production logging goes to stdout, discarded here; crashes show on stderr.
    stdio: ['ignore', 'ignore', 'inherit', ...(ipc ? (['ipc'] as const) : [])],
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} (${compiled}) exited with ${child.exitCode} while starting`);
    if (await answers(port)) return { name, port, pid: child.pid ?? 0, child };
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`${name} (${compiled}) did not answer on port ${port} within ${START_TIMEOUT_MS / 1000} s`);
}

/** SIGTERM, then SIGKILL if it has not exited in time; resolves when it has. */
export async function stopServer({ child }: ServerProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** Fields of /proc/<pid>/stat after the command name (field 3 is index 0). */
function statFields(pid: number | 'self'): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** User + system CPU seconds the process has used (all its threads). */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** CPU seconds of this process's children that have exited and been waited for (e.g. a finished wrk). */
export function exitedChildrenCpuSeconds(): number {
  const fields = statFields('self');
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

/** Resident set size now and its peak (VmHWM) since start or the last resetPeakMemory, in MiB, and the process's threads. */
export function memoryMiB(pid: number): { rss: number; peak: number; threads: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: field('VmRSS') / 1024, peak: field('VmHWM') / 1024, threads: field('Threads') };
}

/** Sets the process's VmHWM back to its RSS now (Linux's clear_refs 5), so the next peak read is that of what follows. */
export function resetPeakMemory(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}
