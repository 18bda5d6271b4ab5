import { describe, expect, it } from 'vitest';
import { DocumentRuleError, priceDocument } from '../../src/domain/document-pricing.js';

describe('document pricing: lines as drafts state them', () => {
  it('fills the defaults: unit C62, rate 0, category S with a rate and Z without', () => {
    const priced = priceDocument(
      [
        { description: 'a', quantity: 2, unitPrice: 1000, taxRate: 20 },
        { description: 'b', quantity: 1, unitPrice: 500 },
        { description: 'c', quantity: 1.5, unitPrice: 333, unitCode: 'HUR', taxCategory: 'E', taxRate: 0 },
      ],
      'line',
    );
    expect(priced.lines.map(({ unitCode, taxCategory, taxRate }) => ({ unitCode, taxCategory, taxRate }))).toEqual([
      { unitCode: 'C62', taxCategory: 'S', taxRate: 20 },
      { unitCode: 'C62', taxCategory: 'Z', taxRate: 0 },
      { unitCode: 'HUR', taxCategory: 'E', taxRate: 0 },
    ]);
    expect(priced.lines[2]).toMatchObject({ description: 'c', subtotal: 500, tax: 0, total: 500 });
    expect(priced).toMatchObject({ subtotal: 3000, tax: 400, total: 3400 });
  });

  it('refuses every line whose category disagrees with its rate, naming each', () => {
    const refusal = (() => {
      try {
        priceDocument(
          [
            { quantity: 1, unitPrice: 1, taxCategory: 'S', taxRate: 0 },
            { quantity: 1, unitPrice: 1, taxRate: 7 },
            { quantity: 1, unitPrice: 1, taxCategory: 'AE', taxRate: 19 },
          ],
          'document',
        );
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(DocumentRuleError);
    expect((refusal as DocumentRuleError).errors).toEqual([
      { path: '/items/0/taxCategory', message: 'S (standard rate) needs a taxRate above 0' },
      { path: '/items/2/taxCategory', message: 'AE needs taxRate 0' },
    ]);
  });
});
