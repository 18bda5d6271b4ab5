/** An issued invoice to email: a German client with an address (and an email unless told), a profile (unless told), one 19 % line. */
import { sql } from 'kysely';
import type { App } from '../../src/app.js';
import type { Invoice } from '../../schemas/invoices.js';
import type { EmailMessage } from '../../schemas/emails.js';
import { call } from '../helpers/app.js';
import type { TestUser } from '../helpers/users.js';
import { putProfile } from '../business/helpers.js';
import { REMINDER_SCAN_KIND } from '../../src/services/payment-reminders.js';
import { eventually } from '../webhooks/helpers.js';

export async function issuedInvoice(
  app: App,
  user: TestUser,
  client: Record<string, unknown> = {},
  { profile = {}, ...invoice }: { profile?: Record<string, unknown> | false; issueDate?: string; dueDate?: string; publish?: boolean } = {},
): Promise<Invoice> {
  if (profile) await putProfile(app, user.token, profile);
  const { body: created } = await call<{ id: string }>(
    app,
    {
      method: 'POST',
      url: '/api/v1/clients',
      token: user.token,
      body: {
        kind: 'customer',
        companyName: 'Müller & Söhne GmbH',
        email: 'accounts@mueller.example',
        currency: 'EUR',
        language: 'de',
        taxId: 'DE123456789',
        address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
        ...client,
      },
    },
    201,
  );
  const { body: draft } = await call<Invoice>(
    app,
    {
      method: 'POST',
      url: '/api/v1/invoices',
      token: user.token,
      body: {
        clientId: created.id,
        issueDate: invoice.issueDate ?? '2026-12-01',
        dueDate: invoice.dueDate ?? '2026-12-31',
        items: [{ description: 'Beratung', quantity: 10, unitPrice: 10_000, taxRate: 19 }],
      },
    },
    201,
  );
  if (invoice.publish === false) return draft;
  return (await call<Invoice>(app, { method: 'POST', url: `/api/v1/invoices/${draft.id}/publish`, token: user.token }, 200)).body;
}

export async function emailsOf(app: App, token: string, query = ''): Promise<EmailMessage[]> {
  return (await call<{ data: EmailMessage[] }>(app, { method: 'GET', url: `/api/v1/emails${query}`, token }, 200)).body.data;
}

export const emailRows = (app: App, userId: string) => app.db.selectFrom('emails').selectAll().where('user_id', '=', userId).execute();

/** Runs the reminder scan now: makes its period due, wakes every instance and waits until one has run it. */
export async function runReminderScan(apps: readonly App[]): Promise<void> {
  const [app] = apps;
  const scanRow = () => app!.db.selectFrom('jobs').select('id').where('kind', '=', REMINDER_SCAN_KIND);
  // The row exists once an engine started; a run in progress holds its lease.
  await eventually(async () => {
    const made = await app!.db
      .updateTable('jobs')
      .set({ run_at: sql`now() - interval '1 second'` })
      .where('kind', '=', REMINDER_SCAN_KIND)
      .where('lease_id', 'is', null)
      .executeTakeFirst();
    return made.numUpdatedRows === 1n;
  });
  for (const instance of apps) instance.jobs.wake();
  // Finished: due again at the next period.
  await eventually(() => scanRow().where('lease_id', 'is', null).where('run_at', '>', sql<string>`now()`).executeTakeFirst());
}
