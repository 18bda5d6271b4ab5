/** Every schema with an `$id`, registered once with app.addSchema and referenced elsewhere. */
import { AuthSession, LoginBody, RefreshTokenBody, RegisterBody } from './auth.js';
import { Client, ClientAddress, ClientAddressInput, ClientKind, ClientPage, CreateClientBody, UpdateClientBody } from './clients.js';
import { BusinessProfile, PatchBusinessProfileBody, PutBusinessProfileBody, TaxRounding } from './business.js';
import { FieldError, Problem } from './common.js';
import { ElectronicAddress } from './electronic-address.js';
import {
  CreateInvoiceBody,
  Invoice,
  InvoiceItem,
  InvoiceItemInput,
  InvoicePage,
  InvoiceStatus,
  InvoiceSummary,
  TaxBreakdownEntry,
  TaxCategory,
  TaxExemption,
  TaxExemptionInput,
  UpdateInvoiceBody,
} from './invoices.js';
import { BankAccount, BankAccountInput, InvoiceBuyer, InvoiceSeller } from './parties.js';
import { CreatePaymentBody, PayInvoiceBody, Payment, PaymentMethod, PaymentPage } from './payments.js';
import { Role, UpdateCurrentUserBody, User, UserPage } from './users.js';

export const sharedSchemas = [
  Role,
  ClientKind,
  InvoiceStatus,
  PaymentMethod,
  TaxCategory,
  TaxRounding,
  FieldError,
  Problem,
  User,
  UserPage,
  AuthSession,
  ClientAddress,
  ClientAddressInput,
  ElectronicAddress,
  BankAccount,
  BankAccountInput,
  BusinessProfile,
  InvoiceSeller,
  InvoiceBuyer,
  Client,
  ClientPage,
  InvoiceItem,
  TaxExemption,
  TaxBreakdownEntry,
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
  PutBusinessProfileBody,
  PatchBusinessProfileBody,
  TaxExemptionInput,
  InvoiceItemInput,
  CreateInvoiceBody,
  UpdateInvoiceBody,
  CreatePaymentBody,
  PayInvoiceBody,
];
