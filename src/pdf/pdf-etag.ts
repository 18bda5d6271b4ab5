/**
 * The ETag of a PDF: the model and the logo hold everything it shows, the renderer version how it
 * is drawn, and a Factur-X PDF's embedded CII what it carries besides.
 * Kept apart from render-pdf.ts, which only the worker threads load (pdfkit, fontkit and the fonts
 * are tens of MiB the main thread never needs).
 */
import { createHash } from 'node:crypto';
import type { PdfJob } from './pdf-job.js';

/** Bump it whenever the layout in render-pdf.ts changes, so the ETags of PDFs drawn before no longer match. */
const RENDERER_VERSION = '4';

export function pdfEtag({ model, facturX, logo }: PdfJob): string {
  const hash = createHash('sha256').update(RENDERER_VERSION).update(JSON.stringify(model));
  hash.update(logo === null ? 'no logo' : createHash('sha256').update(logo).digest('hex'));
  if (facturX !== null) hash.update(facturX);
  return `"${facturX === null ? 'pdf' : 'facturx'}.${hash.digest('base64url').slice(0, 27)}"`;
}
