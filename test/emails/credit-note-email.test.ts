/** POST /credit-notes/:id/send over a real SMTP server: CN-000001.pdf and .xml, the note's number in the subject, 200 with the note. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CreditNote } from '../../schemas/credit-notes.js';
import type { EmailMessage } from '../../schemas/emails.js';
import { call } from '../helpers/app.js';
import { type TestUser, createUser } from '../helpers/users.js';
import { pdfText } from '../pdf/pdf-text.js';
import { eventually } from '../webhooks/helpers.js';
import { emailsOf, issuedInvoice } from './helpers.js';
import { useMailingApp } from './smtp-sink.js';

describe('emailing a credit note over SMTP', { timeout: 60_000 }, () => {
  const t = useMailingApp();
  let user: TestUser;
  beforeAll(async () => {
    user = await createUser(t.app);
  });

  async function creditNote(): Promise<CreditNote> {
    const invoice = await issuedInvoice(t.app, user);
    const { body } = await call<CreditNote>(
      t.app,
      { method: 'POST', url: `/api/v1/invoices/${invoice.id}/credit-notes`, token: user.token, body: { reason: 'Rabatt' } },
      201,
    );
    return body;
  }

  it('sends the credit note with its PDF and UBL and answers 200 with the note', async () => {
    const note = await creditNote();
    const { body } = await call<CreditNote>(
      t.app,
      { method: 'POST', url: `/api/v1/credit-notes/${note.id}/send`, token: user.token, body: { email: { attachUbl: true } } },
      200,
    );
    expect(body).toEqual(note);
    const [mail] = await t.sink.waitFor(1);
    expect(mail!.parsed.subject).toBe(`Gutschrift ${note.number} von Åström & Søn Consulting BVBA`);
    expect(mail!.parsed.attachments.map((file) => file.filename)).toEqual([`${note.number}.pdf`, `${note.number}.xml`]);
    expect(await pdfText(mail!.parsed.attachments[0]!.content)).toContain(note.number);
    expect(mail!.parsed.attachments[1]!.content.toString('utf8')).toContain('<CreditNote');
    expect(mail!.parsed.text).toContain(note.hostedUrl);

    const [listed] = await emailsOf(t.app, user.token, `?creditNoteId=${note.id}`);
    expect(listed).toMatchObject({ kind: 'credit_note', creditNoteId: note.id, invoiceId: null, to: ['accounts@mueller.example'] });
    const sent = await eventually(async () => {
      const { body: email } = await call<EmailMessage>(t.app, { method: 'GET', url: `/api/v1/emails/${listed!.id}`, token: user.token }, 200);
      return email.status === 'sent' && email;
    });
    expect(sent.attempts).toBe(1);
    expect((await emailsOf(t.app, user.token, '?kind=credit_note')).map((email) => email.id)).toContain(listed!.id);
  });

  it('requires the email body, and keeps other users out (404), writing nothing', async () => {
    const note = await creditNote();
    await call(t.app, { method: 'POST', url: `/api/v1/credit-notes/${note.id}/send`, token: user.token, body: {} }, 400);
    const other = await createUser(t.app);
    const { body } = await call<{ code: string }>(
      t.app,
      { method: 'POST', url: `/api/v1/credit-notes/${note.id}/send`, token: other.token, body: { email: {} } },
      404,
    );
    expect(body.code).toBe('not_found');
    expect(await t.app.db.selectFrom('emails').select('id').where('credit_note_id', '=', note.id).execute()).toEqual([]);
  });
});
