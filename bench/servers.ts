/** The three servers compared, each its own process on the same database, with production settings. */
import { deployedNodeOptions } from './deployed-runtime.js';
import { type ServerProcess, compiledScript, startServer } from './processes.js';
import type { ServerName } from './scenarios.js';
import { BENCH_JWT_SECRET } from './volume.js';

const UNLIMITED = '1000000000';

export const serverScripts: Record<ServerName, { script: string; port: number }> = {
  ours: { script: 'src/server.ts', port: 3301 },
  bare: { script: 'bench/reference-server.ts', port: 3302 },
  conventional: { script: 'bench/conventional-server.ts', port: 3303 },
};

/** The environment of each: ours as deployed (the image's V8 flags, info logging to stdout, which is discarded), its rate limits out of the way. */
export function serverEnvironment(name: ServerName, databaseUrl: string): Record<string, string> {
  const common = { DATABASE_URL: databaseUrl, JWT_ACCESS_SECRET: BENCH_JWT_SECRET, DB_POOL_MAX: '10', NODE_ENV: 'production' };
  if (name !== 'ours') return common;
  return {
    ...common,
    NODE_OPTIONS: deployedNodeOptions(),
    // As deployed, and the base the references' hostedUrl is written with.
    PUBLIC_URL: 'http://localhost:3000',
    LOG_LEVEL: 'info',
    MIGRATE_ON_START: 'false',
    RATE_LIMIT_MAX: UNLIMITED,
    RATE_LIMIT_USER_MAX: UNLIMITED,
    AUTH_RATE_LIMIT_MAX: UNLIMITED,
    AUTH_IP_RATE_LIMIT_MAX: UNLIMITED,
    // The login scenario's 32 connections all wait for the one hashing slot of a 2-core machine, near the
    // default 2 s; the gate's 503 is overload protection (test/auth/password-hashing.test.ts), not a throughput figure.
    PASSWORD_HASH_WAIT_MS: '10000',
  };
}

export type BenchServer = ServerProcess & { name: ServerName };

export interface BenchServerOptions {
  /** Node flags before the script (e.g. --cpu-prof, --import of a probe). */
  nodeOptions?: string[];
  port?: number;
  /** An IPC channel to the process (for a preloaded probe such as bench/memory-probe.ts). */
  ipc?: boolean;
  /** More environment on top of serverEnvironment's (e.g. SMTP_URL). */
  env?: Record<string, string>;
  /** The checkout whose build runs (another commit's, for --compare); this one by default. */
  root?: string;
}

/**
 * BENCH_NODE_FLAGS: Node flags for every server of ours any harness starts, before the harness's own
 * (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p` to profile the recurring or email engine, which NODE_OPTIONS refuses).
 */
const benchNodeFlags = (name: ServerName) => (name === 'ours' ? (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean) : []);

export async function startBenchServer(name: ServerName, databaseUrl: string, options: BenchServerOptions = {}): Promise<BenchServer> {
  const { nodeOptions = [], port = serverScripts[name].port, ipc = false, env = {}, root } = options;
  const environment = { ...serverEnvironment(name, databaseUrl), ...env };
  const flags = [...benchNodeFlags(name), ...nodeOptions];
  return { ...(await startServer(name, compiledScript(serverScripts[name].script, root), port, environment, flags, ipc)), name };
}
