/** Every schema with an `$id`, registered once with app.addSchema and referenced elsewhere. */
import { AuthSession } from './auth.js';
import { Client, ClientAddress, ClientKind, ClientPage } from './clients.js';
import { FieldError, Problem } from './common.js';
import { Invoice, InvoiceItem, InvoicePage, InvoiceStatus, InvoiceSummary } from './invoices.js';
import { Payment, PaymentMethod, PaymentPage } from './payments.js';
import { Role, User, UserPage } from './users.js';

export const sharedSchemas = [
  Role,
  ClientKind,
  InvoiceStatus,
  PaymentMethod,
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
