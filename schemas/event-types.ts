/**
 * The event types of the contract (v1.1 "Events and webhooks"): what a change can report. Each
 * domain declares its own types and their shape beside its schema (`clientEventTypes` and
 * `ClientEvent` in clients.ts…), so adding an event type to a domain touches that one file; a new
 * domain adds its list and shape here.
 */
import { type BusinessEvent, businessEventTypes } from './business.js';
import { type ClientEvent, clientEventTypes } from './clients.js';
import { type CreditNoteEvent, creditNoteEventTypes } from './credit-notes.js';
import { type EmailEvent, emailEventTypes } from './emails.js';
import { type InvoiceEvent, invoiceEventTypes } from './invoices.js';
import { type PaymentEvent, paymentEventTypes } from './payments.js';

/** Every event type, in the contract's order (e.g. for validating a `type` filter). */
export const domainEventTypes = [
  ...clientEventTypes,
  ...invoiceEventTypes,
  ...paymentEventTypes,
  ...creditNoteEventTypes,
  ...businessEventTypes,
  ...emailEventTypes,
] as const;
export type DomainEventType = (typeof domainEventTypes)[number];

/** A change: its type and the resource as `GET` returns it (a `*.deleted` one as it was before). */
export type DomainEventShape = ClientEvent | InvoiceEvent | PaymentEvent | CreditNoteEvent | BusinessEvent | EmailEvent;
