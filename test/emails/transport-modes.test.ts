/**
 * Without SMTP_URL: outside production each message is an .eml file under MAIL_DIR (a newcomer can
 * open it, and the server logs where); in production an email request is refused with
 * 422 email_not_configured and nothing is written, and payment reminders are skipped with a warning.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../helpers/app.js';
import { createUser } from '../helpers/users.js';
import { eventually } from '../webhooks/helpers.js';
import { addDays } from '../../src/domain/calendar.js';
import { todayUtc } from '../../src/services/invoice-records.js';
import { captureLogs } from '../foundation/log-capture.js';
import { emailRows, issuedInvoice, runReminderScan } from './helpers.js';

describe('without SMTP_URL, outside production', { timeout: 60_000 }, () => {
  let t: TestApp;
  let mailDir: string;
  beforeAll(async () => {
    mailDir = await mkdtemp(join(tmpdir(), 'igp-mail-'));
    t = await createTestApp({ SMTP_URL: undefined, MAIL_DIR: mailDir, SCHEDULER_INTERVAL_MS: 60_000 });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await rm(mailDir, { recursive: true, force: true });
  });

  it('writes each message as an .eml file under MAIL_DIR', async () => {
    const user = await createUser(t.app);
    const invoice = await issuedInvoice(t.app, user);
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/send`, token: user.token, body: { email: {} } }, 200);
    const [file] = await eventually(async () => {
      const files = await readdir(mailDir);
      return files.length > 0 && files;
    });
    expect(file).toMatch(/\.eml$/);
    const parsed = await simpleParser(await readFile(join(mailDir, file!)));
    expect(parsed.subject).toBe(`Rechnung ${invoice.number} von Åström & Søn Consulting BVBA`);
    expect(parsed.attachments.map((attachment) => attachment.filename)).toEqual([`${invoice.number}.pdf`]);
    const [row] = await eventually(async () => {
      const rows = await emailRows(t.app, user.id);
      return rows[0]?.status === 'sent' && rows;
    });
    expect(`${row!.message_id}.eml`).toBe(file);
  });
});

describe('without SMTP_URL, in production', { timeout: 60_000 }, () => {
  let t: TestApp;
  const logs = captureLogs();
  beforeAll(async () => {
    t = await createTestApp({ NODE_ENV: 'production', SMTP_URL: undefined, SCHEDULER_INTERVAL_MS: 60_000 }, { logger: logs.logger });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
  }, 180_000);
  afterAll(() => t?.close());

  it('refuses an email request with 422 email_not_configured and writes nothing', async () => {
    const user = await createUser(t.app);
    const invoice = await issuedInvoice(t.app, user);
    const { body } = await call<{ code: string }>(
      t.app,
      { method: 'POST', url: `/api/v1/invoices/${invoice.id}/send`, token: user.token, body: { email: {} } },
      422,
    );
    expect(body.code).toBe('email_not_configured');
    expect(await emailRows(t.app, user.id)).toEqual([]);
    const row = await t.app.db.selectFrom('invoices').select(['status', 'sent_at']).where('id', '=', invoice.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'published', sent_at: null });
    // Marking sent without a message still works.
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/send`, token: user.token }, 200);
  });

  it('queues no payment reminder and says why in the log, once', async () => {
    const user = await createUser(t.app);
    const invoice = await issuedInvoice(t.app, user, {}, {
      profile: { reminders: { enabled: true, daysAfterDue: [1] } },
      issueDate: addDays(todayUtc(), -10),
      dueDate: addDays(todayUtc(), -1),
    });
    await runReminderScan([t.app]);
    await runReminderScan([t.app]);
    expect(await emailRows(t.app, user.id)).toEqual([]);
    expect(await t.app.db.selectFrom('invoice_reminders').selectAll().where('invoice_id', '=', invoice.id).execute()).toEqual([]);
    expect(logs.lines.filter((line) => line.msg?.startsWith('payment reminders are skipped'))).toEqual([expect.objectContaining({ level: 40 })]);
  });
});
