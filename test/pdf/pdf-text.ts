/** poppler-utils for asserting what a rendered PDF says and holds: text, metadata, fonts, attachments. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function withFile<T>(pdf: Buffer, use: (path: string, directory: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), 'pdf-test-'));
  try {
    const path = join(directory, 'document.pdf');
    await writeFile(path, pdf);
    return await use(path, directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

const output = (pdf: Buffer, tool: string, args: string[]) =>
  withFile(pdf, async (path) => (await run(tool, [...args, path], { maxBuffer: 16 * 1024 * 1024 })).stdout);

/** The text of every page, in layout order; pages are separated by form feeds. */
export function pdfText(pdf: Buffer): Promise<string> {
  return withFile(pdf, async (path) => (await run('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'])).stdout);
}

/** Each page's text. */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  return (await pdfText(pdf)).split('\f').slice(0, -1);
}

/** `pdfinfo`: the document information as "Key: value" lines. */
export const pdfInfo = (pdf: Buffer) => output(pdf, 'pdfinfo', []);

/** `pdfinfo -meta`: the XMP metadata stream. */
export const pdfMetadata = (pdf: Buffer) => output(pdf, 'pdfinfo', ['-meta']);

/** `pdffonts`: one row per font with its type, encoding and whether it is embedded (emb), subset (sub) and has a ToUnicode map (uni). */
export async function pdfFonts(pdf: Buffer): Promise<{ name: string; embedded: boolean }[]> {
  const rows = (await output(pdf, 'pdffonts', [])).split('\n').slice(2).filter((row) => row.trim() !== '');
  // Columns: name type encoding emb sub uni object ID; the name and type may hold spaces, the last five never.
  return rows.map((row) => {
    const fields = row.trim().split(/\s+/);
    return { name: fields[0] ?? '', embedded: fields.at(-5) === 'yes' };
  });
}

/** `pdfdetach -list`: the names of the embedded files. */
export async function pdfAttachmentNames(pdf: Buffer): Promise<string[]> {
  const lines = (await output(pdf, 'pdfdetach', ['-list'])).split('\n').slice(1);
  return lines.filter((line) => line.trim() !== '').map((line) => line.replace(/^\s*\d+:\s*/, ''));
}

/** `pdfdetach -savefile`: the bytes of the embedded file `name`. */
export function pdfAttachment(pdf: Buffer, name: string): Promise<Buffer> {
  return withFile(pdf, async (path, directory) => {
    const saved = join(directory, 'attachment');
    await run('pdfdetach', ['-savefile', name, '-o', saved, path]);
    return readFile(saved);
  });
}

export interface WordBox {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** `pdftotext -bbox`: every word with its box on its page (points, origin top left). */
export async function pdfWordBoxes(pdf: Buffer): Promise<WordBox[]> {
  const html = await withFile(pdf, async (path) => (await run('pdftotext', ['-bbox', '-enc', 'UTF-8', path, '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout);
  const boxes: WordBox[] = [];
  let page = 0;
  for (const match of html.matchAll(/<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (match[0] === '<page ') {
      page += 1;
      continue;
    }
    const [xMin, yMin, xMax, yMax] = match.slice(1, 5).map(Number) as [number, number, number, number];
    boxes.push({ page, text: match[5] ?? '', xMin, yMin, xMax, yMax });
  }
  return boxes;
}

/**
 * Pairs of words whose boxes overlap by more than `tolerance` points both ways: text drawn over
 * text. `ignore` leaves out words (a watermark is meant to lie under the text).
 */
export async function overlappingWords(pdf: Buffer, ignore: (word: WordBox) => boolean = () => false, tolerance = 0.5): Promise<string[]> {
  const words = (await pdfWordBoxes(pdf)).filter((word) => !ignore(word));
  const overlaps: string[] = [];
  words.forEach((a, index) => {
    for (const b of words.slice(index + 1)) {
      if (a.page !== b.page) continue;
      const width = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const height = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      if (width > tolerance && height > tolerance) overlaps.push(`page ${a.page}: "${a.text}" and "${b.text}"`);
    }
  });
  return overlaps;
}

/** `pdfimages -list`: the images drawn (soft masks, a PNG's alpha, left out), by size and encoding. */
export async function pdfImages(pdf: Buffer): Promise<{ page: number; type: string; width: number; height: number; encoding: string }[]> {
  const rows = (await output(pdf, 'pdfimages', ['-list'])).split('\n').slice(2).filter((row) => row.trim() !== '');
  // Columns: page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
  return rows
    .map((row) => row.trim().split(/\s+/))
    .filter((fields) => fields[2] === 'image')
    .map((fields) => ({ page: Number(fields[0]), type: fields[2] ?? '', width: Number(fields[3]), height: Number(fields[4]), encoding: fields[8] ?? '' }));
}
