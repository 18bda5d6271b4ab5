import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import { type Language, countryName, formatDate, formatMoney, languages, translate } from '../../src/i18n/index.js';
import { putProfile } from '../business/helpers.js';
import { pngImage } from '../business/logo-images.js';
import { createClient } from '../clients/helpers.js';
import { issueCreditNote } from '../credit-notes/helpers.js';
import { call, type TestApp, useTestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/users.js';
import { createInvoice, item } from '../invoices/helpers.js';
import { overlappingWords, pdfPages } from './pdf-text.js';

// pdftotext keeps Intl's no-break spaces; one space stands for any run of white space.
const squash = (text: string) => text.replace(/[\s\u00A0\u202F]+/g, ' ');

/** Labels of the English document that no other language shares: none may be left in a translated one. */
const englishOnly = ['Amount due', 'Issue date', 'Due date', 'Unit price', 'Taxable amount', 'Bill to', 'Page 1 of', 'PAYMENT DETAILS', 'Reverse charge:'];

/** A German seller with a logo and a Polish buyer, long names, long German lines and a reverse-charge line. */
async function longInvoice(t: TestApp, user: TestUser, clientLanguage: Language | null) {
  await putProfile(t.app, user.token, {
    legalName: 'Müller & Söhne Werkzeugmaschinenbaugesellschaft mbH',
    tradingName: null,
    address: { line1: 'Industriestraße 123', city: 'Mönchengladbach', postalCode: '41061', country: 'DE' },
    vatId: 'DE123456789',
    bankAccount: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', accountName: 'Müller & Söhne' },
  });
  const logo = pngImage(600, 200, { alpha: true });
  await call(t.app, { method: 'PUT', url: '/api/v1/business/logo', token: user.token, body: logo, headers: { 'content-type': 'image/png' } }, 204);
  const client = await createClient(t.app, user.token, {
    companyName: 'Przedsiębiorstwo Handlowo-Usługowe „Żółć” Spółka z ograniczoną odpowiedzialnością',
    contactName: 'Grzegorz Brzęczyszczykiewicz',
    taxId: 'PL5260250274',
    address: { line1: 'ul. Świętokrzyska 12/34', city: 'Łódź', postalCode: '90-001', country: 'PL' },
    language: clientLanguage,
  });
  const draft = await createInvoice(t.app, user.token, client.id, {
    deliveryDate: '2026-12-01',
    buyerReference: 'Bestellung 4711/Żółć',
    taxExemptions: [{ category: 'AE', reasonCode: 'VATEX-EU-AE' }],
    items: [
      item({
        description: 'Instandhaltungsdienstleistungen für Hochgeschwindigkeitsfräsmaschinen einschließlich Kühlschmierstoffaufbereitung',
        quantity: 1234.5,
        unitPrice: 1_234_567,
        taxRate: 19,
        unitCode: 'HUR',
      }),
      item({ description: 'Ersatzteilpaket „Präzisionsspindel“', quantity: 2, unitPrice: 99_999, taxCategory: 'AE', taxRate: 0, unitCode: 'DAY' }),
    ],
    notes: 'Vielen Dank für Ihren Auftrag! Dziękujemy za zamówienie — zażółć gęślą jaźń.',
  });
  const post = (path: string, body?: unknown, status = 200) =>
    call<Invoice>(t.app, { method: 'POST', url: `/api/v1/invoices/${draft.id}/${path}`, token: user.token, body }, status);
  await post('publish');
  await post('payments', { amount: 100_000, method: 'bank_transfer' }, 201);
  return { client, invoice: (await post('send')).body };
}

const pdfOf = (t: TestApp, token: string, path: string) =>
  t.app.inject({ method: 'GET', url: `/api/v1/${path}`, headers: { authorization: `Bearer ${token}` } });

async function pdfTextOf(t: TestApp, token: string, path: string) {
  const response = await pdfOf(t, token, path);
  expect(response.statusCode, response.body).toBe(200);
  const pages = await pdfPages(response.rawPayload);
  return { response, pages, text: squash(pages.join(' ')) };
}

describe('PDFs in every language', () => {
  const t = useTestApp();

  it.each(languages)('%s: an invoice and a credit note with every label translated, locale formats and no text over text', async (language) => {
    const user = await createUser(t.app);
    const { invoice } = await longInvoice(t, user, 'de');
    const { text, pages, response } = await pdfTextOf(t, user.token, `invoices/${invoice.id}/pdf?language=${language}`);
    const words = (key: Parameters<typeof translate>[1]) => translate(language, key).split(/\s+/);
    const expected = [
      translate(language, 'document.invoice'),
      invoice.number ?? '',
      formatDate(language, invoice.issueDate),
      formatDate(language, invoice.dueDate),
      formatDate(language, '2026-12-01'),
      translate(language, 'tax.note.AE'),
      'VATEX-EU-AE',
      countryName(language, 'PL'),
      countryName(language, 'DE'),
      translate(language, 'party.vatId', { vatId: 'PL5260250274' }),
      translate(language, 'document.amountsIn', { currency: 'EUR' }),
      translate(language, 'totals.amountDue'),
      formatMoney(language, 'EUR', BigInt(invoice.total)),
      formatMoney(language, 'EUR', BigInt(invoice.amountDue)),
      formatMoney(language, 'EUR', 100_000n),
      translate(language, 'payment.heading').toLocaleUpperCase(language),
      translate(language, 'pdf.page', { reference: translate(language, 'document.invoiceReference', { state: 'issued', number: invoice.number ?? '' }), page: 1, pages: pages.length }),
      ...words('lines.description'),
      ...words('lines.unitPrice'),
      ...words('tax.taxableAmount'),
      ...words('totals.subtotal'),
      translate(language, 'unit.DAY', { count: 2 }),
    ];
    for (const phrase of expected) expect(text).toContain(squash(phrase));
    if (language !== 'en') for (const english of englishOnly) expect(text).not.toContain(english);
    expect(await overlappingWords(response.rawPayload)).toEqual([]);

    const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason: 'Rücksendung der Präzisionsspindel — zwrot towaru' }, 201);
    const credit = await pdfTextOf(t, user.token, `credit-notes/${note.id}/pdf?language=${language}`);
    for (const phrase of [
      translate(language, 'document.creditNote'),
      translate(language, 'totals.refundDue'),
      translate(language, 'section.reason').toLocaleUpperCase(language),
      formatMoney(language, 'EUR', BigInt(note.refundDue)),
      formatMoney(language, 'EUR', BigInt(note.total)),
    ]) {
      expect(credit.text).toContain(squash(phrase));
    }
    if (language !== 'en') for (const english of englishOnly) expect(credit.text).not.toContain(english);
    expect(await overlappingWords(credit.response.rawPayload)).toEqual([]);
  });

  it('writes amounts, quantities, units and dates as German does, from the client’s language: 1.234,56 € and 31.12.2099', async () => {
    const user = await createUser(t.app);
    const { invoice } = await longInvoice(t, user, 'de');
    const { text } = await pdfTextOf(t, user.token, `invoices/${invoice.id}/pdf`);
    expect(invoice).toMatchObject({ subtotal: 1_524_272_960, tax: 289_573_863, total: 1_813_846_823, amountDue: 1_813_746_823 });
    expect(text).toContain('1 Instandhaltungsdienstleistung 1.234,5 Std. 12.345,67 19 15.240.729,62 18.136.468,25');
    expect(text).toContain('2 Ersatzteilpaket 2 Tage 999,99 0 1.999,98 1.999,98');
    expect(text).toContain('Steuerschuldnerschaft des Leistungsempfängers (AE) 0 % 1.999,98 0,00');
    expect(text).toContain('Regelsteuersatz (S) 19 % 15.240.729,62 2.895.738,63');
    expect(text).toContain('Summe netto 15.242.729,60 € Umsatzsteuer 2.895.738,63 € Gesamtbetrag 18.138.468,23 €');
    expect(text).toContain('Bereits bezahlt 1.000,00 € Offener Betrag 18.137.468,23 €');
    expect(text).toContain('Steuerschuldnerschaft des Leistungsempfängers: Der Leistungsempfänger schuldet die Umsatzsteuer');
    expect(text).toContain(`Ausstellungsdatum ${formatDate('de', invoice.issueDate)}`);
    expect(text).toContain('Fälligkeitsdatum 31.12.2099');
    expect(text).toContain('Polen');
  });
});

