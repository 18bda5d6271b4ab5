/**
 * The invoices every e-invoice format is tried on (UBL EN 16931 and Peppol in ubl.test.ts; CII and
 * XRechnung in formats.test.ts): the bodies of POST /invoices, each with the buyerReference given.
 */
import { item } from '../invoices/helpers.js';

/** The client the cases are issued to: a French company with a VAT number and a Peppol address (SIRET). */
export const buyer = {
  companyName: 'Société Générale d’Études Ωmega',
  contactName: 'Анна Иванова',
  email: 'ap@omega.example',
  address: { line1: '12 rue de Rivoli', line2: 'Bâtiment B', city: 'Paris', postalCode: '75001', region: 'Île-de-France', country: 'FR' },
  taxId: 'FR61954506077',
  electronicAddress: { scheme: '0009', value: '95450607700010' },
};

/** Several rates, S + Z + E with a reason, EUR, Unicode text. */
export const severalRates = (buyerReference: string) => ({
  buyerReference,
  purchaseOrderReference: 'PO-2026-0042',
  notes: 'Merci — Спасибо — ありがとう',
  taxExemptions: [{ category: 'E', reason: 'Exonération de TVA, article 261 du CGI' }],
  items: [
    item({ description: 'Conseil stratégique Ω', quantity: 7.5, unitCode: 'HUR', unitPrice: 12_000, taxRate: 21 }),
    item({ description: 'Livres 📚', quantity: 3, unitPrice: 2_499, taxRate: 6 }),
    item({ description: 'Formation', quantity: 1, unitPrice: 50_000, taxCategory: 'E', taxRate: 0 }),
    item({ description: 'Export kit', quantity: 2, unitPrice: 1_000, taxRate: 0 }),
    item({ description: 'Support', quantity: 0.25, unitCode: 'DAY', unitPrice: 80_000, taxRate: 21 }),
  ],
});

/**
 * Line discounts (a percent stated exactly, a percent that rounds, an amount without a reason: code
 * 95), and document allowances and charges at their own rates, one by an exact percent of the line
 * total and one by a percent that rounds, one charge exempt (E).
 */
export const discounted = (buyerReference: string) => ({
  buyerReference,
  purchaseOrderReference: 'PO-DISC-1',
  taxExemptions: [{ category: 'E', reason: 'Exonération de TVA, article 261 du CGI' }],
  items: [
    item({ description: 'Conseil', quantity: 7.5, unitCode: 'HUR', unitPrice: 12_000, taxRate: 21, discount: { percent: 10, reason: 'Remise fidélité' } }),
    item({ description: 'Livres', quantity: 3, unitPrice: 2_500, taxRate: 6, discount: { percent: 3.33 } }),
    item({ description: 'Formation', quantity: 1, unitPrice: 50_000, taxCategory: 'E', taxRate: 0, discount: { amount: 5_000 } }),
    item({ description: 'Support', quantity: 0.25, unitCode: 'DAY', unitPrice: 80_000, taxRate: 21 }),
  ],
  allowances: [
    { percent: 2, reason: 'Escompte', taxCategory: 'S', taxRate: 21 },
    { amount: 1_234, reasonCode: '95', taxCategory: 'S', taxRate: 6 },
  ],
  charges: [
    { amount: 1_500, reason: 'Transport', reasonCode: 'FC', taxCategory: 'S', taxRate: 6 },
    { percent: 1.5, reasonCode: 'ABL', taxCategory: 'E', taxRate: 0 },
  ],
});

/** AE reverse charge with a VATEX code. */
export const reverseCharge = (buyerReference: string | null) => ({
  ...(buyerReference ? { buyerReference } : { purchaseOrderReference: 'PO-AE-1' }),
  taxExemptions: [{ category: 'AE', reasonCode: 'VATEX-EU-AE', reason: 'Reverse charge' }],
  items: [item({ quantity: 10, unitPrice: 9_999, taxCategory: 'AE', taxRate: 0 })],
});

/** JPY (no decimals) with decimal quantities. */
export const yen = (buyerReference: string) => ({
  currency: 'JPY',
  buyerReference,
  items: [
    item({ description: '抹茶', quantity: 1.5, unitCode: 'KGM', unitPrice: 333, taxRate: 10 }),
    item({ description: '和紙', quantity: 2.333, unitPrice: 1_001, taxRate: 8 }),
    item({ description: '筆', quantity: 3, unitPrice: 500, taxRate: 10 }),
  ],
});

/** 200 lines, document rounding, an intra-community supply (K) delivered to France on 2026-10-30. */
export const intraCommunity = (buyerReference: string) => ({
  taxRounding: 'document',
  buyerReference,
  deliveryDate: '2026-10-30',
  deliveryCountry: 'FR',
  taxExemptions: [{ category: 'K', reasonCode: 'VATEX-EU-IC', reason: 'Intra-community supply' }],
  items: Array.from({ length: 200 }, (_, index) =>
    index % 4 === 3
      ? item({ description: `Pièce ${index + 1}`, quantity: 1, unitPrice: 1_000 + index, taxCategory: 'K', taxRate: 0 })
      : item({ description: `Ligne ${index + 1} — ž`, quantity: ((index % 7) + 1) / 8, unitPrice: 333 + index, taxRate: index % 2 ? 21 : 5.5 }),
  ),
});
