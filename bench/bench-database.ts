/** The benchmarks' own PostgreSQL database: named, dropped and created afresh for each run. */
import pg from 'pg';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The database of one harness (reports, recurring, emails, memory): igp_bench_<harness>, or under
 * BENCH_DATABASE_NAME's name, so benchmarks run side by side never reset each other's.
 */
export const harnessDatabaseName = (harness: string) => `${process.env.BENCH_DATABASE_NAME ?? 'igp_bench'}_${harness}`;

export function benchDatabaseUrl(name: string): string {
  return Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
}

export async function recreateBenchDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
}
