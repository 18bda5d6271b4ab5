/**
 * The document model behind every e-invoice and printable document: what an invoice or a credit
 * note says, already resolved (parties frozen or current, amounts in integer minor units), with
 * nothing of the API or the database in it. Builders (UBL, PDF) read only this.
 */
import type {
  Address,
  BankAccount,
  ElectronicAddress,
  PricedAdjustment,
  TaxBreakdownEntry,
  TaxExemption,
} from '../../../base/stored-shapes.js';
import type { TaxCategory } from '../../../base/vocabulary.js';

/** `invoice`: UBL Invoice, type 380. `credit-note`: UBL CreditNote, type 381, referencing its invoice. */
export type DocumentKind = 'invoice' | 'credit-note';

export interface DocumentParty {
  /** Legal (registration) name: BT-27 / BT-44 */
  name: string;
  tradingName: string | null;
  address: Address | null;
  vatId: string | null;
  legalId: string | null;
  /** ISO 6523 ICD of legalId */
  legalIdScheme: string | null;
  contactName: string | null;
  email: string | null;
  phone: string | null;
  electronicAddress: ElectronicAddress | null;
}

export interface DocumentLine {
  /** 1-based position as text (BT-126) */
  id: string;
  description: string;
  /** At most 3 decimals */
  quantity: number;
  /** UN/ECE Rec 20/21 */
  unitCode: string;
  /** Minor units per unit */
  unitPrice: number;
  /** round(quantity × unitPrice), minor units */
  gross: number;
  /** The line's discount: its amount (gross − subtotal), and the percent or reason it was given with */
  discount: { amount: number; percent: number | null; reason: string | null } | null;
  /** gross − the discount: the line net amount, minor units */
  subtotal: number;
  taxCategory: TaxCategory;
  /** Percent, at most 4 decimals */
  taxRate: number;
}

/** A document allowance or charge with its amount (minor units) and the percent it came from, if any. */
export interface TradeDocument {
  kind: DocumentKind;
  number: string;
  issueDate: string;
  /** Payment due date; null when none (a credit note usually) */
  dueDate: string | null;
  /** ISO 4217 */
  currency: string;
  note: string | null;
  buyerReference: string | null;
  purchaseOrderReference: string | null;
  deliveryDate: string | null;
  deliveryCountry: string | null;
  /** The invoice a credit note corrects (BT-25, BT-26); null on an invoice */
  precedingInvoice: { number: string; issueDate: string } | null;
  seller: DocumentParty;
  buyer: DocumentParty;
  /** Where to pay: UBL PaymentMeans 58 with it, none without */
  bankAccount: BankAccount | null;
  lines: DocumentLine[];
  /** One entry per category and rate, as the invoice's taxBreakdown */
  taxBreakdown: TaxBreakdownEntry[];
  taxExemptions: TaxExemption[];
  allowances: PricedAdjustment[];
  charges: PricedAdjustment[];
  /** Minor units: Σ line subtotals; Σ allowances; Σ charges; lineTotal − allowances + charges; Σ tax amounts; subtotal + tax */
  lineTotal: number;
  allowanceTotal: number;
  chargeTotal: number;
  subtotal: number;
  tax: number;
  total: number;
  /** Already paid (BT-113); the amount due is total − prepaid */
  prepaid: number;
  /** Which rounding produced the breakdown (line-rounded ones may stray past BR-CO-17's tolerance) */
  taxRounding: 'line' | 'document';
}
