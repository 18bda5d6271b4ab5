/**
 * POST /invoices/:id/send with `email`, delivered over a real SMTP server started here and read
 * back with mailparser: content in the client's language, attachments (PDF text, UBL), the
 * retry after a 451, the failure after a 550, one message per Idempotency-Key retry, every bad
 * input refused with nothing written, and other users' invoices and messages out of reach.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EmailMessage } from '../../schemas/emails.js';
import type { Event } from '../../schemas/events.js';
import type { Invoice } from '../../schemas/invoices.js';
import { call } from '../helpers/app.js';
import { type TestUser, createUser } from '../helpers/users.js';
import { pdfText } from '../pdf/pdf-text.js';
import { eventually } from '../webhooks/helpers.js';
import { emailRows, emailsOf, issuedInvoice } from './helpers.js';
import { useMailingApp } from './smtp-sink.js';

const MAIL_FROM = '"Invoices" <invoices@billing.example>';
/** Intl separates with (narrow) no-break spaces: compare them as spaces. */
const spaced = (text: string | undefined) => text?.replaceAll(/[\u00a0\u202f]/g, ' ');

describe('emailing an invoice over SMTP', { timeout: 60_000 }, () => {
  const t = useMailingApp({ MAIL_FROM, EMAIL_RETRY_BASE_MS: 200 });
  let user: TestUser;
  beforeAll(async () => {
    user = await createUser(t.app);
  });

  const send = (invoiceId: string, body: unknown, status: number, headers: Record<string, string> = {}, token = user.token) =>
    call<Invoice & { code?: string; errors?: { path: string }[] }>(t.app, { method: 'POST', url: `/api/v1/invoices/${invoiceId}/send`, token, body, headers }, status);

  const finalEmail = (id: string) =>
    eventually(async () => {
      const { body } = await call<EmailMessage>(t.app, { method: 'GET', url: `/api/v1/emails/${id}`, token: user.token }, 200);
      return body.status !== 'queued' && body;
    });

  it('sends the invoice in the client’s language with its PDF and UBL, and records the message as sent', async () => {
    const invoice = await issuedInvoice(t.app, user);
    const message = 'Vielen Dank! <script>alert(1)</script>\nZweite Zeile';
    const { body: sent } = await send(invoice.id, { email: { cc: ['boss@mueller.example'], bcc: ['archive@astrom.example'], message, attachUbl: true } }, 200);
    expect(sent.status).toBe('sent');

    const [mail] = await t.sink.waitFor(1);
    const { parsed, recipients } = mail!;
    expect(parsed.subject).toBe(`Rechnung ${invoice.number} von Åström & Søn Consulting BVBA`);
    expect(parsed.headers.get('from')).toMatchObject({ text: MAIL_FROM });
    expect(parsed.replyTo?.text).toBe('billing@astrom.example');
    expect(parsed.to).toMatchObject({ text: 'accounts@mueller.example' });
    expect(parsed.cc).toMatchObject({ text: 'boss@mueller.example' });
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(recipients.sort()).toEqual(['accounts@mueller.example', 'archive@astrom.example', 'boss@mueller.example']);

    // The text part: the amount due and due date in German formats, the hosted link, the message as written.
    expect(spaced(parsed.text)).toContain('Offener Betrag: 1.190,00 €, zahlbar bis 31.12.2026.');
    expect(parsed.text).toContain(invoice.hostedUrl!);
    expect(parsed.text).toContain(message);
    // The HTML part: the same, with the message escaped.
    expect(parsed.html).toContain('<html lang="de">');
    expect(parsed.html).toContain('Vielen Dank! &lt;script&gt;alert(1)&lt;/script&gt;<br>Zweite Zeile');
    expect(parsed.html).not.toContain('<script>');
    expect(parsed.html).toContain(`href="${invoice.hostedUrl}"`);
    expect(parsed.html).not.toMatch(/<img|src=/);

    expect(parsed.attachments.map((file) => [file.filename, file.contentType])).toEqual([
      [`${invoice.number}.pdf`, 'application/pdf'],
      [`${invoice.number}.xml`, 'application/xml'],
    ]);
    const text = await pdfText(parsed.attachments[0]!.content);
    expect(text).toContain(invoice.number!);
    expect(text).toContain('Rechnung');
    const xml = parsed.attachments[1]!.content.toString('utf8');
    expect(xml).toContain(`<cbc:ID>${invoice.number}</cbc:ID>`);
    expect(xml).toContain('urn:cen.eu:en16931:2017');

    const [listed] = await emailsOf(t.app, user.token, `?invoiceId=${invoice.id}`);
    const email = await finalEmail(listed!.id);
    expect(email).toEqual({
      id: listed!.id,
      kind: 'invoice',
      invoiceId: invoice.id,
      creditNoteId: null,
      to: ['accounts@mueller.example'],
      cc: ['boss@mueller.example'],
      bcc: ['archive@astrom.example'],
      subject: parsed.subject,
      status: 'sent',
      attempts: 1,
      lastError: null,
      messageId: parsed.messageId!.replace(/^<|>$/g, ''),
      sentAt: expect.any(String),
      createdAt: expect.any(String),
    });
    expect(email.messageId).toMatch(/@billing\.example$/);
    // Attachments are dropped once the message is final.
    expect(await t.app.db.selectFrom('email_attachments').selectAll().where('email_id', '=', email.id).execute()).toEqual([]);
    const events = await call<{ data: Event[] }>(t.app, { method: 'GET', url: '/api/v1/events?type=email.sent', token: user.token }, 200);
    expect(events.body.data.map((event) => event.data.object)).toContainEqual(email);
  });

  it('takes the asked subject, recipients and language, and leaves the PDF out when asked', async () => {
    const invoice = await issuedInvoice(t.app, user);
    await send(invoice.id, { email: { to: ['other@example.org'], subject: 'Your invoice', language: 'fr', attachPdf: false } }, 200);
    const [mail] = await t.sink.waitFor(1);
    expect(mail!.parsed.subject).toBe('Your invoice');
    expect(mail!.parsed.to).toMatchObject({ text: 'other@example.org' });
    expect(spaced(mail!.parsed.text)).toContain('Montant dû : 1 190,00 €, à régler avant le 31 déc. 2026.');
    expect(mail!.parsed.attachments).toEqual([]);
  });

  it('retries after a 451 and sends once the server accepts', async () => {
    t.sink.answers.onData = (n) => (n === 1 ? 451 : undefined);
    const invoice = await issuedInvoice(t.app, user);
    await send(invoice.id, { email: {} }, 200);
    await t.sink.waitFor(1);
    const [listed] = await emailsOf(t.app, user.token, `?invoiceId=${invoice.id}`);
    const email = await finalEmail(listed!.id);
    expect(email).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(t.sink.dataAttempts()).toBe(2);
    expect(t.sink.received).toHaveLength(1);
  });

  it('fails at once when the server refuses every recipient with a 550', async () => {
    t.sink.answers.onRecipient = () => 550;
    const invoice = await issuedInvoice(t.app, user);
    await send(invoice.id, { email: { cc: ['boss@mueller.example'] } }, 200);
    const [listed] = await emailsOf(t.app, user.token, `?invoiceId=${invoice.id}`);
    const email = await finalEmail(listed!.id);
    expect(email).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
    expect(email.lastError).toContain('550');
    expect(t.sink.received).toEqual([]);
    const failed = await emailsOf(t.app, user.token, `?status=failed&invoiceId=${invoice.id}`);
    expect(failed.map((row) => row.id)).toEqual([email.id]);
    const events = await call<{ data: Event[] }>(t.app, { method: 'GET', url: '/api/v1/events?type=email.failed', token: user.token }, 200);
    expect(events.body.data.map((event) => event.data.object)).toContainEqual(email);
  });

  it('queues one message for a request retried with the same Idempotency-Key', async () => {
    const invoice = await issuedInvoice(t.app, user);
    const headers = { 'idempotency-key': `send-${invoice.id}` };
    const first = await send(invoice.id, { email: { message: 'Hallo' } }, 200, headers);
    const second = await send(invoice.id, { email: { message: 'Hallo' } }, 200, headers);
    expect(second.response.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    await t.sink.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(t.sink.received).toHaveLength(1);
    expect(await emailsOf(t.app, user.token, `?invoiceId=${invoice.id}`)).toHaveLength(1);
  });

  describe('refuses bad input and writes nothing', () => {
    const tooMany = Array.from({ length: 11 }, (_, i) => `person${i}@example.org`);
    it.each([
      ['11 addresses in to', { to: tooMany }, '/email/to'],
      ['11 addresses in bcc', { bcc: tooMany }, '/email/bcc'],
      ['an invalid address', { cc: ['not an address'] }, '/email/cc/0'],
      ['a header injection in an address', { to: ['a@example.org\r\nBcc: victim@example.org'] }, '/email/to/0'],
      ['CR/LF in the subject', { subject: 'Hello\r\nBcc: victim@example.org' }, '/email/subject'],
      ['LF in the subject', { subject: 'Hello\nWorld' }, '/email/subject'],
      ['a message over 10,000 characters', { message: 'x'.repeat(10_001) }, '/email/message'],
      ['an unknown option', { attachCsv: true }, '/email/attachCsv'],
      ['an unknown language', { language: 'xx' }, '/email/language'],
    ])('%s → 400', async (_name, email, path) => {
      const invoice = await issuedInvoice(t.app, user);
      const { body } = await send(invoice.id, { email }, 400);
      expect(body.code).toBe('validation_failed');
      expect(body.errors?.map((error) => error.path)).toContain(path);
      await expectNothingWritten(invoice);
    });

    it('no `to` and a client without email → 422 naming /email/to', async () => {
      const invoice = await issuedInvoice(t.app, user, { email: undefined });
      const { body } = await send(invoice.id, { email: {} }, 422);
      expect(body.code).toBe('unprocessable');
      expect(body.errors).toEqual([{ path: '/email/to', message: expect.any(String) }]);
      await expectNothingWritten(invoice);
    });

    it('a UBL the rules refuse → 422 before anything is queued', async () => {
      const invoice = await issuedInvoice(t.app, user, { address: undefined });
      const { body } = await send(invoice.id, { email: { attachUbl: true } }, 422);
      expect(body.code).toBe('unprocessable');
      await expectNothingWritten(invoice);
    });

    it('another user’s invoice → 404', async () => {
      const invoice = await issuedInvoice(t.app, user);
      const other = await createUser(t.app);
      const { body } = await send(invoice.id, { email: {} }, 404, {}, other.token);
      expect(body.code).toBe('not_found');
      await expectNothingWritten(invoice);
      expect(await emailRows(t.app, other.id)).toEqual([]);
    });

    async function expectNothingWritten(invoice: Invoice) {
      const { body } = await call<Invoice>(t.app, { method: 'GET', url: `/api/v1/invoices/${invoice.id}`, token: user.token }, 200);
      expect(body.status).toBe('published');
      expect(body.sentAt).toBeNull();
      expect(await t.app.db.selectFrom('emails').select('id').where('invoice_id', '=', invoice.id).execute()).toEqual([]);
    }
  });

  it('keeps messages to their user: another user sees none and gets 404 for an id', async () => {
    const invoice = await issuedInvoice(t.app, user);
    await send(invoice.id, { email: {} }, 200);
    const [email] = await emailsOf(t.app, user.token, `?invoiceId=${invoice.id}`);
    const other = await createUser(t.app);
    expect(await emailsOf(t.app, other.token)).toEqual([]);
    expect(await emailsOf(t.app, other.token, `?invoiceId=${invoice.id}`)).toEqual([]);
    const { body } = await call(t.app, { method: 'GET', url: `/api/v1/emails/${email!.id}`, token: other.token }, 404);
    expect(body.code).toBe('not_found');
    await call(t.app, { method: 'GET', url: '/api/v1/emails?kind=password_reset', token: user.token }, 400);
  });

  it('still only marks sent without `email`, and sends nothing', async () => {
    const invoice = await issuedInvoice(t.app, user);
    const { body } = await send(invoice.id, undefined, 200);
    expect(body.status).toBe('sent');
    expect(await emailsOf(t.app, user.token, `?invoiceId=${invoice.id}`)).toEqual([]);
  });
});
