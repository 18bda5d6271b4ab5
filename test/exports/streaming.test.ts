/**
 * Exports larger than a batch: every row exactly once across batch boundaries (ties on the date
 * broken by id), and the file streamed: its first bytes reach the client before its last rows are
 * read from the database.
 */
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../schemas/clients.js';
import { EXPORT_BATCH_ROWS } from '../../src/services/export-batches.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/users.js';

const ROWS = EXPORT_BATCH_ROWS * 2 + 500;
/** Enough clients that backpressure stops the export several batches before its end. */
const CLIENTS = EXPORT_BATCH_ROWS * 6;

describe('large exports', () => {
  const t = useTestApp();
  let user: TestUser;

  beforeAll(async () => {
    user = await createUser(t.app);
    const db = t.app.db;
    // Few distinct dates, so batches end in the middle of a run of equal dates.
    await sql`insert into clients (user_id, kind, company_name, currency, created_at)
      select ${user.id}, 'customer', 'Client ' || n, 'EUR', timestamptz '2026-01-01 00:00:00Z' + (n % 3) * interval '1 day'
      from generate_series(1, ${CLIENTS}) n`.execute(db);
    const [client] = await db.selectFrom('clients').select('id').where('user_id', '=', user.id).limit(1).execute();
    await sql`insert into invoices (user_id, client_id, number, status, currency, issue_date, due_date, subtotal, tax, total,
        amount_paid, amount_credited, credit_applied, buyer, published_at)
      select ${user.id}, ${client?.id}, 'INV-' || lpad(n::text, 6, '0'), 'published', 'EUR', date '2026-01-01' + n % 3,
        date '2026-02-01', 1000, 0, 1000, 1, 10, 10, '{"name": "Client 1"}', now()
      from generate_series(1, ${ROWS}) n`.execute(db);
    await sql`insert into payments (user_id, invoice_id, amount, method, paid_at)
      select user_id, id, 1, 'cash', timestamptz '2026-01-05 10:00:00Z' + (issue_date - date '2026-01-01') * interval '1 hour'
      from invoices where user_id = ${user.id}`.execute(db);
    await sql`insert into credit_notes (user_id, invoice_id, number, currency, issue_date, reason, subtotal, tax, total,
        applied_to_balance, refund_due, buyer, hosted_token)
      select user_id, id, 'CN-' || number, 'EUR', issue_date, 'Correction', 10, 0, 10, 10, 0, '{"name": "Client 1"}', id::text
      from invoices where user_id = ${user.id}`.execute(db);
  });

  const exportIds = async (file: string, idColumn = 'id') => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/exports/${file}`, headers: { authorization: `Bearer ${user.token}` } });
    expect(response.statusCode).toBe(200);
    return (parse(response.body, { columns: true }) as Record<string, string>[]).map((row) => row[idColumn]);
  };

  it.each([
    ['invoices.csv', 'invoices', 'issue_date'],
    ['payments.csv', 'payments', 'paid_at'],
    ['credit-notes.csv', 'credit_notes', 'issue_date'],
    ['clients.csv', 'clients', 'created_at'],
  ] as const)('%s holds every row once, in date then id order, across batches', async (file, table, date) => {
    const expected = await t.app.db
      .selectFrom(table)
      .select('id')
      .where('user_id', '=', user.id)
      .orderBy(date)
      .orderBy('id')
      .execute();
    expect(expected.length).toBeGreaterThan(EXPORT_BATCH_ROWS * 2);
    expect(await exportIds(file)).toEqual(expected.map((row) => row.id));
  });

  it('starts answering before its last rows are read', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/exports/clients.csv',
      headers: { authorization: `Bearer ${user.token}` },
      payloadAsStream: true,
    });
    expect(response.statusCode).toBe(200);
    const body = response.stream();
    const first: Buffer = await new Promise((resolve, reject) => {
      body.once('error', reject);
      body.once('readable', () => resolve(body.read() as Buffer));
    });
    expect(first.toString('utf8')).toMatch(/^id,kind,companyName,/);
    // The client reads no further for now: the server stops within a batch or two of what it sent.
    // A client created now sorts after every row; it can be in the file only if the last rows are
    // read from the database after this point.
    const late = await call<Client>(
      t.app,
      { method: 'POST', url: '/api/v1/clients', token: user.token, body: { kind: 'customer', companyName: 'Created mid-download', currency: 'EUR' } },
      201,
    );
    const rest: Buffer[] = [];
    for await (const chunk of body) rest.push(chunk as Buffer);
    const rows = parse(Buffer.concat([first, ...rest]).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(CLIENTS + 1);
    expect(rows.at(-1)).toMatchObject({ id: late.body.id, companyName: 'Created mid-download' });
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
  });
});
