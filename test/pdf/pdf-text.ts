/** pdftotext (poppler-utils) for asserting what a rendered PDF says. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function withFile<T>(pdf: Buffer, use: (path: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), 'pdf-test-'));
  try {
    const path = join(directory, 'document.pdf');
    await writeFile(path, pdf);
    return await use(path);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** The text of every page, in layout order; pages are separated by form feeds. */
export function pdfText(pdf: Buffer): Promise<string> {
  return withFile(pdf, async (path) => (await run('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'])).stdout);
}

/** Each page's text. */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  return (await pdfText(pdf)).split('\f').slice(0, -1);
}
