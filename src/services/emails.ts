/**
 * Email messages (contract v1.2 "Email"): queued as rows, with their rendered content and
 * attachments, in the transaction of the change that sends them, together with the `email.send`
 * task that delivers them (plugins/emails.ts); each attempt's outcome recorded in the
 * transaction that finishes the task, with `email.sent` / `email.failed` once final. Listed and
 * read per user; password-reset messages never are (they carry a secret link and no business).
 */
import { type Selectable, type Transaction, sql } from 'kysely';
import { compiledQuery } from '../../db/compiled-queries.js';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { EmailKind, Language } from '../../base/vocabulary.js';
import type { PageOf } from '../../schemas/common.js';
import type { EmailListQuery, EmailMessage } from '../../schemas/emails.js';
import { enqueueTasks } from '../jobs/queue.js';
import { notFound } from '../errors.js';
import { reportEvent } from '../unit-of-work/events.js';
import { paginate } from './pagination.js';

/** The background task kind that delivers one message. */
export const EMAIL_SEND_KIND = 'email.send';

export interface EmailAttachment {
  fileName: string;
  contentType: 'application/pdf' | 'application/xml';
  content: Uint8Array;
}

export interface NewEmail {
  userId: string;
  kind: EmailKind;
  invoiceId?: string;
  creditNoteId?: string;
  to: readonly string[];
  cc?: readonly string[];
  bcc?: readonly string[];
  replyTo: string | null;
  language: Language;
  subject: string;
  text: string;
  html: string;
  attachments?: readonly EmailAttachment[];
}

type EmailRow = Selectable<DB['emails']>;

export function toEmailMessage(row: EmailRow): EmailMessage {
  return {
    id: row.id,
    kind: row.kind,
    invoiceId: row.invoice_id,
    creditNoteId: row.credit_note_id,
    to: row.to_addresses,
    cc: row.cc_addresses,
    bcc: row.bcc_addresses,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    messageId: row.message_id,
    sentAt: row.sent_at,
    createdAt: row.created_at,
  };
}

