/**
 * The hosted page's presentation model: an issued invoice or credit note with every text already
 * in the page's language (labels from the catalogue, amounts, dates, countries and units in its
 * locale), so the template only places values; it escapes every one of them.
 */
import { friendlyFormatIBAN } from 'ibantools';
import type { CreditNote } from '../../schemas/credit-notes.js';
import type { Invoice } from '../../schemas/invoices.js';
import type { InvoiceSeller } from '../../schemas/parties.js';
import { quantityText } from '../domain/currency-amounts.js';
import {
  type Language,
  type MessageKey,
  adjustmentRows,
  buyerParty,
  discountText,
  formatAmount,
  formatDate,
  formatDecimal,
  formatMoney,
  formatPercent,
  present,
  sellerParty,
  translate,
  unitName,
} from '../i18n/index.js';
import { epcQrSvg } from './epc-qr-code.js';

export type BadgeTone = 'paid' | 'overdue' | 'void' | 'uncollectible' | 'due';

export interface PageParty {
  heading: string;
  name: string;
  details: string[];
}

export interface PageRow {
  label: string;
  value: string;
  emphasis?: boolean;
}

export interface PagePayment {
  heading: string;
  instructions: string;
  details: string[];
  /** Inline SVG made by the qrcode library from our own payload (no user markup), with its caption. */
  qr: { svg: string; caption: string } | null;
}

export interface HostedPage {
  language: Language;
  title: string;
  badge: { text: string; tone: BadgeTone } | null;
  seller: PageParty | null;
  buyer: PageParty;
  facts: PageRow[];
  lines: {
    caption: string;
    headings: { description: string; quantity: string; unitPrice: string; taxRate: string; net: string };
    /** `discount`: the line's discount, shown under its description. */
    rows: { description: string; discount: string | null; quantity: string; unitPrice: string; taxRate: string; net: string }[];
  };
  tax: { heading: string; headings: { category: string; taxable: string; tax: string }; rows: { category: string; taxable: string; tax: string }[] };
  totals: PageRow[];
  payment: PagePayment | null;
  nothingDue: string | null;
  sections: { heading: string; text: string }[];
  downloads: { heading: string; links: { href: string; label: string }[] };
}

type PricedDocument = Pick<
  Invoice,
  | 'currency'
  | 'buyer'
  | 'items'
  | 'taxBreakdown'
  | 'taxExemptions'
  | 'lineTotal'
  | 'allowances'
  | 'charges'
  | 'allowanceTotal'
  | 'chargeTotal'
  | 'subtotal'
  | 'tax'
  | 'total'
>;

/**
 * The parts invoices and credit notes show alike: parties, lines with their discounts, tax
 * summary, the allowances and charges (src/i18n/adjustment-texts.ts), subtotal, tax and total.
 */
function documentParts(language: Language, document: PricedDocument, seller: InvoiceSeller | null) {
  const t = (key: MessageKey) => translate(language, key);
  const money = (minor: number) => formatAmount(language, document.currency, BigInt(minor));
  const rate = (taxRate: number) => formatPercent(language, String(taxRate));
  return {
    seller: seller && sellerParty(language, seller),
    buyer: buyerParty(language, document.buyer),
    lines: {
      caption: `${t('page.lines')} · ${translate(language, 'document.amountsIn', { currency: document.currency })}`,
      headings: {
        description: t('lines.description'),
        quantity: t('lines.quantity'),
        unitPrice: t('lines.unitPrice'),
        taxRate: t('lines.taxRate'),
        net: t('lines.net'),
      },
      rows: document.items.map((item) => {
        const quantity = quantityText(item.quantity);
        return {
          description: item.description,
          discount: discountText(language, document.currency, item.discount, item.discountAmount),
          quantity: `${formatDecimal(language, quantity)} ${unitName(language, item.unitCode, quantity)}`,
          unitPrice: money(item.unitPrice),
          taxRate: rate(item.taxRate),
          net: money(item.subtotal),
        };
      }),
    },
    tax: {
      heading: t('tax.summary'),
      headings: { category: t('tax.amount'), taxable: t('tax.taxableAmount'), tax: t('tax.amount') },
      rows: document.taxBreakdown.map((entry) => ({
        category: translate(language, 'tax.row', {
          name: translate(language, 'tax.category', { category: entry.taxCategory }),
          category: entry.taxCategory,
          rate: rate(entry.taxRate),
        }),
        taxable: money(entry.taxableAmount),
        tax: money(entry.taxAmount),
      })),
    },
    sums: [
      ...adjustmentRows(language, document).map(({ label, minor }) => ({ label, value: money(minor) })),
      { label: t('totals.subtotal'), value: money(document.subtotal) },
      { label: t('totals.tax'), value: money(document.tax) },
      { label: t('totals.total'), value: money(document.total), emphasis: true },
    ],
  };
}

export interface HostedLinks {
  pdf: string;
  ubl: string;
}

function downloads(language: Language, links: HostedLinks): HostedPage['downloads'] {
  return {
    heading: translate(language, 'page.downloads'),
    links: [
      { href: links.pdf, label: translate(language, 'page.downloadPdf') },
      { href: links.ubl, label: translate(language, 'page.downloadUbl') },
    ],
  };
}

