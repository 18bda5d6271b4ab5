/**
 * Pricing of an invoice or credit note, the one entry the services use (contract v1.2,
 * "Discounts, allowances and charges"): each line with its defaults (unit C62, rate 0, category
 * S or Z by the rate), its gross, discount, net (`subtotal`) and tax; the document allowances and
 * charges; the tax breakdown, where they count in their own category and rate; and the sums
 * `lineTotal − allowanceTotal + chargeTotal = subtotal`, `subtotal + tax = total`. Exact bigint,
 * half away from zero. Without discounts, allowances or charges every number is v1.1's.
 */
import type { AdjustmentInput, LineInput, PricedAdjustment, TaxBreakdownEntry } from '../../base/stored-shapes.js';
import type { TaxCategory, TaxRounding } from '../../base/vocabulary.js';
import { allowanceReasonCodes, chargeReasonCodes } from './code-lists.js';
import { AmountError, TAX_RATE_SCALE, computeLine, divideRounded, toScaledInteger } from './money.js';
import { computeTaxBreakdown } from './tax-breakdown.js';
import { defaultTaxCategory, taxCategoryAgreesWithRate } from './tax-categories.js';

export const DEFAULT_UNIT_CODE = 'C62';
export const MAX_ADJUSTMENTS = 10;
/** Discount and allowance/charge percentages have at most 2 decimals. */
const PERCENT_SCALE = 100n;
const HUNDRED = 100n;
const MAX_AMOUNT = BigInt(Number.MAX_SAFE_INTEGER);

/** A line as a draft states it, without its description; the optional fields take their defaults. */
export type DraftLine = Omit<LineInput, 'description'>;

export interface DocumentAdjustments {
  allowances?: readonly AdjustmentInput[];
  charges?: readonly AdjustmentInput[];
}

export interface LineDiscount {
  percent: number | null;
  amount: number | null;
  reason: string | null;
}

export interface LineAmounts {
  unitCode: string;
  taxCategory: TaxCategory;
  taxRate: number;
  discount: LineDiscount | null;
  /** round(quantity × unitPrice) */
  gross: number;
  discountAmount: number;
  /** gross − discountAmount: the line net amount (BT-131) */
  subtotal: number;
  tax: number;
  total: number;
}

export type PricedLine<Line extends DraftLine> = Omit<Line, keyof LineAmounts> & LineAmounts;

export interface PricedDocument<Line extends DraftLine> {
  lines: PricedLine<Line>[];
  allowances: PricedAdjustment[];
  charges: PricedAdjustment[];
  taxBreakdown: TaxBreakdownEntry[];
  /** Σ line subtotals (BT-106) */
  lineTotal: number;
  /** BT-107 */
  allowanceTotal: number;
  /** BT-108 */
  chargeTotal: number;
  /** lineTotal − allowanceTotal + chargeTotal (BT-109) */
  subtotal: number;
  tax: number;
  total: number;
}

export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * A rule the schema cannot state: a category that disagrees with its rate, a discount with both or
 * neither of percent and amount, an unknown reason code (400); or amounts that do not add up: a
 * discount above its line's gross, a subtotal or a category's taxable amount below 0 (422).
 */
export class DocumentRuleError extends Error {
  constructor(
    message: string,
    readonly errors: FieldProblem[],
    readonly unprocessable = false,
  ) {
    super(message);
    this.name = 'DocumentRuleError';
  }
}

function safe(value: bigint, path: string, what: string): number {
  if (value > MAX_AMOUNT || value < -MAX_AMOUNT) throw new AmountError(path, `${what} exceeds ${Number.MAX_SAFE_INTEGER} minor units`);
  return Number(value);
}

const categoryProblem = (path: string, category: TaxCategory, taxRate: number): FieldProblem[] =>
  taxCategoryAgreesWithRate(category, taxRate)
    ? []
    : [{ path: `${path}/taxCategory`, message: category === 'S' ? 'S (standard rate) needs a taxRate above 0' : `${category} needs taxRate 0` }];

/** Exactly one of percent and amount (`required` false: none is fine too, for a line without discount). */
function percentOrAmountProblem(path: string, value: { percent?: number; amount?: number }): FieldProblem[] {
  if (value.percent !== undefined && value.amount !== undefined) return [{ path, message: 'takes percent or amount, not both' }];
  if (value.percent === undefined && value.amount === undefined) return [{ path, message: 'needs percent or amount' }];
  return [];
}