/** Writes the message and its delivery task in `trx`: nothing is sent unless it commits. */
export async function queueEmail(trx: Transaction<DB>, email: NewEmail): Promise<EmailRow> {
  const row = await trx
    .insertInto('emails')
    .values({
      user_id: email.userId,
      kind: email.kind,
      invoice_id: email.invoiceId ?? null,
      credit_note_id: email.creditNoteId ?? null,
      to_addresses: JSON.stringify(email.to),
      cc_addresses: JSON.stringify(email.cc ?? []),
      bcc_addresses: JSON.stringify(email.bcc ?? []),
      reply_to: email.replyTo,
      language: email.language,
      subject: email.subject,
      text_body: email.text,
      html_body: email.html,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const attachments = email.attachments ?? [];
  if (attachments.length > 0) {
    await trx
      .insertInto('email_attachments')
      .values(
        attachments.map((attachment, position) => ({
          email_id: row.id,
          position,
          file_name: attachment.fileName,
          content_type: attachment.contentType,
          content: Buffer.from(attachment.content),
        })),
      )
      .execute();
  }
  await enqueueTasks(trx, [{ kind: EMAIL_SEND_KIND, payload: { emailId: row.id } }]);
  return row;
}

const queuedEmailWithAttachments = compiledQuery('queued_email_with_attachments', (db, values: { id: string }) =>
  db
    .selectFrom('emails')
    .leftJoin('email_attachments', 'email_attachments.email_id', 'emails.id')
    .select([
      'emails.kind',
      'emails.to_addresses',
      'emails.cc_addresses',
      'emails.bcc_addresses',
      'emails.reply_to',
      'emails.subject',
      'emails.text_body',
      'emails.html_body',
      'email_attachments.file_name',
      'email_attachments.content_type',
      'email_attachments.content',
    ])
    .where('emails.id', '=', values.id)
    .where('emails.status', '=', 'queued')
    .orderBy('email_attachments.position'),
);

/**
 * A queued message as the transport takes it, or null once it is final or gone: one round trip,
 * the message's columns repeated on each of its attachments' rows (a message has a few at most).
 */
export async function outgoingEmail(db: Executor, id: string) {
  const rows = await queuedEmailWithAttachments(db, { id });
  const [row] = rows;
  if (!row) return null;
  return {
    kind: row.kind,
    to: row.to_addresses,
    cc: row.cc_addresses,
    bcc: row.bcc_addresses,
    replyTo: row.reply_to,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    attachments: rows.flatMap(({ file_name, content_type, content }) =>
      file_name === null || content_type === null || content === null ? [] : [{ fileName: file_name, contentType: content_type, content }],
    ),
  };
}

export interface EmailAttempt {
  /** done: accepted by the server; retry: tried again later; failed: given up. */
  outcome: 'done' | 'retry' | 'failed';
  messageId: string;
  error?: string;
}

/**
 * One statement: the attachments go in the same round trip as the update that makes the message
 * final (sent or failed); a retry keeps them.
 */
const writeAttempt = compiledQuery(
  'write_email_attempt',
  (db, values: { id: string; status: EmailRow['status']; messageId: string; error: string | null }) =>
    db
      .with('recorded', (db) =>
        db
          .updateTable('emails')
          .set({
            status: values.status,
            attempts: sql<number>`attempts + 1`,
            message_id: values.messageId,
            last_error: values.error,
            sent_at: sql<string | null>`case when ${values.status} = 'sent' then now() end`,
            updated_at: sql<string>`now()`,
          })
          .where('id', '=', values.id)
          .where('status', '=', 'queued')
          .returningAll(),
      )
      .with('dropped', (db) =>
        db.deleteFrom('email_attachments').where('email_id', 'in', db.selectFrom('recorded').select('id').where('status', '<>', 'queued')),
      )
      .selectFrom('recorded')
      .selectAll(),
);

/**
 * Records an attempt in the transaction that finishes its task. A final outcome drops the
 * attachments (they were only kept to be sent) and reports email.sent or email.failed, except
 * for password-reset messages, which are never shown.
 */
export async function recordEmailAttempt(trx: Transaction<DB>, id: string, attempt: EmailAttempt): Promise<EmailRow | undefined> {
  const status = attempt.outcome === 'done' ? 'sent' : attempt.outcome === 'failed' ? 'failed' : 'queued';
  const [row] = await writeAttempt(trx, { id, status, messageId: attempt.messageId, error: attempt.error?.slice(0, 500) ?? null });
  if (!row || status === 'queued') return row;
  if (row.kind !== 'password_reset') {
    reportEvent(trx, { userId: row.user_id, type: status === 'sent' ? 'email.sent' : 'email.failed', object: toEmailMessage(row) });
  }
  return row;
}

/** The user's messages, newest first, password resets left out. */
export async function listEmails(db: Executor, userId: string, query: EmailListQuery): Promise<PageOf<EmailMessage>> {
  let emails = db.selectFrom('emails').selectAll().where('user_id', '=', userId).where('kind', '<>', 'password_reset');
  if (query.invoiceId !== undefined) emails = emails.where('invoice_id', '=', query.invoiceId);
  if (query.creditNoteId !== undefined) emails = emails.where('credit_note_id', '=', query.creditNoteId);
  if (query.kind !== undefined) emails = emails.where('kind', '=', query.kind);
  if (query.status !== undefined) emails = emails.where('status', '=', query.status);
  const page = await paginate(emails, query, { createdAt: 'emails.created_at', id: 'emails.id' });
  return { data: page.data.map(toEmailMessage), nextCursor: page.nextCursor };
}

export async function getEmail(db: Executor, userId: string, id: string): Promise<EmailMessage> {
  const row = await db
    .selectFrom('emails')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('kind', '<>', 'password_reset')
    .executeTakeFirst();
  if (!row) throw notFound('Email');
  return toEmailMessage(row);
}
