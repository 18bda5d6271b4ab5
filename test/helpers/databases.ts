/**
 * Test databases: one migrated template per run, one fresh copy per test file. With
 * TEST_DATABASE_URL set the copies are PostgreSQL databases (CREATE DATABASE … TEMPLATE);
 * otherwise they are embedded PGlite data directories copied from a migrated one.
 */
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

export const uniqueName = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

export function databaseUrl(name: string): string {
  const url = new URL(testDatabaseUrl ?? 'postgres://localhost');
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdminClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const OBJECT_IN_USE = '55006';

export async function createPostgresDatabase(name: string, template?: string): Promise<void> {
  await withAdminClient(async (client) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.query(`create database "${name}"${template ? ` template "${template}"` : ''}`);
        return;
      } catch (error) {
        // Two copies of one template cannot start at the same instant; the loser retries.
        if ((error as { code?: string }).code !== OBJECT_IN_USE || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
      }
    }
  });
}

export async function dropPostgresDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`drop database if exists "${name}" with (force)`));
}

export async function temporaryDirectory(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `${prefix}-`));
}

/** A fresh database cloned from the run's template: a DATABASE_URL or a DATA_DIR, and its disposal. */
export async function cloneTemplate(template: string): Promise<{ settings: { DATABASE_URL?: string; DATA_DIR: string }; dispose: () => Promise<void> }> {
  if (testDatabaseUrl) {
    const name = uniqueName('igp_test');
    await createPostgresDatabase(name, template);
    return { settings: { DATABASE_URL: databaseUrl(name), DATA_DIR: 'memory://' }, dispose: () => dropPostgresDatabase(name) };
  }
  const dir = await temporaryDirectory('igp-test');
  await cp(template, dir, { recursive: true });
  return { settings: { DATA_DIR: dir }, dispose: () => rm(dir, { recursive: true, force: true }) };
}
