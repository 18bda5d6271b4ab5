/**
 * Reading a UBL back with a real XML parser and XPath (saxon-js): the values a test set, and the
 * sums EN 16931 requires (BR-CO-10…16) computed in xs:decimal, never in floats.
 */
import SaxonJS from 'saxon-js';
import { expect } from 'vitest';

const namespaceContext = {
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  inv: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
};

export interface ParsedUbl {
  text(xpath: string): string;
  texts(xpath: string): string[];
  isTrue(xpath: string): boolean;
}

export async function parseUbl(xml: string): Promise<ParsedUbl> {
  const document = await SaxonJS.getResource({ text: xml, type: 'xml' });
  const evaluate = (xpath: string) => SaxonJS.XPath.evaluate(xpath, document, { namespaceContext, resultForm: 'array' }) as unknown[];
  return {
    text: (xpath) => String(SaxonJS.XPath.evaluate(`string(${xpath})`, document, { namespaceContext })),
    texts: (xpath) => evaluate(`for $node in ${xpath} return string($node)`).map(String),
    isTrue: (xpath) => SaxonJS.XPath.evaluate(`boolean(${xpath})`, document, { namespaceContext }) === true,
  };
}

const total = (name: string) => `xs:decimal(/*/cac:LegalMonetaryTotal/cbc:${name})`;

/** The document-level sums of EN 16931 hold exactly, and there is one subtotal per category and rate. */
export function expectConsistentSums(ubl: ParsedUbl) {
  const line = "/*/*[local-name() = 'InvoiceLine' or local-name() = 'CreditNoteLine']";
  const rules: Record<string, string> = {
    'BR-CO-10 sum of line net amounts': `${total('LineExtensionAmount')} = sum(${line}/cbc:LineExtensionAmount/xs:decimal(.))`,
    'BR-CO-13 tax exclusive = line total (no allowances or charges)': `${total('TaxExclusiveAmount')} = ${total('LineExtensionAmount')}`,
    'BR-CO-14 tax total = sum of subtotals': 'xs:decimal(/*/cac:TaxTotal/cbc:TaxAmount) = sum(/*/cac:TaxTotal/cac:TaxSubtotal/cbc:TaxAmount/xs:decimal(.))',
    'BR-CO-15 tax inclusive = exclusive + tax': `${total('TaxInclusiveAmount')} = ${total('TaxExclusiveAmount')} + xs:decimal(/*/cac:TaxTotal/cbc:TaxAmount)`,
    'BR-CO-16 payable = inclusive − prepaid': `${total('PayableAmount')} = ${total('TaxInclusiveAmount')} - (if (/*/cac:LegalMonetaryTotal/cbc:PrepaidAmount) then ${total('PrepaidAmount')} else 0)`,
    'each subtotal’s base is the sum of its lines': `every $s in /*/cac:TaxTotal/cac:TaxSubtotal satisfies xs:decimal($s/cbc:TaxableAmount) = sum(${line}[cac:Item/cac:ClassifiedTaxCategory/cbc:ID = $s/cac:TaxCategory/cbc:ID and string(cac:Item/cac:ClassifiedTaxCategory/cbc:Percent) = string($s/cac:TaxCategory/cbc:Percent)]/cbc:LineExtensionAmount/xs:decimal(.))`,
    'one subtotal per category and rate': `count(/*/cac:TaxTotal/cac:TaxSubtotal) = count(distinct-values(/*/cac:TaxTotal/cac:TaxSubtotal/concat(cac:TaxCategory/cbc:ID, '|', cac:TaxCategory/cbc:Percent))) and count(distinct-values(${line}/cac:Item/cac:ClassifiedTaxCategory/concat(cbc:ID, '|', cbc:Percent))) = count(/*/cac:TaxTotal/cac:TaxSubtotal)`,
    'one currency everywhere': "every $a in //@currencyID satisfies $a = /*/cbc:DocumentCurrencyCode",
    'no empty element': "not(//*[not(*) and normalize-space(.) = ''])",
  };
  for (const [rule, xpath] of Object.entries(rules)) expect(ubl.isTrue(xpath), rule).toBe(true);
}
