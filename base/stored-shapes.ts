/**
 * What the jsonb columns hold, as plain types on the ground floor: scripts/db-codegen.ts types the
 * columns of db/types.ts with them, so a row reads as its shape without a cast, and the pure domain
 * prices with them. Each is the static type of an API schema as well: schemas/stored-shapes.ts
 * makes tsc fail when one of the two changes alone.
 */
import type { TaxCategory } from './vocabulary.js';

/** A postal address as stored: line2, postalCode and region null when absent (BillingClientAddress). */
export interface Address {
  line1: string;
  city: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  line2: string | null;
  postalCode: string | null;
  region: string | null;
}

/** Where e-invoices are delivered: an EAS scheme and the identifier within it. */
export interface ElectronicAddress {
  /** EAS code */
  scheme: string;
  value: string;
}

export interface BankAccount {
  iban: string;
  bic: string | null;
  accountName: string | null;
}

/** The seller a document names (InvoiceSeller): the business profile's identifying fields. */
export interface Seller {
  legalName: string;
  tradingName: string | null;
  address: Address;
  vatId: string | null;
  legalId: string | null;
  legalIdScheme: string | null;
  contactName: string | null;
  email: string | null;
  phone: string | null;
  electronicAddress: ElectronicAddress | null;
  bankAccount: BankAccount | null;
}

/** The buyer a document names (InvoiceBuyer): from the client. */
export interface Buyer {
  name: string;
  contactName: string | null;
  email: string | null;
  address: Address | null;
  vatId: string | null;
  electronicAddress: ElectronicAddress | null;
}

/** The exemption reason of one tax category, as stored: reason and code null when absent. */
export interface TaxExemption {
  category: TaxCategory;
  reason: string | null;
  reasonCode: string | null;
}

export interface TaxBreakdownEntry {
  taxCategory: TaxCategory;
  taxRate: number;
  taxableAmount: number;
  taxAmount: number;
}

/** A line's discount as stated: `{ percent }` or `{ amount }` (exactly one), with an optional reason. */
export interface DiscountInput {
  percent?: number;
  amount?: number;
  reason?: string | null;
}

/** A line as stated (a recurring invoice's template keeps its lines so); the optional fields take their defaults. */
export interface LineInput {
  description: string;
  quantity: number;
  unitCode?: string;
  unitPrice: number;
  taxCategory?: TaxCategory;
  taxRate?: number;
  discount?: DiscountInput | null;
}

/** A document allowance or charge as stated: a reason text or code (or both), an amount or a percent. */
export interface AdjustmentInput {
  reason?: string | null;
  reasonCode?: string | null;
  amount?: number;
  percent?: number;
  taxCategory: TaxCategory;
  taxRate: number;
}

/** An allowance or charge with its amount computed (from its percent of the line total, when given one). */
export interface PricedAdjustment {
  reason: string | null;
  reasonCode: string | null;
  percent: number | null;
  amount: number;
  taxCategory: TaxCategory;
  taxRate: number;
}

/** The integrator's own key-value pairs (schemas/metadata.ts). */
export type Metadata = Record<string, string>;

/** A reported resource as the events table keeps it, the `data.object` of an event. */
export type EventObject = Record<string, unknown>;
