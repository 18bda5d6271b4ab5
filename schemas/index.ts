/** Every schema with an `$id`, registered once with app.addSchema and referenced elsewhere. */
import { AuthSession } from './auth.js';
import { Client, ClientAddress, ClientPage } from './clients.js';
import { FieldError, Problem } from './common.js';
import { Invoice, InvoiceItem, InvoicePage, InvoiceSummary } from './invoices.js';
import { Payment, PaymentPage } from './payments.js';
import { User, UserPage } from './users.js';

export const sharedSchemas = [
  FieldError,
  Problem,
  User,
  UserPage,
  AuthSession,
  ClientAddress,
  Client,
  ClientPage,
  InvoiceItem,
  InvoiceSummary,
  Invoice,
  InvoicePage,
  Payment,
  PaymentPage,
];
