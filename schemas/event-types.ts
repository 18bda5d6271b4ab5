/** The event types of the contract (v1.1 "Events and webhooks"): what a change can report. */
/** Every event type, in the contract's order (e.g. for validating a `type` filter). */
export const domainEventTypes = [
  'client.created',
  'client.updated',
  'client.deleted',
  'invoice.created',
  'invoice.updated',
  'invoice.deleted',
  'invoice.published',
  'invoice.sent',
  'invoice.paid',
  'invoice.voided',
  'invoice.marked_uncollectible',
  'invoice.viewed',
  'payment.created',
  'credit_note.created',
  'business.updated',
] as const;
export type DomainEventType = (typeof domainEventTypes)[number];
