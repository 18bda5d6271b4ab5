/**
 * The business counters on the metrics registry: users registered, and the domain events each
 * committed unit of work reported (invoice lifecycle, payments and credit notes with their
 * amounts by currency).
 */
import fp from 'fastify-plugin';
import client from 'prom-client';
import type { DomainEvent } from '../src/unit-of-work/events.js';

export type InvoiceEvent = 'created' | 'published' | 'sent' | 'paid' | 'voided' | 'marked_uncollectible';

export interface BusinessMetrics {
  userRegistered(): void;
  invoiceEvent(event: InvoiceEvent): void;
  paymentRecorded(currency: string, amount: number): void;
  creditNoteIssued(currency: string, amount: number): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    businessMetrics: BusinessMetrics;
  }
}

/** The `event` label each counted invoice event type gets. */
const invoiceEventLabels: Partial<Record<DomainEvent['type'], InvoiceEvent>> = {
  'invoice.created': 'created',
  'invoice.published': 'published',
  'invoice.sent': 'sent',
  'invoice.paid': 'paid',
  'invoice.voided': 'voided',
  'invoice.marked_uncollectible': 'marked_uncollectible',
};
const invoiceEvents = Object.values(invoiceEventLabels);

export default fp(
  async (app) => {
    const registers = [app.metricsRegistry];
    const usersRegistered = new client.Counter({
      name: 'invoice_api_users_registered_total',
      help: 'Users registered',
      registers,
    });
    const invoices = new client.Counter({
      name: 'invoice_api_invoices_total',
      help: 'Invoice lifecycle events',
      labelNames: ['event'],
      registers,
    });
    for (const event of invoiceEvents) invoices.inc({ event }, 0);
    const payments = new client.Counter({
      name: 'invoice_api_payments_total',
      help: 'Payments recorded',
      labelNames: ['currency'],
      registers,
    });
    const paymentAmounts = new client.Counter({
      name: 'invoice_api_payments_amount_total',
      help: 'Sum of recorded payments in minor units',
      labelNames: ['currency'],
      registers,
    });

    const creditNotes = new client.Counter({
      name: 'invoice_api_credit_notes_total',
      help: 'Credit notes issued',
      labelNames: ['currency'],
      registers,
    });
    const creditNoteAmounts = new client.Counter({
      name: 'invoice_api_credit_notes_amount_total',
      help: 'Sum of issued credit note totals in minor units',
      labelNames: ['currency'],
      registers,
    });

    const metrics: BusinessMetrics = {
      userRegistered: () => usersRegistered.inc(),
      invoiceEvent: (event) => invoices.inc({ event }),
      paymentRecorded: (currency, amount) => {
        payments.inc({ currency });
        paymentAmounts.inc({ currency }, amount);
      },
      creditNoteIssued: (currency, amount) => {
        creditNotes.inc({ currency });
        creditNoteAmounts.inc({ currency }, amount);
      },
    };
    app.decorate<BusinessMetrics>('businessMetrics', metrics);
    app.unitOfWork.afterCommit((events) => {
      for (const event of events) {
        if (event.type === 'payment.created') metrics.paymentRecorded(event.currency, event.object.amount);
        if (event.type === 'credit_note.created') metrics.creditNoteIssued(event.object.currency, event.object.total);
        const label = invoiceEventLabels[event.type];
        if (label) metrics.invoiceEvent(label);
      }
    });
  },
  { name: 'business-metrics', dependencies: ['metrics', 'unit-of-work'] },
);
