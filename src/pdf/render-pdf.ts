/**
 * Draws a PdfDocumentModel on A4 pages with pdfkit: title, number and facts; seller and buyer;
 * the lines table (its header repeated on every page, a row never split); the per-rate tax
 * summary; totals; then payment details, notes and other sections. DRAFT or VOID is printed
 * across every page, and every page has a footer naming the document and "Page n of m", all in
 * the model's language. Every label may wrap (German compounds are long): each block moves down
 * by the height its tallest cell took.
 * Synchronous CPU work: run it in the worker pool, not on the event loop.
 */
import PDFDocument from 'pdfkit';
import { type MessageKey, translate } from '../i18n/index.js';
import type { PdfDocumentModel, PdfLine } from './document-model.js';
import { attachFacturX, pdfA3bOptions } from './factur-x.js';
import { openImage } from './open-image.js';
import { drawLines, drawText, useFont, wrapText, type TextLine } from './text-layout.js';

type Doc = InstanceType<typeof PDFDocument>;

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const BOTTOM = PAGE.height - MARGIN - 24; // room for the footer
const BODY = { size: 8.5, lineHeight: 11 };
const SMALL = { size: 7.5, lineHeight: 10 };
const GREY = '#555555';
const RULE = '#bbbbbb';
const CELL_PADDING = 4;
const MARK_COLOR = '#cc0000';
const MARK_BADGE = { size: 13, lineHeight: 18, font: 'bold', color: MARK_COLOR } as const;
// The logo is scaled to fit this box, top left, above the title.
const LOGO_BOX = { width: 180, height: 60 };
// The totals sit on the right, under the amount columns.
const SUMMARY_WIDTH = 300;
const SUMMARY_X = MARGIN + CONTENT_WIDTH - SUMMARY_WIDTH;
// The tax summary takes the whole width: category names are long in every language.
const TAX_SUMMARY_WIDTHS = [CONTENT_WIDTH - 220, 120, 100];

interface Column {
  header: MessageKey;
  width: number;
  align: 'left' | 'right';
  value: (line: PdfLine, index: number) => string;
}

const columns: Column[] = [
  { header: 'lines.position', width: 22, align: 'left', value: (_line, index) => String(index + 1) },
  { header: 'lines.description', width: 139, align: 'left', value: (line) => (line.discount ? `${line.description}\n${line.discount}` : line.description) },
  { header: 'lines.quantity', width: 42, align: 'right', value: (line) => line.quantity },
  { header: 'lines.unit', width: 46, align: 'left', value: (line) => line.unit },
  { header: 'lines.unitPrice', width: 66, align: 'right', value: (line) => line.unitPrice },
  { header: 'lines.taxRate', width: 40, align: 'right', value: (line) => line.taxRate },
  { header: 'lines.net', width: 72, align: 'right', value: (line) => line.netAmount },
  { header: 'lines.total', width: 72, align: 'right', value: (line) => line.total },
];

const markKeys = { draft: 'document.draftMark', void: 'document.voidMark' } as const;

class Layout {
  y = MARGIN;

  constructor(
    readonly doc: Doc,
    readonly model: PdfDocumentModel,
    readonly logo: Uint8Array | null,
  ) {
    this.drawMark();
  }

  /** The model's text for a key of the catalogue. */
  t(key: MessageKey, args?: Record<string, string | number>): string {
    return translate(this.model.language, key, args);
  }

  get markText(): string | null {
    return this.model.mark && this.t(markKeys[this.model.mark]);
  }

  /** Starts a new page when `height` does not fit; returns whether it did. */
  ensureSpace(height: number): boolean {
    if (this.y + height <= BOTTOM) return false;
    this.doc.addPage();
    this.drawMark();
    this.y = MARGIN;
    this.y = drawText(this.doc, this.t('pdf.continued', { reference: this.model.reference }), MARGIN, this.y, { ...SMALL, width: CONTENT_WIDTH, color: GREY }) + 8;
    return true;
  }

  drawMark(): void {
    const mark = this.markText;
    if (!mark) return;
    const { doc } = this;
    doc.save();
    doc.rotate(-35, { origin: [PAGE.width / 2, PAGE.height / 2] });
    // An embedded font, as every text of a PDF/A must be.
    useFont(doc, 'bold', 120).fillColor(MARK_COLOR).fillOpacity(0.12);
    doc.text(mark, 0, PAGE.height / 2 - 60, { width: PAGE.width, align: 'center', lineBreak: false });
    doc.restore();
  }

