import { describe, expect, it } from 'vitest';
import type { CreditNote } from '../../schemas/credit-notes.js';
import type { Invoice } from '../../schemas/invoices.js';
import { invoicePdfModel } from '../../src/pdf/invoice-document.js';
import { putProfile } from '../business/helpers.js';
import { issueCreditNote } from '../credit-notes/helpers.js';
import { useTestApp } from '../helpers/app.js';
import { useTestUser } from '../helpers/users.js';
import { issueInvoice } from '../hosted-pages/helpers.js';
import { allowances, charges, lines } from '../invoices/adjustment-cases.js';
import { pdfPages } from './pdf-text.js';

// pdftotext keeps Intl's no-break spaces; one space stands for any run of white space.
const squash = (text: string) => text.replace(/[\s\u00A0\u202F]+/g, ' ');

/**
 * The contract's worked example (test/invoices/adjustment-cases.ts): lines of 200.00 − 10 % and
 * 59.97 − 9.97, an allowance of 2.5 % at 20 % (7.00), a coded one at 7 % (3.50, UNCL 5189 code 95
 * without a reason: the code's name is shown) and a shipping charge at 10 % (10.05). pdftotext
 * reads a label that wraps ("Early … payment") around the amount beside it.
 */
describe('PDFs show discounts, allowances and charges', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  let invoice: Invoice;

  const pdfText = async (path: string) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/${path}`, headers: { authorization: `Bearer ${user.token}` } });
    expect(response.statusCode, response.body).toBe(200);
    return squash((await pdfPages(response.rawPayload)).join(' '));
  };
  const issue = async () => {
    if (!invoice) {
      await putProfile(t.app, user.token);
      invoice = await issueInvoice(t.app, user, { items: lines, allowances, charges }, [], { currency: 'EUR' });
    }
    return invoice;
  };

  it('in English: the discount under its line, the allowances and charges before the subtotal, amounts as en-US writes them', async () => {
    const { id } = await issue();
    const text = await pdfText(`invoices/${id}/pdf?language=en`);
    expect(text).toContain('1 Design 2 pcs 100.00 20 180.00 216.00 Discount 10%: -20.00 (Loyalty)');
    expect(text).toContain('2 Hosting 3 pcs 19.99 20 50.00 60.00 Discount: -9.97 3 Books');
    expect(text).toContain('Standard rate (S) 7% 46.50 3.25 Standard rate (S) 10% 10.05 1.01 Standard rate (S) 20% 223.00 44.60');
    expect(text).toContain(
      'Line total €280.00 Allowance 2.5% (20% VAT): Early -€7.00 payment Allowance (7% VAT): Discount -€3.50 Charge (10% VAT): Shipping €10.05 ' +
        'Total allowances -€10.50 Total charges €10.05 Subtotal €279.55 VAT €48.86 Total €328.41 Paid €0.00 Amount due €328.41',
    );
  });

  it('in German: every label translated, the code’s name too, amounts as de-DE writes them', async () => {
    const { id } = await issue();
    const text = await pdfText(`invoices/${id}/pdf?language=de`);
    expect(text).toContain('1 Design 2 Stk. 100,00 20 180,00 216,00 Rabatt 10 %: -20,00 (Loyalty)');
    expect(text).toContain('2 Hosting 3 Stk. 19,99 20 50,00 60,00 Rabatt: -9,97 3 Books');
    expect(text).toContain(
      'Summe der Positionen 280,00 € Nachlass 2,5 % (20 % USt.): Early -7,00 € payment Nachlass (7 % USt.): Rabatt -3,50 € ' +
        'Zuschlag (10 % USt.): Shipping 10,05 € Summe der Nachlässe -10,50 € Summe der Zuschläge 10,05 € Summe netto 279,55 € ' +
        'Umsatzsteuer 48,86 € Gesamtbetrag 328,41 €',
    );
    for (const english of ['Discount', 'Allowance', 'Charge', 'Line total', 'Total allowances', 'Total charges']) expect(text).not.toContain(english);
  });

  it('a full credit note shows the invoice’s discounts, allowances and charges', async () => {
    const { id } = await issue();
    const { body: note } = await issueCreditNote(t.app, user, id, { reason: 'Cancelled' }, 201);
    expect((note as CreditNote).allowanceTotal).toBe(1_050);
    const text = await pdfText(`credit-notes/${note.id}/pdf?language=de`);
    expect(text).toContain('Rabatt 10 %: -20,00 (Loyalty)');
    expect(text).toContain('Summe der Nachlässe -10,50 € Summe der Zuschläge 10,05 € Summe netto 279,55 €');
  });

  it('a document without discounts, allowances or charges has the model it had before (its ETag and bytes are unchanged)', async () => {
    await issue();
    const plain = await issueInvoice(t.app, user, {}, [], { currency: 'EUR' });
    const model = invoicePdfModel(plain, plain.seller!, 'en');
    expect(model.lines.every((line) => !('discount' in line))).toBe(true);
    expect(model.totals.map((total) => total.label)).toEqual(['Subtotal', 'VAT', 'Total', 'Paid', 'Amount due']);
    const text = await pdfText(`invoices/${plain.id}/pdf?language=en`);
    expect(text).toContain('Subtotal €100.00 VAT €21.00 Total €121.00');
    expect(text).not.toContain('Line total');
  });
});
