/**
 * Payment reminders over a real SMTP server: the periodic scan (run on demand here by making its
 * period due, as the engine's own tests do) queues one reminder per invoice and UTC day before or
 * after the due date, in the client's language; exactly once per day across two instances (on
 * PostgreSQL: the embedded database serves one process) and after a restart; only the latest day
 * missed while nothing ran; none for settled, void, uncollectible, draft, email-less or disabled.
 * Dates are set relative to today, as the recurring-invoice tests do: nothing sleeps for a day.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, inject } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import { type App, buildApp } from '../../src/app.js';
import { addDays } from '../../src/domain/calendar.js';
import { formatDate } from '../../src/i18n/index.js';
import { queueDueReminders } from '../../src/services/payment-reminders.js';
import { todayUtc } from '../../src/services/invoice-records.js';
import { call } from '../helpers/app.js';
import { testConfig } from '../helpers/config.js';
import { cloneTemplate, testDatabaseUrl } from '../helpers/databases.js';
import { type TestUser, createUser } from '../helpers/users.js';
import { eventually } from '../webhooks/helpers.js';
import { issuedInvoice, runReminderScan } from './helpers.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

const today = todayUtc();
/** Intl separates with (narrow) no-break spaces: compare them as spaces. */
const spaced = (text: string | undefined) => text?.replaceAll(/[\u00a0\u202f]/g, ' ');

