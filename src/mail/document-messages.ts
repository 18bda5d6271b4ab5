/**
 * The words of the messages that carry a document (an invoice, a credit note) or remind of one, in the
 * recipient's language: every sentence is one catalogue message (src/i18n), so adding a language
 * adds no code here. The sender's own `message` comes first, as they wrote it.
 */
import { type Language, formatDate, formatMoney, translate } from '../i18n/index.js';
import { type MessageBlock, type RenderedMessage, renderMessage } from './message-layout.js';

interface DocumentMessageBase {
  language: Language;
  /** The seller's legal name. */
  seller: string;
  number: string;
  currency: string;
  hostedUrl: string | null;
  /** The sender's own subject, else the translated default. */
  subject?: string;
  /** The sender's own words (plain text). */
  message?: string;
  /** File names of the attachments, in order. */
  attachments: readonly string[];
}

export interface InvoiceMessageInput extends DocumentMessageBase {
  amountDue: number;
  dueDate: string;
}

export interface CreditNoteMessageInput extends DocumentMessageBase {
  invoiceNumber: string | null;
  total: number;
}

function closing(input: DocumentMessageBase, facts: MessageBlock[], viewOnline: string): MessageBlock[] {
  const { language, seller, hostedUrl, message, attachments } = input;
  return [
    ...(message ? [{ text: message }] : []),
    ...facts,
    ...(hostedUrl ? [{ link: { label: viewOnline, url: hostedUrl } }] : []),
    ...(attachments.length > 0 ? [{ text: translate(language, 'email.attached', { files: attachments.join(', ') }) }] : []),
    { text: `${translate(language, 'email.closing')}\n${seller}` },
  ];
}

export function invoiceMessage(input: InvoiceMessageInput): RenderedMessage {
  const { language, seller, number, currency } = input;
  const due =
    input.amountDue > 0
      ? translate(language, 'email.invoice.amountDue', {
          amount: formatMoney(language, currency, BigInt(input.amountDue)),
          date: formatDate(language, input.dueDate),
        })
      : translate(language, 'email.invoice.nothingDue');
  const facts: MessageBlock[] = [{ text: translate(language, 'email.invoice.intro', { seller, number }) }, { strong: due }];
  return renderMessage({
    language,
    subject: input.subject ?? translate(language, 'email.invoice.subject', { number, seller }),
    blocks: closing(input, facts, translate(language, 'email.invoice.viewOnline')),
  });
}

export function creditNoteMessage(input: CreditNoteMessageInput): RenderedMessage {
  const { language, seller, number, currency } = input;
  const facts: MessageBlock[] = [
    { text: translate(language, 'email.creditNote.intro', { seller, number, invoiceNumber: input.invoiceNumber ?? '' }) },
    { strong: translate(language, 'email.creditNote.total', { amount: formatMoney(language, currency, BigInt(input.total)) }) },
  ];
  return renderMessage({
    language,
    subject: input.subject ?? translate(language, 'email.creditNote.subject', { number, seller }),
    blocks: closing(input, facts, translate(language, 'email.creditNote.viewOnline')),
  });
}

export interface ReminderMessageInput {
  language: Language;
  seller: string;
  number: string;
  currency: string;
  amountDue: number;
  dueDate: string;
  /** The UTC date the reminder is for: after dueDate it says the invoice is overdue. */
  reminderDate: string;
  hostedUrl: string | null;
}

/** A payment reminder: due on a date, or overdue since it; the amount still due and the hosted link, no attachment. */
export function reminderMessage(input: ReminderMessageInput): RenderedMessage {
  const { language, seller, number, currency } = input;
  const date = formatDate(language, input.dueDate);
  const overdue = input.reminderDate > input.dueDate;
  const facts: MessageBlock[] = [
    { text: translate(language, overdue ? 'email.reminder.overdueIntro' : 'email.reminder.dueIntro', { number, seller, date }) },
    { strong: translate(language, 'email.invoice.amountDue', { amount: formatMoney(language, currency, BigInt(input.amountDue)), date }) },
  ];
  return renderMessage({
    language,
    subject: overdue ? translate(language, 'email.reminder.overdueSubject', { number }) : translate(language, 'email.reminder.dueSubject', { number, date }),
    blocks: closing({ ...input, attachments: [] }, facts, translate(language, 'email.invoice.viewOnline')),
  });
}
