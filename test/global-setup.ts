import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrations.js';
import { testConfig } from './helpers/config.js';
import {
  createPostgresDatabase,
  databaseUrl,
  dropPostgresDatabase,
  temporaryDirectory,
  testDatabaseUrl,
  uniqueName,
} from './helpers/databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplate: string;
  }
}

/** Migrates one template database for the whole run; every test file clones it. */
export default async function setup(project: TestProject) {
  const template = testDatabaseUrl ? uniqueName('igp_template') : await temporaryDirectory('igp-template');
  if (testDatabaseUrl) await createPostgresDatabase(template);
  const { db } = createDatabase({
    ...testConfig(),
    ...(testDatabaseUrl ? { DATABASE_URL: databaseUrl(template) } : { DATA_DIR: template }),
  });
  await migrateToLatest(db);
  await db.destroy();
  project.provide('databaseTemplate', template);

  return async () => {
    if (testDatabaseUrl) await dropPostgresDatabase(template);
    else await rm(template, { recursive: true, force: true });
  };
}