describe('which language a document is written in', () => {
  const t = useTestApp();
  const titleOf = async (token: string, path: string) => {
    const { text, response } = await pdfTextOf(t, token, path);
    return { title: text.split(' ')[0], etag: response.headers.etag };
  };
  const patchClient = (token: string, id: string, language: Language | null) =>
    call(t.app, { method: 'PATCH', url: `/api/v1/clients/${id}`, token, body: { language } }, 200);

  it('a draft: its client’s language, else the profile’s default; marked DRAFT in that language', async () => {
    const user = await createUser(t.app);
    await putProfile(t.app, user.token, { defaultLanguage: 'pl' });
    const client = await createClient(t.app, user.token, { language: 'fr' });
    const draft = await createInvoice(t.app, user.token, client.id);
    const french = await pdfTextOf(t, user.token, `invoices/${draft.id}/pdf`);
    expect(french.text).toContain(`${translate('fr', 'document.invoice')} ${translate('fr', 'document.draftMark')}`);
    expect(french.text).toContain(translate('fr', 'pdf.page', { reference: translate('fr', 'document.invoiceReference', { state: 'draft', number: '' }), page: 1, pages: 1 }));

    await patchClient(user.token, client.id, null);
    expect((await titleOf(user.token, `invoices/${draft.id}/pdf`)).title).toBe('Faktura');
  });

  it('an issued invoice keeps the language in force at publish; ?language= overrides it; a credit note takes its own when created', async () => {
    const user = await createUser(t.app);
    await putProfile(t.app, user.token);
    const client = await createClient(t.app, user.token, {
      language: 'de',
      address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    });
    const draft = await createInvoice(t.app, user.token, client.id);
    const invoice = (await call<Invoice>(t.app, { method: 'POST', url: `/api/v1/invoices/${draft.id}/publish`, token: user.token }, 200)).body;
    const row = () => t.app.db.selectFrom('invoices').select('language').where('id', '=', invoice.id).executeTakeFirstOrThrow();
    expect(await row()).toEqual({ language: 'de' });

    await patchClient(user.token, client.id, 'it');
    await call(t.app, { method: 'PATCH', url: '/api/v1/business', token: user.token, body: { defaultLanguage: 'es' } }, 200);
    const german = await titleOf(user.token, `invoices/${invoice.id}/pdf`);
    expect(german.title).toBe('Rechnung');
    const dutch = await titleOf(user.token, `invoices/${invoice.id}/pdf?language=nl`);
    expect(dutch.title).toBe('Factuur');
    expect(dutch.etag).not.toBe(german.etag);
    expect(await row()).toEqual({ language: 'de' });

    const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason: 'Reso' }, 201);
    const noteRow = await t.app.db.selectFrom('credit_notes').select('language').where('id', '=', note.id).executeTakeFirstOrThrow();
    expect(noteRow).toEqual({ language: 'it' });
    expect((await titleOf(user.token, `credit-notes/${note.id}/pdf`)).title).toBe('Nota');
    expect((await titleOf(user.token, `credit-notes/${note.id}/pdf?language=en`)).title).toBe('Credit');
    expect((await titleOf(user.token, `invoices/${invoice.id}/pdf?format=facturx&language=fr`)).title).toBe('Facture');
  });

  it('an invoice issued before documents had languages takes the current one', async () => {
    const user = await createUser(t.app);
    await putProfile(t.app, user.token, { defaultLanguage: 'pt' });
    const client = await createClient(t.app, user.token);
    const draft = await createInvoice(t.app, user.token, client.id);
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${draft.id}/publish`, token: user.token }, 200);
    await t.app.db.updateTable('invoices').set({ language: null }).where('id', '=', draft.id).execute();
    expect((await titleOf(user.token, `invoices/${draft.id}/pdf`)).title).toBe('Fatura');
  });

  it.each(['xx', 'DE', 'de-DE', ''])('refuses ?language=%s with 400 naming /language on every PDF route', async (language) => {
    const user = await createUser(t.app);
    await putProfile(t.app, user.token);
    const { invoice } = await longInvoice(t, user, null);
    const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason: 'Reason' }, 201);
    for (const path of [`invoices/${invoice.id}/pdf`, `invoices/${invoice.id}/pdf?format=facturx`, `credit-notes/${note.id}/pdf`]) {
      const response = await pdfOf(t, user.token, `${path}${path.includes('?') ? '&' : '?'}language=${language}`);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: '/language' })] });
    }
  });
});
