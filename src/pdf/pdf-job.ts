/**
 * What a worker renders: the model, the seller's logo, and for a Factur-X document the CII it
 * embeds (the PDF is then a PDF/A-3b). Plain data, so it crosses to a worker thread as it is.
 */
import type { PdfDocumentModel } from './document-model.js';

export interface PdfJob {
  model: PdfDocumentModel;
  /** The EN 16931 CII XML to embed as factur-x.xml, or null for a plain PDF. */
  facturX: string | null;
  /** The seller's logo (PNG or JPEG, checked when uploaded) for the header, or null. */
  logo: Uint8Array | null;
}
