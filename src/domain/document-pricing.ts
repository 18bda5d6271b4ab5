/**
 * Pricing of an invoice or credit note, the one entry the services use: each line with its
 * defaults (unit C62, rate 0, category S or Z by the rate) and the category rules, then the
 * amounts (money.ts), the tax breakdown and the document sums (tax-breakdown.ts). Pure, exact.
 */
import type { TaxCategory, TaxRounding } from '../../base/vocabulary.js';
import { type PricedInvoice, priceInvoice } from './tax-breakdown.js';
import { defaultTaxCategory, taxCategoryAgreesWithRate } from './tax-categories.js';

export const DEFAULT_UNIT_CODE = 'C62';

/** A line as a draft states it; the optional fields take their defaults. */
export interface DraftLine {
  quantity: number;
  unitPrice: number;
  unitCode?: string;
  taxCategory?: TaxCategory;
  taxRate?: number;
}

export type CompleteLine<Line extends DraftLine> = Line & { unitCode: string; taxCategory: TaxCategory; taxRate: number };

export interface FieldProblem {
  path: string;
  message: string;
}

/** Lines that break a rule the schema cannot state (a category that disagrees with its rate); 400. */
export class DocumentRuleError extends Error {
  constructor(
    message: string,
    readonly errors: FieldProblem[],
  ) {
    super(message);
    this.name = 'DocumentRuleError';
  }
}

function withDefaults<Line extends DraftLine>(line: Line): CompleteLine<Line> {
  const taxRate = line.taxRate ?? 0;
  return {
    ...line,
    taxRate,
    unitCode: line.unitCode ?? DEFAULT_UNIT_CODE,
    taxCategory: line.taxCategory ?? defaultTaxCategory(taxRate),
  };
}

/** S needs a rate above 0, every other category a rate of 0: one problem per line that disagrees. */
function assertCategoriesAgree(lines: readonly CompleteLine<DraftLine>[]) {
  const errors = lines.flatMap((line, index) =>
    taxCategoryAgreesWithRate(line.taxCategory, line.taxRate)
      ? []
      : [{
          path: `/items/${index}/taxCategory`,
          message: line.taxCategory === 'S' ? 'S (standard rate) needs a taxRate above 0' : `${line.taxCategory} needs taxRate 0`,
        }],
  );
  if (errors.length > 0) throw new DocumentRuleError('taxCategory disagrees with taxRate', errors);
}

/**
 * The lines completed and priced, the tax breakdown (`rounding` decides its tax) and the sums.
 * Throws DocumentRuleError or AmountError (money.ts) naming the offending field.
 */
export function priceDocument<Line extends DraftLine>(lines: readonly Line[], rounding: TaxRounding): PricedInvoice<CompleteLine<Line>> {
  const complete = lines.map(withDefaults);
  assertCategoriesAgree(complete);
  return priceInvoice(complete, rounding);
}
