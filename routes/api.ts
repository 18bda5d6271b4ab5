/** Every `/api/v1` domain plugin, each encapsulated with its own prefix. */
import type { FastifyPluginAsync } from 'fastify';
import { acceptIdempotencyKey } from '../plugins/unit-of-work.js';
import apiKeyRoutes from './api-keys.js';
import authRoutes from './auth.js';
import businessLogoRoutes from './business-logo.js';
import businessRoutes from './business.js';
import clientRoutes from './clients.js';
import creditNoteDocumentRoutes from './credit-note-documents.js';
import creditNotePdfRoutes from './credit-note-pdf.js';
import creditNoteRoutes, { invoiceCreditNoteRoutes } from './credit-notes.js';
import eventRoutes from './events.js';
import exportRoutes from './exports.js';
import invoiceActionRoutes from './invoice-actions.js';
import invoiceDocumentRoutes from './invoice-documents.js';
import invoicePdfRoutes from './invoice-pdf.js';
import invoiceRoutes from './invoices.js';
import invoiceSendRoutes from './invoice-send.js';
import emailRoutes from './emails.js';
import creditNoteSendRoutes from './credit-note-send.js';
import paymentRoutes, { invoicePaymentRoutes } from './payments.js';
import recurringInvoiceRoutes from './recurring-invoices.js';
import reportRoutes from './reports.js';
import usersRoutes from './users.js';
import webhookEndpointRoutes from './webhook-endpoints.js';

const apiRoutes: FastifyPluginAsync = async (api) => {
  await api.register(authRoutes, { prefix: '/auth' });
  // Every POST below (not the auth routes above) takes an Idempotency-Key.
  api.addHook('onRoute', acceptIdempotencyKey);
  await api.register(usersRoutes, { prefix: '/users' });
  await api.register(apiKeyRoutes, { prefix: '/api-keys' });
  await api.register(businessRoutes, { prefix: '/business' });
  await api.register(businessLogoRoutes, { prefix: '/business/logo' });
  await api.register(clientRoutes, { prefix: '/clients' });
  await api.register(invoiceRoutes, { prefix: '/invoices' });
  await api.register(invoiceActionRoutes, { prefix: '/invoices' });
  await api.register(invoiceSendRoutes, { prefix: '/invoices' });
  await api.register(invoicePaymentRoutes, { prefix: '/invoices' });
  await api.register(invoiceDocumentRoutes, { prefix: '/invoices' });
  await api.register(invoicePdfRoutes, { prefix: '/invoices' });
  await api.register(invoiceCreditNoteRoutes, { prefix: '/invoices' });
  await api.register(paymentRoutes, { prefix: '/payments' });
  await api.register(eventRoutes, { prefix: '/events' });
  await api.register(emailRoutes, { prefix: '/emails' });
  await api.register(webhookEndpointRoutes, { prefix: '/webhook-endpoints' });
  await api.register(creditNoteRoutes, { prefix: '/credit-notes' });
  await api.register(creditNoteDocumentRoutes, { prefix: '/credit-notes' });
  await api.register(creditNotePdfRoutes, { prefix: '/credit-notes' });
  await api.register(creditNoteSendRoutes, { prefix: '/credit-notes' });
  await api.register(recurringInvoiceRoutes, { prefix: '/recurring-invoices' });
  await api.register(reportRoutes, { prefix: '/reports' });
  await api.register(exportRoutes, { prefix: '/exports' });
};

export default apiRoutes;
