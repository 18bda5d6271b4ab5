/** How VAT categories (UNCL 5305 as EN 16931 uses them) relate to a line's tax rate. */
import type { TaxCategory } from '../../base/vocabulary.js';

/** Categories whose invoices must say why no VAT is charged (an exemption reason or VATEX code). */
export const categoriesNeedingExemptionReason: readonly TaxCategory[] = ['AE', 'E', 'G', 'K', 'O'];

/** `S` when a rate is charged, else `Z`: the category of a line that names none. */
export const defaultTaxCategory = (taxRate: number): TaxCategory => (taxRate > 0 ? 'S' : 'Z');

/** `S` needs a rate above 0; every other category a rate of 0. */
export const taxCategoryAgreesWithRate = (category: TaxCategory, taxRate: number) => (category === 'S') === (taxRate > 0);
