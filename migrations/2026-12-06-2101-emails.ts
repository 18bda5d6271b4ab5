import { type Kysely, sql } from 'kysely';

/**
 * Contract v1.2 "Email": messages are rows written in the transaction of the request that sends
 * them (queued), delivered by the background engine (`email.send` tasks) and kept with the outcome
 * of their attempts. A message's content is fixed when queued, attachments included (rendered
 * then), so every retry sends the same bytes; attachments are dropped once the message is final.
 * CHECKs are the last defence: the kinds and statuses, a subject without line breaks (no header
 * injection), 1–10 `to` addresses and ≤ 10 each of cc and bcc, a sent message has its sentAt.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  const timestamp = sql`timestamptz(3)`;
  await db.schema
    .createTable('emails')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('invoice_id', 'uuid', (col) => col.references('invoices.id').onDelete('cascade'))
    .addColumn('credit_note_id', 'uuid', (col) => col.references('credit_notes.id').onDelete('cascade'))
    .addColumn('to_addresses', 'jsonb', (col) => col.notNull())
    .addColumn('cc_addresses', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('bcc_addresses', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('reply_to', 'text')
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('text_body', 'text', (col) => col.notNull())
    .addColumn('html_body', 'text', (col) => col.notNull())
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('message_id', 'text')
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('queued'))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', timestamp)
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addUniqueConstraint('emails_message_id_key', ['message_id'])
    .addCheckConstraint('emails_kind_valid', sql`kind in ('invoice', 'credit_note', 'reminder', 'password_reset')`)
    .addCheckConstraint('emails_status_valid', sql`status in ('queued', 'sent', 'failed')`)
    .addCheckConstraint('emails_attempts_not_negative', sql`attempts >= 0`)
    .addCheckConstraint('emails_sent_at_iff_sent', sql`(status = 'sent') = (sent_at is not null)`)
    .addCheckConstraint('emails_subject_one_line', sql`length(subject) between 1 and 998 and subject !~ '[\r\n]'`)
    .addCheckConstraint('emails_reply_to_one_line', sql`reply_to is null or reply_to !~ '[\r\n]'`)
    .addCheckConstraint(
      'emails_recipients_bounded',
      sql`jsonb_typeof(to_addresses) = 'array' and jsonb_array_length(to_addresses) between 1 and 10
        and jsonb_typeof(cc_addresses) = 'array' and jsonb_array_length(cc_addresses) <= 10
        and jsonb_typeof(bcc_addresses) = 'array' and jsonb_array_length(bcc_addresses) <= 10`,
    )
    .addCheckConstraint(
      'emails_subject_of_kind',
      sql`(kind in ('invoice', 'reminder')) = (invoice_id is not null) and (kind = 'credit_note') = (credit_note_id is not null)`,
    )
    .execute();
  await db.schema.createIndex('emails_user_created_at_id_idx').on('emails').columns(['user_id', 'created_at desc', 'id desc']).execute();
  await db.schema
    .createIndex('emails_invoice_created_at_id_idx')
    .on('emails')
    .columns(['invoice_id', 'created_at desc', 'id desc'])
    .where(sql.ref('invoice_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('emails_credit_note_created_at_id_idx')
    .on('emails')
    .columns(['credit_note_id', 'created_at desc', 'id desc'])
    .where(sql.ref('credit_note_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('email_attachments')
    .addColumn('email_id', 'uuid', (col) => col.notNull().references('emails.id').onDelete('cascade'))
    .addColumn('position', 'smallint', (col) => col.notNull())
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('content_type', 'text', (col) => col.notNull())
    .addColumn('content', 'bytea', (col) => col.notNull())
    .addPrimaryKeyConstraint('email_attachments_pkey', ['email_id', 'position'])
    .addCheckConstraint('email_attachments_file_name', sql`length(file_name) between 1 and 200 and file_name !~ '[\r\n/"]'`)
    .addCheckConstraint('email_attachments_content_type', sql`content_type in ('application/pdf', 'application/xml')`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('email_attachments').execute();
  await db.schema.dropTable('emails').execute();
}
