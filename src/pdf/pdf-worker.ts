/** Piscina worker: renders one model and hands the bytes back without copying them again. */
import { move } from 'piscina';
import type { PdfDocumentModel } from './document-model.js';
import { renderPdf } from './render-pdf.js';

export default async function renderInWorker(model: PdfDocumentModel): Promise<Uint8Array> {
  // A copy with its own ArrayBuffer: transferring a Buffer could take a shared pool with it.
  const pdf = new Uint8Array(await renderPdf(model));
  return move(pdf) as Uint8Array;
}