/** A percentage as hundredths: 0 < percent ≤ 100, at most 2 decimals. */
function scaledPercent(percent: number, path: string): bigint {
  if (!(percent > 0 && percent <= 100)) throw new AmountError(path, 'must be above 0 and at most 100');
  return toScaledInteger(percent, PERCENT_SCALE, path);
}

/** An amount in minor units: an integer from 1. */
function positiveAmount(amount: number, path: string): bigint {
  if (!Number.isSafeInteger(amount) || amount < 1) throw new AmountError(path, `must be an integer between 1 and ${Number.MAX_SAFE_INTEGER}`);
  return BigInt(amount);
}

/** round(base × percent / 100), percent in hundredths. */
const percentOf = (base: bigint, percent: bigint) => divideRounded(base * percent, HUNDRED * PERCENT_SCALE);

const taxOf = (amount: bigint, taxRate: number, path: string) =>
  divideRounded(amount * toScaledInteger(taxRate, TAX_RATE_SCALE, path), HUNDRED * TAX_RATE_SCALE);

/** Runs `compute`, its AmountError moved under `path` (money.ts names the field within a line). */
function atPath<T>(path: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof AmountError) throw new AmountError(`${path}${error.path}`, error.message);
    throw error;
  }
}

function priceLine<Line extends DraftLine>(line: Line, path: string): PricedLine<Line> {
  const taxRate = line.taxRate ?? 0;
  const taxCategory = line.taxCategory ?? defaultTaxCategory(taxRate);
  const gross = BigInt(atPath(path, () => computeLine({ quantity: line.quantity, unitPrice: line.unitPrice, taxRate })).subtotal);
  let discountAmount = 0n;
  let discount: LineDiscount | null = null;
  if (line.discount) {
    const { percent, amount, reason } = line.discount;
    const discountPath = `${path}/discount`;
    if (percent !== undefined) {
      discountAmount = percentOf(gross, scaledPercent(percent, `${discountPath}/percent`));
    } else if (amount !== undefined) {
      discountAmount = positiveAmount(amount, `${discountPath}/amount`);
      if (discountAmount > gross) {
        throw new DocumentRuleError('A discount exceeds its line', [{ path: `${discountPath}/amount`, message: `must not exceed the line's gross amount ${gross}` }], true);
      }
    }
    discount = { percent: percent ?? null, amount: amount ?? null, reason: reason ?? null };
  }
  const subtotal = gross - discountAmount;
  const tax = taxOf(subtotal, taxRate, `${path}/taxRate`);
  return {
    ...line,
    unitCode: line.unitCode ?? DEFAULT_UNIT_CODE,
    taxCategory,
    taxRate,
    discount,
    gross: safe(gross, `${path}/unitPrice`, 'the line gross'),
    discountAmount: Number(discountAmount),
    subtotal: Number(subtotal),
    tax: safe(tax, `${path}/unitPrice`, 'the line tax'),
    total: safe(subtotal + tax, `${path}/unitPrice`, 'the line total'),
  };
}

/** The rules of the inputs the schema cannot state, every problem at once (400). */
function ruleProblems(lines: readonly DraftLine[], { allowances = [], charges = [] }: DocumentAdjustments): FieldProblem[] {
  const lineProblems = lines.flatMap((line, index) => {
    const taxRate = line.taxRate ?? 0;
    return [
      ...categoryProblem(`/items/${index}`, line.taxCategory ?? defaultTaxCategory(taxRate), taxRate),
      ...(line.discount ? percentOrAmountProblem(`/items/${index}/discount`, line.discount) : []),
    ];
  });
  const adjustmentProblems = (kind: 'allowances' | 'charges', entries: readonly AdjustmentInput[]) =>
    entries.flatMap((entry, index) => {
      const path = `/${kind}/${index}`;
      const codes = kind === 'allowances' ? allowanceReasonCodes : chargeReasonCodes;
      return [
        ...categoryProblem(path, entry.taxCategory, entry.taxRate),
        ...percentOrAmountProblem(path, entry),
        ...(entry.reason == null && entry.reasonCode == null ? [{ path, message: 'needs a reason or a reasonCode' }] : []),
        ...(entry.reasonCode != null && !codes.has(entry.reasonCode)
          ? [{ path: `${path}/reasonCode`, message: `is not a ${kind === 'allowances' ? 'UNCL 5189' : 'UNCL 7161'} code` }]
          : []),
      ];
    });
  const tooMany = (kind: 'allowances' | 'charges', entries: readonly AdjustmentInput[]) =>
    entries.length > MAX_ADJUSTMENTS ? [{ path: `/${kind}`, message: `at most ${MAX_ADJUSTMENTS} entries` }] : [];
  return [
    ...lineProblems,
    ...tooMany('allowances', allowances),
    ...adjustmentProblems('allowances', allowances),
    ...tooMany('charges', charges),
    ...adjustmentProblems('charges', charges),
  ];
}

