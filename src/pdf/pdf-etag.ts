/**
 * The ETag of a PDF: the model holds everything it shows, the renderer version how it is drawn.
 * Kept apart from render-pdf.ts, which only the worker threads load (pdfkit, fontkit and the fonts
 * are tens of MiB the main thread never needs).
 */
import { createHash } from 'node:crypto';
import type { PdfDocumentModel } from './document-model.js';

/** Bump it whenever the layout in render-pdf.ts changes, so the ETags of PDFs drawn before no longer match. */
const RENDERER_VERSION = '2';

export const pdfEtag = (model: PdfDocumentModel): string =>
  `"pdf.${createHash('sha256').update(RENDERER_VERSION).update(JSON.stringify(model)).digest('base64url').slice(0, 27)}"`;
