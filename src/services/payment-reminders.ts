/**
 * Payment reminders (contract v1.2 "Email"), queued by a periodic scan on the background engine.
 * A reminder day is a UTC date: the due date less one of the profile's `daysBeforeDue`, or plus
 * one of its `daysAfterDue`. One query (open invoices walked by due date on a partial index)
 * finds, per invoice, the latest such day from the date the scan last ran through today, never
 * before the invoice's issue date: a day missed while no instance ran is caught up, the latest
 * only, never a burst. Each gets one `reminder` message, queued like any other (src/services/emails.ts),
 * its (invoice, day) row in invoice_reminders, whose primary key makes a second reminder of a day
 * impossible across instances and restarts, and the invoice's `last_reminder_at`. The scan
 * holds reminder_scans' one row locked, so scans on several instances take turns.
 */
import { type Transaction, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Language } from '../../base/vocabulary.js';
import type { InvoiceSeller } from '../../schemas/parties.js';
import { hostedUrl } from '../hosted-links.js';
import { reminderMessage } from '../mail/document-messages.js';
import { queueEmail } from './emails.js';
import { todayUtc } from './invoice-records.js';

/** The periodic task that queues the day's reminders. */
export const REMINDER_SCAN_KIND = 'reminders.scan';

/** The contract's widest reminder offsets: a reminder day lies within these many days of the due date. */
const MAX_DAYS_BEFORE_DUE = 30;
const MAX_DAYS_AFTER_DUE = 365;

interface DueReminder {
  id: string;
  user_id: string;
  number: string;
  currency: string;
  due_date: string;
  hosted_token: string | null;
  amount_due: number;
  seller: InvoiceSeller | null;
  profile_legal_name: string;
  profile_email: string | null;
  language: Language;
  client_email: string;
  reminder_date: string;
}

/** Every open invoice owing something whose latest reminder day in [since, today] has no reminder yet. */
function dueReminders(trx: Transaction<DB>, since: string, today: string) {
  return sql<DueReminder>`
    select i.id, i.user_id, i.number, i.currency, i.due_date, i.hosted_token, i.seller,
      i.total - i.amount_paid - i.credit_applied as amount_due,
      p.legal_name as profile_legal_name, p.email as profile_email,
      coalesce(i.language, c.language, p.default_language) as language,
      c.email as client_email, d.day as reminder_date
    from invoices i
    join business_profiles p on p.user_id = i.user_id
    join clients c on c.user_id = i.user_id and c.id = i.client_id
    cross join lateral (
      select max(day) as day from (
        select i.due_date - ahead.n as day from unnest(p.reminder_days_before) as ahead(n)
        union all
        select i.due_date + late.n from unnest(p.reminder_days_after) as late(n)
      ) days
      where day between greatest(${since}::date, i.issue_date) and ${today}::date
    ) d
    where i.status in ('published', 'sent')
      and i.due_date between ${since}::date - ${MAX_DAYS_AFTER_DUE}::integer and ${today}::date + ${MAX_DAYS_BEFORE_DUE}::integer
      and i.total - i.amount_paid - i.credit_applied > 0
      and p.reminders_enabled
      and c.email is not null
      and d.day is not null
      and not exists (select from invoice_reminders r where r.invoice_id = i.id and r.reminder_date >= d.day)
    order by i.id`.execute(trx);
}

/** The date the last scan ran (today on the first), locking its row until `trx` ends. */
async function lockLastScan(trx: Transaction<DB>, today: string): Promise<string> {
  await trx
    .insertInto('reminder_scans')
    .values({ scanned_on: today })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
  const { scanned_on } = await trx.selectFrom('reminder_scans').select('scanned_on').forUpdate().executeTakeFirstOrThrow();
  return scanned_on < today ? scanned_on : today;
}

/** Marks the invoice reminded if it is still open and owing; false when a payment or a transition got there first. */
async function markReminded(trx: Transaction<DB>, id: string): Promise<boolean> {
  const updated = await trx
    .updateTable('invoices')
    .set({ last_reminder_at: sql<string>`now()`, version: sql`version + 1`, updated_at: sql<string>`now()` })
    .where('id', '=', id)
    .where('status', 'in', ['published', 'sent'])
    .where(sql<boolean>`total - amount_paid - credit_applied > 0`)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

async function queueReminder(trx: Transaction<DB>, due: DueReminder): Promise<boolean> {
  if (!(await markReminded(trx, due.id))) return false;
  const seller = { legalName: due.seller?.legalName ?? due.profile_legal_name, email: due.seller ? due.seller.email : due.profile_email };
  const content = reminderMessage({
    language: due.language,
    seller: seller.legalName,
    number: due.number,
    currency: due.currency,
    amountDue: due.amount_due,
    dueDate: due.due_date,
    reminderDate: due.reminder_date,
    hostedUrl: hostedUrl('invoice', due.hosted_token),
  });
  const email = await queueEmail(trx, {
    userId: due.user_id,
    kind: 'reminder',
    invoiceId: due.id,
    to: [due.client_email],
    replyTo: seller.email,
    language: due.language,
    ...content,
  });
  await trx.insertInto('invoice_reminders').values({ invoice_id: due.id, reminder_date: due.reminder_date, email_id: email.id }).execute();
  return true;
}

/** The periodic scan: queues every reminder due on `today` (UTC) or missed since the last scan; returns how many. */
export async function queueDueReminders(trx: Transaction<DB>, today = todayUtc()): Promise<number> {
  const since = await lockLastScan(trx, today);
  const { rows } = await dueReminders(trx, since, today);
  let queued = 0;
  for (const due of rows) if (await queueReminder(trx, due)) queued += 1;
  await trx.updateTable('reminder_scans').set({ scanned_on: today }).execute();
  return queued;
}
