/** Test fixtures for clients and invoices, plus the checks list and bad-input tests share. */
import { expect } from 'vitest';
import type { Client } from '../../schemas/clients.js';
import type { App } from '../../src/app.js';
import { call } from '../helpers/app.js';

export const clientBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'customer',
  companyName: 'Acme GmbH',
  currency: 'EUR',
  ...overrides,
});

export async function createClient(app: App, token: string, overrides: Record<string, unknown> = {}): Promise<Client> {
  const { body } = await call<Client>(app, { method: 'POST', url: '/api/v1/clients', token, body: clientBody(overrides) }, 201);
  return body;
}

/** Every row of a table in a stable order: compare before and after to prove nothing changed. */
export function snapshot(app: App, table: 'clients' | 'invoices' | 'invoice_items') {
  return app.db.selectFrom(table).selectAll().orderBy('id').execute();
}

export interface Problem {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

/** The response is a 400 validation_failed whose errors[] names `path`. */
export function expectFieldError(body: Problem, path: string) {
  expect(body.code).toBe('validation_failed');
  expect(body.errors?.map((error) => error.path)).toContain(path);
}

interface IdPage {
  data: { id: string }[];
  nextCursor: string | null;
}

/** The ids of a user's rows in the lists' order (createdAt desc, id desc), straight from the database. */
export async function idsNewestFirst(app: App, table: 'clients' | 'invoices', userId: string): Promise<string[]> {
  const rows = await app.db
    .selectFrom(table)
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => row.id);
}

/** Follows nextCursor from the first page to the last and returns every id in the order seen. */
export async function walkPages(
  app: App,
  token: string,
  url: string,
  limit: number,
  betweenPages: (page: number) => Promise<void> = async () => {},
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page += 1) {
    const separator = url.includes('?') ? '&' : '?';
    const query: string = `${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const { body } = await call<IdPage>(app, { method: 'GET', url: `${url}${query}`, token }, 200);
    expect(body.data.length).toBeLessThanOrEqual(limit);
    ids.push(...body.data.map((row) => row.id));
    cursor = body.nextCursor;
    if (!cursor) return ids;
    await betweenPages(page);
  }
  throw new Error('pagination did not end');
}

/** Malformed cursors: garbage, truncated, wrong JSON types inside, a bad date, a non-uuid id. */
export function malformedCursors(validCursor: string): string[] {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const id = '4f0e6d2e-9a53-4b9e-a0c4-6f7c0a1f2b3c';
  return [
    'garbage!',
    'bm90IGpzb24',
    validCursor.slice(0, -6),
    encode({ createdAt: '2026-11-25T10:00:00.000Z', id }),
    encode([1, 2]),
    encode(['2026-11-25T10:00:00.000Z', id, 3]),
    encode([null, id]),
    encode(['2026-02-30T10:00:00.000Z', id]),
    encode(['yesterday', id]),
    encode(['2026-11-25T10:00:00.000Z', 'not-a-uuid']),
    encode(['2026-11-25T10:00:00.000Z', 42]),
  ];
}
