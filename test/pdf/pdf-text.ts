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
