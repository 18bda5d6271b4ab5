/** Every schema with an `$id`, registered once with app.addSchema and referenced elsewhere. */
import { AuthSession, LoginBody, RefreshTokenBody, RegisterBody } from './auth.js';
import { Client, ClientAddress, ClientAddressInput, ClientKind, ClientPage, CreateClientBody, UpdateClientBody } from './clients.js';
import { FieldError, Problem } from './common.js';
import {
  CreateInvoiceBody,
  Invoice,
  InvoiceItem,
  InvoiceItemInput,
  InvoicePage,
  InvoiceStatus,
  InvoiceSummary,
  UpdateInvoiceBody,
} from './invoices.js';
import { CreatePaymentBody, PayInvoiceBody, Payment, PaymentMethod, PaymentPage } from './payments.js';
import { Role, UpdateCurrentUserBody, User, UserPage } from './users.js';

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
  ClientAddressInput,
  Client,
  ClientPage,
  InvoiceItem,
  InvoiceSummary,
  Invoice,
  InvoicePage,
  Payment,
  PaymentPage,
  RegisterBody,
  LoginBody,
  RefreshTokenBody,
  UpdateCurrentUserBody,
  CreateClientBody,
  UpdateClientBody,
  InvoiceItemInput,
  CreateInvoiceBody,
  UpdateInvoiceBody,
  CreatePaymentBody,
  PayInvoiceBody,
];
