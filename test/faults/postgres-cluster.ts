/**
 * A throwaway PostgreSQL cluster of the test's own (initdb + pg_ctl on a free port, in a temporary
 * directory; never the machine's main cluster) that a test can stop, crash, freeze and restart.
 * initdb refuses to run as root, so as root every server command runs as the `postgres` user.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.js';

const run = promisify(execFile);
export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';
export const canRunCluster = existsSync(join(POSTGRES_BIN, 'initdb'));

export interface ThrowawayCluster {
  /** URL of a database on the cluster. */
  url(database: string): string;
  start(): Promise<void>;
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  /** SIGSTOP to the postmaster and every backend: connections stay open and nothing answers. */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  /** pg_terminate_backend on every connection to `database`. */
  terminateBackends(database: string): Promise<number>;
  destroy(): Promise<void>;
}

async function asPostgresUser(command: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  return asRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
}

async function postgresUid(): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid), gid: Number(gid) };
}

export async function throwawayCluster(): Promise<ThrowawayCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'igp-faults-pg-'));
  if (process.getuid?.() === 0) {
    const { uid, gid } = await postgresUid();
    await chown(dir, uid, gid);
  }
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const bin = (name: string) => join(POSTGRES_BIN, name);
  await asPostgresUser(bin('initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '--encoding', 'UTF8']);
  // fsync off is safe here: a crash (-m immediate) kills the server, not the OS, so its writes survive.
  // synchronous_commit stays on: off would acknowledge commits that a crash then loses.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;

  async function processIds(): Promise<number[]> {
    const postmaster = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(postmaster)]).catch(() => ({ stdout: '' }));
    return [postmaster, ...stdout.split('\n').map(Number).filter(Boolean)];
  }

  const cluster: ThrowawayCluster = {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await asPostgresUser(bin('pg_ctl'), ['-D', dataDir, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']);
    },
    async stop(mode) {
      await asPostgresUser(bin('pg_ctl'), ['-D', dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
    },
    async freeze() {
      for (const pid of await processIds()) process.kill(pid, 'SIGSTOP');
    },
    async thaw() {
      for (const pid of (await processIds()).reverse()) process.kill(pid, 'SIGCONT');
    },
    async terminateBackends(database) {
      const client = new pg.Client({ connectionString: cluster.url('postgres') });
      await client.connect();
      try {
        const { rowCount } = await client.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [database],
        );
        return rowCount ?? 0;
      } finally {
        await client.end();
      }
    },
    async destroy() {
      await cluster.thaw().catch(() => {});
      await cluster.stop('immediate').catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