describe('payment reminders', { timeout: 120_000 }, () => {
  let sink: SmtpSink;
  let database: Awaited<ReturnType<typeof cloneTemplate>>;
  let config: ReturnType<typeof testConfig>;
  /** The instances sharing the database: two on PostgreSQL, one on the embedded database. */
  let apps: App[] = [];
  const app = () => apps[0]!;

  async function startInstances(count: number) {
    for (let index = 0; index < count; index += 1) {
      const instance = await buildApp(config, { logger: false });
      await instance.listen({ host: '127.0.0.1', port: 0 });
      apps.push(instance);
    }
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    database = await cloneTemplate(inject('databaseTemplate'));
    // A 60 s period: the scan runs at start and when a test makes it due, not in between (unless a minute turns).
    // PUBLIC_URL: a reminder is written outside any request, so its link takes the deployment's address.
    config = testConfig({
      ...database.settings,
      SMTP_URL: sink.url,
      SCHEDULER_INTERVAL_MS: 60_000,
      EMAIL_RETRY_BASE_MS: 200,
      PUBLIC_URL: 'https://billing.example',
    });
    await startInstances(testDatabaseUrl ? 2 : 1);
  }, 180_000);
  afterAll(async () => {
    for (const instance of apps) await instance.close();
    await database?.dispose();
    await sink?.close();
  });
  beforeEach(() => sink.reset());

  const scanNow = () => runReminderScan(apps);

  const remindersOf = (invoiceId: string) =>
    app().db.selectFrom('invoice_reminders').select(['reminder_date', 'email_id']).where('invoice_id', '=', invoiceId).orderBy('reminder_date').execute();
  const reminderEmails = (userId: string) =>
    app().db.selectFrom('emails').selectAll().where('user_id', '=', userId).where('kind', '=', 'reminder').orderBy('created_at').execute();
  const getInvoice = async (user: TestUser, id: string) =>
    (await call<Invoice>(app(), { method: 'GET', url: `/api/v1/invoices/${id}`, token: user.token }, 200)).body;
  const reminders = (settings: Record<string, unknown>) => ({ reminders: { enabled: true, ...settings } });
  /** Sent reminders counted by every instance (either may deliver). */
  async function sentReminderCount() {
    let sum = 0;
    for (const instance of apps) {
      const { body } = await instance.inject({ url: '/metrics' });
      sum += Number(/invoice_api_emails_total\{kind="reminder",outcome="sent"\} (\d+)/.exec(body)?.[1]);
    }
    return sum;
  }

  it('reminds before and after the due date in the client’s language, with the amount due and the hosted link; once a day', async () => {
    const user = await createUser(app());
    const sentBefore = await sentReminderCount();
    const profile = reminders({ daysBeforeDue: [3, 10], daysAfterDue: [2] });
    const dueSoon = await issuedInvoice(app(), user, {}, { profile, issueDate: addDays(today, -5), dueDate: addDays(today, 3) });
    const overdue = await issuedInvoice(
      app(),
      user,
      { email: 'ap@client.example', language: 'fr', companyName: 'Client SARL' },
      { profile: false, issueDate: addDays(today, -20), dueDate: addDays(today, -2) },
    );
    await call(app(), { method: 'POST', url: `/api/v1/invoices/${overdue.id}/payments`, token: user.token, body: { amount: 19_000, method: 'bank_transfer' } }, 201);
    expect(dueSoon.lastReminderAt).toBeNull();

    await scanNow();
    const mails = await sink.waitFor(2);
    const byRecipient = new Map(mails.map((mail) => [mail.parsed.to && 'text' in mail.parsed.to ? mail.parsed.to.text : '', mail.parsed]));
    const german = byRecipient.get('accounts@mueller.example')!;
    expect(german.subject).toBe(`Zahlungserinnerung: Rechnung ${dueSoon.number} ist am ${formatDate('de', dueSoon.dueDate)} fällig`);
    expect(spaced(german.text)).toContain('Offener Betrag: 1.190,00 €');
    expect(dueSoon.hostedUrl).toMatch(/^https:\/\/billing\.example\/i\//);
    expect(german.text).toContain(dueSoon.hostedUrl!);
    expect(german.replyTo?.text).toBe('billing@astrom.example');
    expect(german.attachments).toHaveLength(0);
    const french = byRecipient.get('ap@client.example')!;
    expect(french.subject).toBe(`Rappel : la facture ${overdue.number} est en retard de paiement`);
    expect(spaced(french.text)).toContain('Montant dû : 1 000,00 €');
    expect(french.html).toContain('lang="fr"');

    for (const invoice of [dueSoon, overdue]) {
      expect((await remindersOf(invoice.id)).map((row) => row.reminder_date)).toEqual([today]);
      expect((await getInvoice(user, invoice.id)).lastReminderAt).toEqual(expect.any(String));
    }
    const messages = await reminderEmails(user.id);
    expect(messages.map((message) => message.invoice_id).sort()).toEqual([dueSoon.id, overdue.id].sort());
    const listed = await call<{ data: { kind: string }[] }>(app(), { method: 'GET', url: `/api/v1/emails?kind=reminder`, token: user.token }, 200);
    expect(listed.body.data).toHaveLength(2);
    await eventually(async () => (await sentReminderCount()) === sentBefore + 2);

    // Scanning again the same day sends nothing more.
    await scanNow();
    expect(await reminderEmails(user.id)).toHaveLength(2);
  });

  it('sends exactly one reminder per invoice and day across instances scanning at once, and after a restart', async () => {
    const user = await createUser(app());
    const invoice = await issuedInvoice(app(), user, {}, { profile: reminders({ daysAfterDue: [1] }), issueDate: addDays(today, -10), dueDate: addDays(today, -1) });
    // Every instance scans at the same moment, outside the engine's one-run-per-period claim.
    const queued = await Promise.all(apps.flatMap((instance) => [1, 2].map(() => instance.unitOfWork.run((trx) => queueDueReminders(trx)))));
    expect(queued.reduce((sum, count) => sum + count, 0)).toBe(1);
    await scanNow();
    expect(await remindersOf(invoice.id)).toHaveLength(1);
    await sink.waitFor(1);

    // The primary key refuses a second reminder of the day, whatever writes it.
    const [row] = await remindersOf(invoice.id);
    await expect(
      app().db.insertInto('invoice_reminders').values({ invoice_id: invoice.id, reminder_date: today, email_id: row!.email_id }).execute(),
    ).rejects.toThrow(/invoice_reminders_pkey|duplicate key/);

    // Every instance stops; one starts again on the same database and scans: nothing new for that day.
    for (const instance of apps) await instance.close();
    apps = [];
    await startInstances(1);
    const fresh = await issuedInvoice(app(), user, {}, { profile: false, issueDate: addDays(today, -10), dueDate: addDays(today, -1) });
    sink.reset();
    await scanNow();
    await sink.waitFor(1);
    expect(await remindersOf(invoice.id)).toHaveLength(1);
    expect(await remindersOf(fresh.id)).toHaveLength(1);
    expect((await reminderEmails(user.id)).map((message) => message.invoice_id)).toEqual([invoice.id, fresh.id]);
    if (testDatabaseUrl) await startInstances(1);
  });

  it('after downtime sends only the latest missed day of each invoice, never a day before the invoice was issued', async () => {
    const user = await createUser(app());
    const profile = reminders({ daysBeforeDue: [2], daysAfterDue: [1, 3] });
    // Reminder days today-6, today-3 and today-1: all missed; only today-1 is sent.
    const missed = await issuedInvoice(app(), user, {}, { profile, issueDate: addDays(today, -20), dueDate: addDays(today, -4) });
    // Issued yesterday, due today: its one past reminder day (today-2) comes before its issue date, so none.
    const young = await issuedInvoice(app(), user, {}, { profile: false, issueDate: addDays(today, -1), dueDate: today });
    // No instance ran for a week.
    await app().db.updateTable('reminder_scans').set({ scanned_on: addDays(today, -7) }).execute();
    await scanNow();

    expect((await remindersOf(missed.id)).map((row) => row.reminder_date)).toEqual([addDays(today, -1)]);
    expect(await remindersOf(young.id)).toEqual([]);
    const [mail] = await sink.waitFor(1);
    expect(mail!.parsed.subject).toBe(`Zahlungserinnerung: Rechnung ${missed.number} ist überfällig`);
    expect(await reminderEmails(user.id)).toHaveLength(1);
    expect(await app().db.selectFrom('reminder_scans').select('scanned_on').executeTakeFirst()).toEqual({ scanned_on: today });
  });

  it('sends none for paid, void, uncollectible or draft invoices, a client without email, or a profile with reminders off', async () => {
    const user = await createUser(app());
    const dates = { issueDate: addDays(today, -10), dueDate: addDays(today, -1) };
    const open = await issuedInvoice(app(), user, {}, { profile: reminders({ daysAfterDue: [1] }), ...dates });
    const action = (invoice: Invoice, name: string, body?: unknown) =>
      call(app(), { method: 'POST', url: `/api/v1/invoices/${invoice.id}/${name}`, token: user.token, body }, 200);
    const paid = await issuedInvoice(app(), user, {}, { profile: false, ...dates });
    await action(paid, 'pay', { method: 'card' });
    const voided = await issuedInvoice(app(), user, {}, { profile: false, ...dates });
    await action(voided, 'void');
    const uncollectible = await issuedInvoice(app(), user, {}, { profile: false, ...dates });
    await action(uncollectible, 'mark-uncollectible');
    const draft = await issuedInvoice(app(), user, {}, { profile: false, publish: false, ...dates });
    const noEmail = await issuedInvoice(app(), user, { email: null }, { profile: false, ...dates });
    const other = await createUser(app());
    const disabled = await issuedInvoice(app(), other, {}, { profile: { reminders: { enabled: false, daysAfterDue: [1] } }, ...dates });

    await scanNow();
    await sink.waitFor(1);
    expect((await reminderEmails(user.id)).map((message) => message.invoice_id)).toEqual([open.id]);
    expect(await reminderEmails(other.id)).toEqual([]);
    for (const invoice of [paid, voided, uncollectible, draft, noEmail]) {
      expect(await remindersOf(invoice.id)).toEqual([]);
      expect((await getInvoice(user, invoice.id)).lastReminderAt).toBeNull();
    }
    expect(await remindersOf(disabled.id)).toEqual([]);
  });
});
