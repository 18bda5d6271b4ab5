import type { PdfDocumentModel, PdfLine } from '../../src/pdf/document-model.js';

export function pdfLine(overrides: Partial<PdfLine> = {}): PdfLine {
  return {
    description: 'Consulting',
    quantity: '2',
    unit: 'h',
    unitPrice: '617.28',
    taxRate: '19',
    netAmount: '1,234.56',
    total: '1,469.13',
    ...overrides,
  };
}

/** A complete invoice model; override what a test is about. */
export function pdfModel(overrides: Partial<PdfDocumentModel> = {}): PdfDocumentModel {
  return {
    language: 'en',
    title: 'Invoice',
    number: 'INV-000007',
    mark: null,
    reference: 'Invoice INV-000007',
    currency: 'EUR',
    facts: [
      { label: 'Issue date', value: '2026-12-01' },
      { label: 'Due date', value: '2026-12-31' },
    ],
    seller: { heading: 'From', name: 'Acme GmbH', details: ['Hauptstraße 1', '10115 Berlin', 'Germany', 'VAT DE123456789'] },
    buyer: { heading: 'Bill to', name: 'Globex Ltd', details: ['1 High Street', 'London', 'United Kingdom'] },
    lines: [pdfLine()],
    taxRows: [{ label: 'Standard rate (S) 19 %', taxableAmount: '1,234.56', taxAmount: '234.57', note: null }],
    totals: [
      { label: 'Subtotal', amount: '€1,234.56', emphasis: false },
      { label: 'VAT', amount: '€234.57', emphasis: false },
      { label: 'Total', amount: '€1,469.13', emphasis: true },
      { label: 'Paid', amount: '€0.00', emphasis: false },
      { label: 'Amount due', amount: '€1,469.13', emphasis: true },
    ],
    sections: [{ heading: 'Payment details', text: 'IBAN DE89 3704 0044 0532 0130 00\nBIC COBADEFFXXX' }],
    ...overrides,
  };
}
