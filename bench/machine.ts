/** One line saying where a benchmark ran: CPU, cores, memory, Node, PostgreSQL, date and load average. */
import { cpus, loadavg, totalmem } from 'node:os';
import pg from 'pg';

export async function describeMachine(databaseUrl: string, startLoad: number[]): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('show server_version');
  await client.end();
  const load = (values: number[]) => values.map((value) => value.toFixed(1)).join(' / ');
  return (
    `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
    `Node ${process.version}; PostgreSQL ${rows[0]?.server_version ?? '?'} on the same machine; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ` +
    `load average (1 / 5 / 15 min) ${load(startLoad)} at the start, ${load(loadavg())} at the end.`
  );
}
