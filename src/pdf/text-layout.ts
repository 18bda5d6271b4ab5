/**
 * Text in table cells and blocks: split into runs by the font that has each character (see
 * fonts.ts), wrapped to a width at spaces (and between CJK characters, or anywhere inside a word
 * too long for the line), then drawn run by run. pdfkit wraps only single-font text, hence this.
 * No bidi reordering: an RTL run is shaped and ordered right to left within itself.
 */
import type PDFDocument from 'pdfkit';
import { fontForCodePoint, fontkitFont, type FontName, type PrimaryFont } from './fonts.js';

type Doc = InstanceType<typeof PDFDocument>;

export interface Run {
  font: FontName;
  text: string;
}

export interface TextLine {
  runs: Run[];
  width: number;
}

export interface TextStyle {
  size: number;
  font?: PrimaryFont;
}

const REPLACEMENT = '\uFFFD';
// Marks, joiners and variation selectors belong to the character before them.
const CLINGS_TO_PREVIOUS = /^(?:\p{M}|\u200C|\u200D|[\uFE00-\uFE0F])$/u;
const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/gu;
// Break opportunities: spaces, and around each CJK ideograph or kana (no spaces in those scripts).
// No-break spaces (Intl puts them inside `1 234,56 €` and between amount and symbol) are part of the word.
const BREAKING_SPACE = /^[^\S\u00A0\u2007\u202F]/u;
const TOKEN =
  /[^\S\u00A0\u2007\u202F]+|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|(?:[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\u00A0\u2007\u202F])+/gu;

const registered = new WeakMap<Doc, Set<FontName>>();

/** Makes `font` (registered once per document) at `size` the current font of `doc`. */
export function useFont(doc: Doc, font: FontName, size: number): Doc {
  let fonts = registered.get(doc);
  if (!fonts) registered.set(doc, (fonts = new Set()));
  if (!fonts.has(font)) {
    // pdfkit 0.20 takes a parsed fontkit Font (PDFFontFactory.open); its typings list only bytes.
    doc.registerFont(font, fontkitFont(font) as unknown as Uint8Array);
    fonts.add(font);
  }
  return doc.font(font).fontSize(size);
}

/** Consecutive characters drawn with the same font. */
export function toRuns(text: string, primary: PrimaryFont = 'regular'): Run[] {
  const runs: Run[] = [];
  for (const character of text) {
    const last = runs.at(-1);
    if (last && CLINGS_TO_PREVIOUS.test(character)) {
      last.text += character;
      continue;
    }
    const font = fontForCodePoint(character.codePointAt(0) ?? 0, primary);
    const [drawn, drawnWith] = font ? [character, font] : [REPLACEMENT, primary];
    if (last?.font === drawnWith) last.text += drawn;
    else runs.push({ font: drawnWith, text: drawn });
  }
  return runs;
}

function widthOf(doc: Doc, runs: readonly Run[], size: number): number {
  return runs.reduce((sum, run) => sum + useFont(doc, run.font, size).widthOfString(run.text), 0);
}

/** A token wider than the line, cut between characters into pieces that fit. */
function splitToFit(doc: Doc, token: string, width: number, style: Required<TextStyle>): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const character of token) {
    const candidate = piece + character;
    if (piece && widthOf(doc, toRuns(candidate, style.font), style.size) > width) {
      pieces.push(piece);
      piece = character;
    } else {
      piece = candidate;
    }
  }
  if (piece) pieces.push(piece);
  return pieces;
}

function wrapParagraph(doc: Doc, paragraph: string, width: number, style: Required<TextStyle>): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of paragraph.match(TOKEN) ?? []) {
    const isSpace = BREAKING_SPACE.test(token);
    if (isSpace && !line) continue;
    const candidate = line + token;
    if (widthOf(doc, toRuns(candidate.trimEnd(), style.font), style.size) <= width) {
      line = candidate;
      continue;
    }
    if (line.trim()) lines.push(line.trimEnd());
    line = '';
    if (isSpace) continue;
    const pieces = splitToFit(doc, token, width, style);
    lines.push(...pieces.slice(0, -1));
    line = pieces.at(-1) ?? '';
  }
  if (line.trim() || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

/** The text broken into lines no wider than `width`; line breaks in the text are kept. */
export function wrapText(doc: Doc, text: string, width: number, style: TextStyle): TextLine[] {
  const full = { size: style.size, font: style.font ?? 'regular' };
  return text
    .split(/\r\n|\r|\n/)
    .flatMap((paragraph) => wrapParagraph(doc, paragraph.replace(CONTROL, ' '), width, full))
    .map((line) => {
      const runs = toRuns(line, full.font);
      return { runs, width: widthOf(doc, runs, full.size) };
    });
}

export interface DrawOptions extends TextStyle {
  width: number;
  align?: 'left' | 'right';
  lineHeight: number;
  color?: string;
}

/** Draws wrapped lines from (x, y) down; returns the y below the last line. */
export function drawLines(doc: Doc, lines: readonly TextLine[], x: number, y: number, options: DrawOptions): number {
  doc.fillColor(options.color ?? '#000000');
  let top = y;
  for (const line of lines) {
    let left = options.align === 'right' ? x + options.width - line.width : x;
    for (const run of line.runs) {
      useFont(doc, run.font, options.size).text(run.text, left, top, { lineBreak: false });
      left += doc.widthOfString(run.text);
    }
    top += options.lineHeight;
  }
  return top;
}

/** Wraps and draws in one step; returns the y below the text. */
export function drawText(doc: Doc, text: string, x: number, y: number, options: DrawOptions): number {
  return drawLines(doc, wrapText(doc, text, options.width, options), x, y, options);
}
