/** Email messages (contract v1.2 "Email"): what a send request may ask for, and the message as listed. */
import { type Static, Type } from '@sinclair/typebox';
import { MAX_EMAIL_MESSAGE_LENGTH, MAX_EMAIL_RECIPIENTS, emailKinds, emailStatuses } from '../base/vocabulary.js';
import { Email as EmailAddress, Id, Nullable, Page, PageQuery, StringEnum, Timestamp, ref } from './common.js';
import { Language } from './languages.js';

/** The kinds GET /emails lists: password-reset messages are never listed. */
export const listedEmailKinds = emailKinds.filter((kind) => kind !== 'password_reset');

export const EmailKind = StringEnum(emailKinds, {
  $id: 'EmailKind',
  description: 'What the message carries: an invoice, a credit note, a payment reminder (password-reset messages are never listed)',
});
export const EmailStatus = StringEnum(emailStatuses, {
  $id: 'EmailStatus',
  description: 'queued: waiting to be sent or retried; sent: the SMTP server accepted it; failed: given up',
});

const Addresses = (description: string) =>
  Type.Array(EmailAddress, { maxItems: MAX_EMAIL_RECIPIENTS, description: `${description} (at most ${MAX_EMAIL_RECIPIENTS} addresses)` });

export const SendEmailOptions = Type.Object(
  {
    to: Type.Optional(Addresses('Recipients; default the client’s email (none and no `to` → 422 naming /email/to)')),
    cc: Type.Optional(Addresses('Copy recipients')),
    bcc: Type.Optional(Addresses('Blind copy recipients: never shown to the others')),
    subject: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        pattern: '^[^\\r\\n]*$',
        description: 'Default (translated): "Invoice INV-000001 from <seller legalName>". One line: CR or LF → 400',
      }),
    ),
    message: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: MAX_EMAIL_MESSAGE_LENGTH,
        description: 'Your own words, plain text, shown above the details (escaped in the HTML part)',
      }),
    ),
    attachPdf: Type.Optional(Type.Boolean({ default: true, description: 'Attach the PDF (INV-000001.pdf)' })),
    attachUbl: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'Attach the EN 16931 UBL (INV-000001.xml); a document the rules would refuse → 422 before anything is queued',
      }),
    ),
    language: Type.Optional({ ...ref(Language), description: 'The language of the message and its attachments; default the document’s' }),
  },
  {
    $id: 'SendEmailOptions',
    additionalProperties: false,
    description:
      'A message to the customer, queued in the same transaction as the action and sent by the background engine. ' +
      'Attachments are rendered when the request is made, so every retry sends the same files.',
  },
);
export type SendEmailOptions = Static<typeof SendEmailOptions>;

export const SendInvoiceBody = Type.Object(
  { email: Type.Optional(ref(SendEmailOptions)) },
  { $id: 'SendInvoiceBody', additionalProperties: false, description: 'Without `email` the invoice is only marked sent (v1)' },
);
export type SendInvoiceBody = Static<typeof SendInvoiceBody>;

export const SendCreditNoteBody = Type.Object(
  { email: ref(SendEmailOptions) },
  { $id: 'SendCreditNoteBody', additionalProperties: false, description: 'The message that carries the credit note' },
);
export type SendCreditNoteBody = Static<typeof SendCreditNoteBody>;

export const EmailMessage = Type.Object(
  {
    id: Id,
    kind: ref(EmailKind),
    invoiceId: Nullable(Id),
    creditNoteId: Nullable(Id),
    to: Type.Array(Type.String()),
    cc: Type.Array(Type.String()),
    bcc: Type.Array(Type.String()),
    subject: Type.String(),
    status: ref(EmailStatus),
    attempts: Type.Integer({ minimum: 0, description: 'SMTP tries so far (a first-try success is 1)' }),
    lastError: Nullable(Type.String({ description: 'What the last failed try said' })),
    messageId: Nullable(Type.String({ description: 'The Message-ID header, without angle brackets' })),
    sentAt: Nullable({ ...Timestamp, description: 'When the SMTP server accepted it' }),
    createdAt: Timestamp,
  },
  { $id: 'EmailMessage', additionalProperties: false, description: 'A message sent, or to be sent, on your behalf' },
);
export type EmailMessage = Static<typeof EmailMessage>;

/** Events of a message's delivery (contract v1.2 "Email"): its outcome, the message as GET returns it. */
export const emailEventTypes = ['email.sent', 'email.failed'] as const;
export type EmailEvent = { type: (typeof emailEventTypes)[number]; object: EmailMessage };

export const EmailPage = Page(ref(EmailMessage), 'EmailPage', 'email messages');

export const EmailListQuery = Type.Object({
  ...PageQuery.properties,
  invoiceId: Type.Optional({ ...Id, description: 'Only messages about this invoice' }),
  creditNoteId: Type.Optional({ ...Id, description: 'Only messages about this credit note' }),
  kind: Type.Optional(StringEnum(listedEmailKinds, { description: 'Only this kind' })),
  status: Type.Optional(StringEnum(emailStatuses, { description: 'Only this status' })),
});
export type EmailListQuery = Static<typeof EmailListQuery>;
