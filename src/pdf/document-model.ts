/**
 * The presentation model a PDF is drawn from: every text already translated and formatted for
 * people in the document's language (amounts, dates, addresses), so the renderer only lays out
 * (translating its own few labels: column heads, page numbers) and the model crosses to a worker
 * thread as plain data. Invoices and credit notes both map onto it.
 */
import type { Language } from '../i18n/index.js';


/** Seller or buyer: a name and the lines under it (address, VAT number, contact). */
export interface PdfParty {
  heading: string;
  name: string;
  details: string[];
}

export interface PdfLine {
  description: string;
  /** The line's discount (`Rabatt 10 %: -20,00 (Treue)`), under the description; absent without one, so such a model is as before. */
  discount?: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  taxRate: string;
  netAmount: string;
  total: string;
}

/** One row of the per-rate tax summary; `note` carries an exemption reason. */
export interface PdfTaxRow {
  label: string;
  taxableAmount: string;
  taxAmount: string;
  note: string | null;
}

export interface PdfFact {
  label: string;
  value: string;
}

/** `amount` is money with its currency, as the locale writes it: `1.234,56 €`. */
export interface PdfTotal {
  label: string;
  amount: string;
  emphasis: boolean;
}

/** A titled block of free text after the totals: payment details, notes, a credit note's reason. */
export interface PdfSection {
  heading: string;
  text: string;
}

export interface PdfDocumentModel {
  language: Language;
  /** "Invoice", "Rechnung", "Credit note". */
  title: string;
  /** Null for a draft, which has none yet. */
  number: string | null;
  /** Printed across every page, in the document's language. */
  mark: 'draft' | 'void' | null;
  /** What continuation headers and footers call the document: "Rechnung RE-000001 STORNIERT". */
  reference: string;
  currency: string;
  /** Label and value pairs under the title: dates, references, the credited invoice. */
  facts: PdfFact[];
  seller: PdfParty;
  buyer: PdfParty;
  lines: PdfLine[];
  taxRows: PdfTaxRow[];
  totals: PdfTotal[];
  sections: PdfSection[];
}
