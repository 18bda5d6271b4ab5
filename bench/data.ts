/** The benchmark's database: recreated and seeded, or (with --reuse) kept when it already holds the volume asked for. */
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { benchDatabaseUrl, recreateBenchDatabase } from './bench-database.js';
import { seed, seededVolume } from './seed.js';
import type { Volume } from './volume.js';

export interface BenchData {
  databaseUrl: string;
  /** null when reused. */
  seedSeconds: number | null;
  invoices: number;
  items: number;
}

async function query<T extends pg.QueryResultRow>(databaseUrl: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

async function holdsVolume(databaseUrl: string, volume: Volume): Promise<boolean> {
  try {
    const [row] = await query<{ volume: Volume }>(databaseUrl, 'select volume from bench_volume');
    return isDeepStrictEqual(row?.volume, seededVolume(volume));
  } catch {
    return false; // no such database or table: not seeded
  }
}

export async function prepareData(name: string, volume: Volume, reuse: boolean): Promise<BenchData> {
  const databaseUrl = benchDatabaseUrl(name);
  let seedSeconds: number | null = null;
  if (reuse && (await holdsVolume(databaseUrl, volume))) {
    console.log(`reusing ${name} (already seeded with this volume)`);
  } else {
    await recreateBenchDatabase(name);
    seedSeconds = await seed(databaseUrl, volume);
  }
  const [counts] = await query<{ invoices: number; items: number }>(
    databaseUrl,
    'select (select count(*) from invoices)::int as invoices, (select count(*) from invoice_items)::int as items',
  );
  const { invoices = 0, items = 0 } = counts ?? {};
  console.log(`${name}: ${invoices.toLocaleString('en')} invoices, ${items.toLocaleString('en')} items${seedSeconds === null ? '' : `, seeded in ${seedSeconds.toFixed(1)} s`}`);
  return { databaseUrl, seedSeconds, invoices, items };
}