function priceAdjustment(entry: AdjustmentInput, lineTotal: bigint, path: string): PricedAdjustment {
  const amount =
    entry.percent !== undefined
      ? percentOf(lineTotal, scaledPercent(entry.percent, `${path}/percent`))
      : positiveAmount(entry.amount ?? 0, `${path}/amount`);
  return {
    reason: entry.reason ?? null,
    reasonCode: entry.reasonCode ?? null,
    percent: entry.percent ?? null,
    amount: safe(amount, `${path}/amount`, 'the amount'),
    taxCategory: entry.taxCategory,
    taxRate: entry.taxRate,
  };
}

const sumOf = (values: readonly { amount: number }[]) => values.reduce((sum, value) => sum + BigInt(value.amount), 0n);

/**
 * The lines completed and priced, the allowances and charges with their amounts, the tax breakdown
 * (`rounding` decides its tax) and the sums. Throws DocumentRuleError or AmountError (money.ts)
 * naming the offending field.
 */
export function priceDocument<Line extends DraftLine>(
  lines: readonly Line[],
  rounding: TaxRounding,
  adjustments: DocumentAdjustments = {},
): PricedDocument<Line> {
  const problems = ruleProblems(lines, adjustments);
  if (problems.length > 0) throw new DocumentRuleError(problems.length === 1 ? `${problems[0]?.path} ${problems[0]?.message}` : 'Invalid lines, allowances or charges', problems);
  const priced = lines.map((line, index) => priceLine(line, `/items/${index}`));
  const lineTotal = priced.reduce((sum, line) => sum + BigInt(line.subtotal), 0n);
  const allowances = (adjustments.allowances ?? []).map((entry, index) => priceAdjustment(entry, lineTotal, `/allowances/${index}`));
  const charges = (adjustments.charges ?? []).map((entry, index) => priceAdjustment(entry, lineTotal, `/charges/${index}`));
  const allowanceTotal = sumOf(allowances);
  const chargeTotal = sumOf(charges);
  const subtotal = lineTotal - allowanceTotal + chargeTotal;
  if (subtotal < 0n) {
    throw new DocumentRuleError('The allowances exceed the lines and charges', [{ path: '/allowances', message: `bring the subtotal to ${subtotal}, below 0` }], true);
  }
  // An allowance counts in the breakdown as a negative line of its category and rate, a charge as a positive one.
  const asTaxed = (sign: bigint, kind: string) => (entry: PricedAdjustment, index: number) => ({
    taxCategory: entry.taxCategory,
    taxRate: entry.taxRate,
    subtotal: Number(sign * BigInt(entry.amount)),
    tax: Number(sign * taxOf(BigInt(entry.amount), entry.taxRate, `/${kind}/${index}/taxRate`)),
  });
  const taxBreakdown = computeTaxBreakdown([...priced, ...allowances.map(asTaxed(-1n, 'allowances')), ...charges.map(asTaxed(1n, 'charges'))], rounding);
  const negative = taxBreakdown.filter((entry) => entry.taxableAmount < 0 || entry.taxAmount < 0);
  if (negative.length > 0) {
    throw new DocumentRuleError(
      'The allowances of a tax category exceed its lines and charges',
      negative.map((entry) => ({ path: '/allowances', message: `bring category ${entry.taxCategory} at ${entry.taxRate} % below 0` })),
      true,
    );
  }
  const tax = taxBreakdown.reduce((sum, entry) => sum + BigInt(entry.taxAmount), 0n);
  return {
    lines: priced,
    allowances,
    charges,
    taxBreakdown,
    lineTotal: safe(lineTotal, '/items', 'the line total'),
    allowanceTotal: safe(allowanceTotal, '/allowances', 'the allowance total'),
    chargeTotal: safe(chargeTotal, '/charges', 'the charge total'),
    subtotal: safe(subtotal, '/items', 'the subtotal'),
    tax: safe(tax, '/items', 'the tax'),
    total: safe(subtotal + tax, '/items', 'the total'),
  };
}