  rule(y: number, width = CONTENT_WIDTH, x = MARGIN): void {
    this.doc.moveTo(x, y).lineTo(x + width, y).lineWidth(0.5).strokeColor(RULE).stroke();
  }

  /** The logo at (MARGIN, y) in LOGO_BOX, its proportions kept; returns the y below it. */
  drawLogo(logo: Uint8Array, y: number): number {
    const bytes = Buffer.from(logo.buffer, logo.byteOffset, logo.byteLength);
    const image = openImage(this.doc, bytes);
    const scale = Math.min(LOGO_BOX.width / image.width, LOGO_BOX.height / image.height);
    const height = image.height * scale;
    this.doc.image(bytes, MARGIN, y, { width: image.width * scale, height });
    return y + height;
  }

  header(): void {
    const { doc, model } = this;
    const titleTop = this.logo ? this.drawLogo(this.logo, this.y) + 10 : this.y;
    const titleBottom = drawText(doc, model.title, MARGIN, titleTop, { size: 20, lineHeight: 26, font: 'bold', width: 260 });
    let right = this.y;
    const rightX = MARGIN + 270;
    const rightWidth = CONTENT_WIDTH - 270;
    if (model.number) {
      right = drawText(doc, model.number, rightX, right + 4, { size: 13, lineHeight: 18, font: 'bold', width: rightWidth, align: 'right' });
    }
    const mark = this.markText;
    if (mark) {
      right = drawText(doc, mark, rightX, right + 2, { ...MARK_BADGE, width: rightWidth, align: 'right' });
    }
    for (const fact of model.facts) {
      const labelBottom = drawText(doc, fact.label, rightX, right, { ...BODY, width: 110, color: GREY });
      right = Math.max(labelBottom, drawText(doc, fact.value, rightX + 110, right, { ...BODY, width: rightWidth - 110, align: 'right' }));
    }
    this.y = Math.max(titleBottom, right) + 18;
  }

  parties(): void {
    const gap = 24;
    const width = (CONTENT_WIDTH - gap) / 2;
    const bottoms = [this.model.seller, this.model.buyer].map((party, index) => {
      const x = MARGIN + index * (width + gap);
      let y = drawText(this.doc, party.heading.toUpperCase(), x, this.y, { ...SMALL, width, color: GREY, font: 'bold' }) + 2;
      y = drawText(this.doc, party.name, x, y, { size: 10, lineHeight: 13, font: 'bold', width });
      return drawText(this.doc, party.details.join('\n'), x, y, { ...BODY, width });
    });
    this.y = Math.max(...bottoms) + 18;
  }

  tableHeader(): void {
    let x = MARGIN;
    let bottom = this.y;
    for (const column of columns) {
      const cellBottom = drawText(this.doc, this.t(column.header), x + CELL_PADDING, this.y, {
        ...SMALL,
        font: 'bold',
        width: column.width - 2 * CELL_PADDING,
        align: column.align,
        color: GREY,
      });
      bottom = Math.max(bottom, cellBottom);
      x += column.width;
    }
    this.y = bottom + 3;
    this.rule(this.y);
    this.y += 4;
  }

  lines(): void {
    drawText(this.doc, this.t('document.amountsIn', { currency: this.model.currency }), MARGIN, this.y, { ...SMALL, width: CONTENT_WIDTH, color: GREY });
    this.y += SMALL.lineHeight + 4;
    this.ensureSpace(SMALL.lineHeight * 5);
    this.tableHeader();
    this.model.lines.forEach((line, index) => {
      const cells = columns.map((column) => wrapText(this.doc, column.value(line, index), column.width - 2 * CELL_PADDING, BODY));
      const height = Math.max(...cells.map((cell) => cell.length)) * BODY.lineHeight + 4;
      if (this.ensureSpace(height)) this.tableHeader();
      this.row(cells);
      this.y += height;
      this.rule(this.y - 2);
    });
    this.y += 12;
  }

  row(cells: TextLine[][]): void {
    let x = MARGIN;
    cells.forEach((cell, index) => {
      const column = columns[index];
      if (!column) return;
      drawLines(this.doc, cell, x + CELL_PADDING, this.y, { ...BODY, width: column.width - 2 * CELL_PADDING, align: column.align });
      x += column.width;
    });
  }

