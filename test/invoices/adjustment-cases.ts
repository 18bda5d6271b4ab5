/** Discount, allowance and charge cases that invoices and recurring templates are both checked with. */
import type { Invoice } from '../../schemas/invoices.js';
import { item } from './helpers.js';

/**
 * The contract's example, worked by hand: 10 % off one line, an amount off another, a 2.5 %
 * early-payment allowance at 20 %, a coded allowance at 7 % and a shipping charge at 10 %.
 */
export const lines = [
  item({ description: 'Design', quantity: 2, unitPrice: 10_000, taxRate: 20, discount: { percent: 10, reason: 'Loyalty' } }),
  item({ description: 'Hosting', quantity: 3, unitPrice: 1_999, taxRate: 20, discount: { amount: 997 } }),
  item({ description: 'Books', quantity: 1, unitPrice: 5_000, taxRate: 7 }),
];
export const allowances = [
  { percent: 2.5, reason: 'Early payment', taxCategory: 'S', taxRate: 20 },
  { amount: 350, reasonCode: '95', taxCategory: 'S', taxRate: 7 },
];
export const charges = [{ amount: 1_005, reason: 'Shipping', reasonCode: 'FC', taxCategory: 'S', taxRate: 10 }];

/** Input the schema or the pricing refuses with 400, and the path the problem names. */
export const badAdjustmentInput: [string, Record<string, unknown>, string][] = [
  ['a discount with percent and amount', { items: [item({ discount: { percent: 5, amount: 10 } })] }, '/items/0/discount'],
  ['a discount with neither', { items: [item({ discount: { reason: 'Why' } })] }, '/items/0/discount'],
  ['a discount of 0 %', { items: [item({ discount: { percent: 0 } })] }, '/items/0/discount/percent'],
  ['a discount over 100 %', { items: [item({ discount: { percent: 100.01 } })] }, '/items/0/discount/percent'],
  ['a discount with 3 decimals', { items: [item({ discount: { percent: 12.345 } })] }, '/items/0/discount/percent'],
  ['a discount amount of 0', { items: [item({ discount: { amount: 0 } })] }, '/items/0/discount/amount'],
  ['a discount reason of 201 characters', { items: [item({ discount: { percent: 5, reason: 'x'.repeat(201) } })] }, '/items/0/discount/reason'],
  ['an allowance without reason or code', { allowances: [{ amount: 1, taxCategory: 'Z', taxRate: 0 }] }, '/allowances/0'],
  ['an allowance with an unknown UNCL 5189 code', { allowances: [{ amount: 1, reasonCode: '99', taxCategory: 'Z', taxRate: 0 }] }, '/allowances/0/reasonCode'],
  ['a charge with an allowance code', { charges: [{ amount: 1, reasonCode: '95', taxCategory: 'Z', taxRate: 0 }] }, '/charges/0/reasonCode'],
  ['an allowance with amount and percent', { allowances: [{ amount: 1, percent: 1, reason: 'x', taxCategory: 'Z', taxRate: 0 }] }, '/allowances/0'],
  ['a charge with neither amount nor percent', { charges: [{ reason: 'x', taxCategory: 'Z', taxRate: 0 }] }, '/charges/0'],
  ['an allowance without taxCategory', { allowances: [{ amount: 1, reason: 'x', taxRate: 0 }] }, '/allowances/0/taxCategory'],
  ['an allowance in S at rate 0', { allowances: [{ amount: 1, reason: 'x', taxCategory: 'S', taxRate: 0 }] }, '/allowances/0/taxCategory'],
  ['a charge percent with 3 decimals', { charges: [{ percent: 1.005, reason: 'x', taxCategory: 'Z', taxRate: 0 }] }, '/charges/0/percent'],
  ['11 allowances', { allowances: Array.from({ length: 11 }, () => ({ amount: 1, reason: 'x', taxCategory: 'Z', taxRate: 0 })) }, '/allowances'],
  ['an unknown property in a charge', { charges: [{ amount: 1, reason: 'x', taxCategory: 'Z', taxRate: 0, vat: 1 }] }, '/charges/0/vat'],
];

/** Input whose amounts do not add up (422), and the path the problem names. */
export const unprocessableAdjustments: [string, Record<string, unknown>, string][] = [
  ['an amount discount above the line’s gross', { items: [item({ quantity: 1, unitPrice: 100, discount: { amount: 101 } })] }, '/items/0/discount/amount'],
  ['allowances that bring the subtotal below 0', { items: [item({ quantity: 1, unitPrice: 1_000, taxRate: 0 })], allowances: [{ amount: 1_001, reason: 'x', taxCategory: 'Z', taxRate: 0 }] }, '/allowances'],
  ['an allowance in a category with nothing to reduce', { items: [item({ quantity: 1, unitPrice: 1_000, taxRate: 20 })], allowances: [{ amount: 500, reason: 'x', taxCategory: 'Z', taxRate: 0 }] }, '/allowances'],
];

/** What pricing decides on an invoice: every amount of its lines and of the document. */
export const pricingOf = (invoice: Invoice) => ({
  items: invoice.items.map(({ id: _id, ...line }) => line),
  ...Object.fromEntries(
    (['allowances', 'charges', 'lineTotal', 'allowanceTotal', 'chargeTotal', 'subtotal', 'taxBreakdown', 'tax', 'total'] as const).map((key) => [key, invoice[key]]),
  ),
});