function invoiceBadge(language: Language, invoice: Invoice): HostedPage['badge'] {
  switch (invoice.status) {
    case 'paid':
    case 'void':
    case 'uncollectible':
      return { text: translate(language, `status.${invoice.status}`), tone: invoice.status };
    default:
      return invoice.overdue
        ? { text: translate(language, 'status.overdue'), tone: 'overdue' }
        : { text: translate(language, 'document.dueOn', { date: formatDate(language, invoice.dueDate) }), tone: 'due' };
  }
}

/** Bank transfer to the seller's account for the amount due; the EPC QR code when that is in euro. */
async function paymentPart(language: Language, invoice: Invoice & { number: string }, seller: InvoiceSeller): Promise<PagePayment | null> {
  const account = seller.bankAccount;
  if (!account) return null;
  const amount = formatMoney(language, invoice.currency, BigInt(invoice.amountDue));
  const qr =
    invoice.currency === 'EUR'
      ? {
          svg: await epcQrSvg({
            name: account.accountName ?? seller.legalName,
            iban: account.iban,
            bic: account.bic,
            amountCents: invoice.amountDue,
            remittance: invoice.number,
          }),
          caption: translate(language, 'page.scanToPay', { amount }),
        }
      : null;
  return {
    heading: translate(language, 'page.payByTransfer'),
    instructions: translate(language, 'page.transferInstructions', { amount, reference: invoice.number }),
    details: present([
      account.accountName && translate(language, 'payment.accountHolder', { name: account.accountName }),
      translate(language, 'payment.iban', { iban: friendlyFormatIBAN(account.iban) ?? account.iban }),
      account.bic && translate(language, 'payment.bic', { bic: account.bic }),
      translate(language, 'payment.reference', { reference: invoice.number }),
    ]),
    qr,
  };
}

const notes = (language: Language, text: string | null) =>
  text?.trim() ? [{ heading: translate(language, 'section.notes'), text }] : [];

/** An issued invoice; without a seller (no snapshot, no profile) the page shows no seller and no payment part. */
export async function invoicePage(
  language: Language,
  invoice: Invoice & { number: string },
  seller: InvoiceSeller | null,
  links: HostedLinks,
): Promise<HostedPage> {
  const t = (key: MessageKey) => translate(language, key);
  const money = (minor: number) => formatAmount(language, invoice.currency, BigInt(minor));
  const { sums, ...parts } = documentParts(language, invoice, seller);
  const owes = invoice.amountDue > 0 && invoice.status !== 'void';
  return {
    language,
    title: translate(language, 'document.invoiceReference', { state: invoice.status === 'void' ? 'void' : 'issued', number: invoice.number }),
    badge: invoiceBadge(language, invoice),
    ...parts,
    facts: [
      { label: t('document.issueDate'), value: formatDate(language, invoice.issueDate) },
      { label: t('document.dueDate'), value: formatDate(language, invoice.dueDate) },
      ...(invoice.deliveryDate ? [{ label: t('document.deliveryDate'), value: formatDate(language, invoice.deliveryDate) }] : []),
      ...(invoice.buyerReference ? [{ label: t('document.buyerReference'), value: invoice.buyerReference }] : []),
      ...(invoice.purchaseOrderReference ? [{ label: t('document.purchaseOrder'), value: invoice.purchaseOrderReference }] : []),
    ],
    totals: [
      ...sums,
      { label: t('totals.paid'), value: money(invoice.amountPaid) },
      ...(invoice.amountCredited > 0 ? [{ label: t('totals.credited'), value: money(invoice.amountCredited) }] : []),
      { label: t('totals.amountDue'), value: money(invoice.amountDue), emphasis: true },
    ],
    payment: owes && seller ? await paymentPart(language, invoice, seller) : null,
    nothingDue: owes ? null : t('page.nothingDue'),
    sections: notes(language, invoice.notes),
    downloads: downloads(language, links),
  };
}

/** A credit note: what it credits, its totals ending with the refund due, and its reason. */
export function creditNotePage(
  language: Language,
  note: CreditNote,
  creditedInvoice: string,
  seller: InvoiceSeller | null,
  links: HostedLinks,
): HostedPage {
  const t = (key: MessageKey) => translate(language, key);
  const money = (minor: number) => formatAmount(language, note.currency, BigInt(minor));
  const { sums, ...parts } = documentParts(language, note, seller);
  return {
    language,
    title: translate(language, 'document.creditNoteReference', { number: note.number }),
    badge: null,
    ...parts,
    facts: [
      { label: t('document.issueDate'), value: formatDate(language, note.issueDate) },
      { label: t('document.creditedInvoice'), value: creditedInvoice },
    ],
    totals: [
      ...sums,
      { label: t('totals.appliedToBalance'), value: money(note.appliedToBalance) },
      { label: t('totals.refundDue'), value: money(note.refundDue), emphasis: true },
    ],
    payment: null,
    nothingDue: null,
    sections: [{ heading: t('section.reason'), text: note.reason }],
    downloads: downloads(language, links),
  };
}