  /** The per-rate tax summary under the lines. */
  taxSummary(): void {
    const { taxRows } = this.model;
    if (taxRows.length === 0) return;
    const x = MARGIN;
    const widths = TAX_SUMMARY_WIDTHS;
    const cells = (texts: string[], font: 'regular' | 'bold', color?: string) => {
      let left = x;
      let bottom = this.y;
      texts.forEach((text, index) => {
        const width = widths[index] ?? 0;
        const align = index === 0 ? 'left' : 'right';
        bottom = Math.max(bottom, drawText(this.doc, text, left, this.y, { ...BODY, font, width, align, color }));
        left += width;
      });
      this.y = bottom;
    };
    this.ensureSpace(BODY.lineHeight * 3);
    cells([this.t('tax.summary'), this.t('tax.taxableAmount'), this.t('tax.amount')], 'bold', GREY);
    this.rule(this.y + 1, CONTENT_WIDTH, x);
    this.y += 4;
    for (const row of taxRows) {
      // An exemption reason runs under its row across the whole summary.
      const note = row.note ? wrapText(this.doc, row.note, CONTENT_WIDTH, SMALL) : [];
      const label = wrapText(this.doc, row.label, widths[0] ?? 0, BODY);
      this.ensureSpace(label.length * BODY.lineHeight + note.length * SMALL.lineHeight);
      cells([row.label, row.taxableAmount, row.taxAmount], 'regular');
      this.y = drawLines(this.doc, note, x, this.y, { ...SMALL, width: CONTENT_WIDTH, color: GREY });
    }
    this.y += 10;
  }

  totals(): void {
    const labelWidth = 160;
    const amountWidth = SUMMARY_WIDTH - labelWidth;
    // Labels may take two lines; the block stays on one page.
    this.ensureSpace(this.model.totals.length * 31);
    for (const total of this.model.totals) {
      const font = total.emphasis ? 'bold' : 'regular';
      const size = total.emphasis ? 10 : BODY.size;
      if (total.emphasis) {
        this.y += 3;
        this.rule(this.y - 3, SUMMARY_WIDTH, SUMMARY_X);
      }
      const style = { size, lineHeight: 14, font } as const;
      const labelBottom = drawText(this.doc, total.label, SUMMARY_X, this.y, { ...style, width: labelWidth });
      const amountBottom = drawText(this.doc, total.amount, SUMMARY_X + labelWidth, this.y, { ...style, width: amountWidth, align: 'right' });
      this.y = Math.max(labelBottom, amountBottom);
    }
    this.y += 14;
  }

  /** Free-text blocks; a long one continues line by line on the next page. */
  sections(): void {
    for (const section of this.model.sections) {
      const lines = wrapText(this.doc, section.text, CONTENT_WIDTH, BODY);
      this.ensureSpace(SMALL.lineHeight + 4 + BODY.lineHeight * Math.min(lines.length, 3));
      this.y = drawText(this.doc, section.heading.toUpperCase(), MARGIN, this.y, { ...SMALL, font: 'bold', width: CONTENT_WIDTH, color: GREY }) + 2;
      for (const line of lines) {
        this.ensureSpace(BODY.lineHeight);
        this.y = drawLines(this.doc, [line], MARGIN, this.y, { ...BODY, width: CONTENT_WIDTH });
      }
      this.y += 12;
    }
  }

  footers(): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let index = 0; index < range.count; index += 1) {
      doc.switchToPage(range.start + index);
      const text = this.t('pdf.page', { reference: this.model.reference, page: index + 1, pages: range.count });
      drawText(doc, text, MARGIN, PAGE.height - MARGIN, { ...SMALL, width: CONTENT_WIDTH, align: 'right', color: GREY });
    }
  }
}

export interface RenderOptions {
  /** The CII to embed: the PDF is then a Factur-X PDF/A-3b (factur-x.ts). */
  facturX?: string | null;
  /** The seller's logo (PNG or JPEG) for the header. */
  logo?: Uint8Array | null;
}

/** The model as PDF bytes. */
export function renderPdf(model: PdfDocumentModel, { facturX = null, logo = null }: RenderOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0, // the layout places everything itself; pdfkit must never break pages on its own
    bufferPages: true,
    info: { Title: [model.title, model.number].filter(Boolean).join(' '), Producer: 'Invoice Generator Pro' },
    ...(facturX === null ? {} : pdfA3bOptions),
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const layout = new Layout(doc, model, logo);
  layout.header();
  layout.parties();
  layout.lines();
  layout.taxSummary();
  layout.totals();
  layout.sections();
  layout.footers();
  if (facturX !== null) attachFacturX(doc, facturX);
  doc.end();
  return finished;
}
