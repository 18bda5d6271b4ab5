import { describe, expect, it } from 'vitest';
import { renderPdf } from '../../src/pdf/render-pdf.js';
import { pdfLine, pdfModel } from './models.js';
import { pdfPages, pdfText } from './pdf-text.js';

const squash = (text: string) => text.replace(/\s+/g, ' ');

describe('PDF renderer', () => {
  it('writes the parties, number, dates, lines, tax summary, totals and payment details', async () => {
    const exempt = { label: 'Exempt (E) 0 %', taxableAmount: '100.00', taxAmount: '0.00', note: 'Exempt under Article 132(1)(i) of Directive 2006/112/EC' };
    const pdf = await renderPdf(pdfModel({ taxRows: [exempt, ...pdfModel().taxRows] }));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = squash(await pdfText(pdf));
    for (const expected of [
      'Invoice',
      'INV-000007',
      'Issue date 2026-12-01',
      'Due date 2026-12-31',
      'Acme GmbH',
      'Hauptstraße 1',
      'VAT DE123456789',
      'Globex Ltd',
      'Amounts in EUR',
      '1 Consulting 2 h 617.28 19 1,234.56 1,469.13',
      'Exempt (E) 0 % 100.00 0.00 Exempt under Article 132(1)(i) of Directive 2006/112/EC Standard rate (S) 19 % 1,234.56 234.57',
      'Total €1,469.13',
      'Amount due €1,469.13',
      'IBAN DE89 3704 0044 0532 0130 00',
      'BIC COBADEFFXXX',
      'Invoice INV-000007 · Page 1 of 1',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/DRAFT|VOID/);
  });

  it('renders Greek, Cyrillic and Latin with diacritics as text', async () => {
    const pdf = await renderPdf(
      pdfModel({
        seller: { heading: 'From', name: 'Αθηναϊκή Εταιρεία Λογισμικού Α.Ε.', details: ['Οδός Ερμού 12, Αθήνα'] },
        buyer: { heading: 'Bill to', name: 'ООО «Ромашка»', details: ['ул. Ленина, д. 1, Москва'] },
        lines: [pdfLine({ description: 'Ψηφιακές υπηρεσίες' })],
        sections: [{ heading: 'Notes', text: 'Σας ευχαριστούμε. Спасибо! Łódź – Žluťoučký kůň – Ærøskøbing – façade' }],
      }),
    );
    const text = squash(await pdfText(pdf));
    for (const expected of [
      'Αθηναϊκή Εταιρεία Λογισμικού Α.Ε.',
      'Οδός Ερμού 12, Αθήνα',
      'ООО «Ромашка»',
      'ул. Ленина, д. 1, Москва',
      '1 Ψηφιακές υπηρεσίες 2 h',
      'Σας ευχαριστούμε. Спасибо! Łódź – Žluťoučký kůň – Ærøskøbing – façade',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('maps every glyph to its text in each document, even one an earlier document only drew inside a composite (Z of Ż)', async () => {
    await renderPdf(pdfModel({ buyer: { heading: 'Bill to', name: 'Żółć Sp. z o.o.', details: [] } }));
    const text = await pdfText(await renderPdf(pdfModel({ buyer: { heading: 'Bill to', name: 'Zahnradfabrik Zürich', details: [] } })));
    expect(text).toContain('Zahnradfabrik Zürich');
  });

  it('draws Chinese and Japanese with the CJK fallback, emoji with Noto Emoji, and what no font has as U+FFFD', async () => {
    const pdf = await renderPdf(
      pdfModel({
        buyer: { heading: 'Bill to', name: '東京都の株式会社 北京公司', details: ['مرحبا', 'שלום', '한국어', 'ภาษาไทย'] },
        lines: [pdfLine({ description: 'Launch party 🎉👍🏽 👨‍👩‍👧 ❤️' })],
      }),
    );
    const text = await pdfText(pdf);
    expect(text).toContain('東京都の株式会社 北京公司');
    expect(text).toContain('🎉');
    expect(text).toMatch(/\uFFFD{3}/); // Hangul: no bundled font has it
  });

  it('breaks a long invoice into pages, repeating the table header and numbering the pages', async () => {
    const lines = Array.from({ length: 200 }, (_, index) =>
      pdfLine({ description: index % 10 === 0 ? `Line ${index + 1}: ${'a long description that wraps '.repeat(12)}` : `Line ${index + 1}` }),
    );
    const pages = await pdfPages(await renderPdf(pdfModel({ lines })));
    expect(pages.length).toBeGreaterThanOrEqual(6);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
      if (index > 0) expect(page).toContain('Invoice INV-000007 (continued)');
    });
    const pagesWithLines = pages.filter((page) => /Line \d+/.test(page));
    for (const page of pagesWithLines) expect(page).toMatch(/Description\s+Qty\s+Unit\s+Unit price\s+VAT %\s+Net\s+Total/);
    const text = squash(pages.join(' '));
    for (let line = 1; line <= 200; line += 1) expect(text).toContain(`Line ${line}`);
    expect(text).toContain('Amount due €1,469.13');
  });

  it('marks a draft DRAFT on every page and shows no number', async () => {
    const lines = Array.from({ length: 60 }, (_, index) => pdfLine({ description: `Line ${index + 1}` }));
    const pages = await pdfPages(await renderPdf(pdfModel({ number: null, mark: 'draft', reference: 'Invoice DRAFT', lines })));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toMatch(/Invoice\s+DRAFT/);
    pages.forEach((page, index) => expect(page).toContain(`Invoice DRAFT · Page ${index + 1} of ${pages.length}`));
    expect(pages.join('')).not.toContain('INV-');
  });

  it('marks a void invoice VOID and keeps its number', async () => {
    const text = await pdfText(await renderPdf(pdfModel({ mark: 'void', reference: 'Invoice INV-000007 VOID' })));
    expect(text).toMatch(/INV-000007\s+.*\s+VOID/s);
    expect(text).toContain('Invoice INV-000007 VOID · Page 1 of 1');
  });

  it('cuts a word too long for its cell over several lines and draws control characters as spaces', async () => {
    const description = `${'Q'.repeat(120)}\tend\u0007`;
    const pages = await pdfPages(await renderPdf(pdfModel({ lines: [pdfLine({ description })] })));
    expect(pages).toHaveLength(1);
    const cellLines = (pages[0] ?? '').split('\n').filter((line) => line.includes('QQQ'));
    expect(cellLines.length).toBeGreaterThan(2);
    expect(cellLines.join('').match(/Q/g)).toHaveLength(120);
    expect(pages[0]).toMatch(/Q+ end/);
    expect(pages[0]).not.toContain('\u0007');
  });
});
