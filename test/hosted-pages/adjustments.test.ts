import { describe, expect, it } from 'vitest';
import { putProfile } from '../business/helpers.js';
import { useTestApp } from '../helpers/app.js';
import { useTestUser } from '../helpers/users.js';
import { allowances, charges, lines } from '../invoices/adjustment-cases.js';
import { issueInvoice, openPage } from './helpers.js';

// Intl puts no-break spaces in `10 %` and `280,00 €`.
const spaced = (html: string) => html.replace(/[\u00A0\u202F]/g, ' ');

/** The contract's worked example (test/invoices/adjustment-cases.ts) on the hosted page, in German. */
describe('hosted page: discounts, allowances and charges', () => {
  const t = useTestApp();
  const user = useTestUser(t);

  it('shows each line’s discount under its description and the allowances and charges before the subtotal', async () => {
    await putProfile(t.app, user.token);
    const invoice = await issueInvoice(t.app, user, { items: lines, allowances, charges }, [], { currency: 'EUR', language: 'de' });
    const response = await openPage(t.app, invoice.hostedUrl);
    expect(response.statusCode).toBe(200);
    const html = spaced(response.body);
    expect(html).toContain('<td class="description">Design<span class="discount">Rabatt 10 %: -20,00 (Loyalty)</span></td>');
    expect(html).toContain('<td class="description">Hosting<span class="discount">Rabatt: -9,97</span></td>');
    expect(html).toContain('<td class="description">Books</td>');
    const totalsBlock = html.slice(html.indexOf('<dl class="totals">'));
    const totals = [...totalsBlock.matchAll(/<div(?: class="emphasis")?><dt>([^<]*)<\/dt><dd>([^<]*)<\/dd><\/div>/g)].map(([, label, value]) => `${label} ${value}`);
    expect(totals).toEqual([
      'Summe der Positionen 280,00',
      'Nachlass 2,5 % (20 % USt.): Early payment -7,00',
      'Nachlass (7 % USt.): Rabatt -3,50',
      'Zuschlag (10 % USt.): Shipping 10,05',
      'Summe der Nachlässe -10,50',
      'Summe der Zuschläge 10,05',
      'Summe netto 279,55',
      'Umsatzsteuer 48,86',
      'Gesamtbetrag 328,41',
      'Bereits bezahlt 0,00',
      'Offener Betrag 328,41',
    ]);
  });

  it('escapes the reasons, and a page without any shows neither discounts nor their rows', async () => {
    const marked = await issueInvoice(
      t.app,
      user,
      {
        items: [{ ...lines[0], discount: { percent: 5, reason: '<b>VIP</b>' } }],
        charges: [{ amount: 100, reason: '"Express" & <i>co</i>', taxCategory: 'S', taxRate: 20 }],
      },
      [],
      { currency: 'EUR' },
    );
    const html = spaced((await openPage(t.app, marked.hostedUrl)).body);
    expect(html).toContain('<span class="discount">Discount 5%: -10.00 (&lt;b&gt;VIP&lt;/b&gt;)</span>');
    expect(html).toContain('<dt>Charge (20% VAT): &quot;Express&quot; &amp; &lt;i&gt;co&lt;/i&gt;</dt><dd>1.00</dd>');
    const plain = await issueInvoice(t.app, user, {}, [], { currency: 'EUR' });
    const page = (await openPage(t.app, plain.hostedUrl)).body;
    expect(page).not.toContain('class="discount"');
    expect(page).not.toContain('Line total');
    expect(page).toContain('<dt>Subtotal</dt><dd>100.00</dd>');
  });
});
