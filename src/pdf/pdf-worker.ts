/** Piscina worker: renders one job and hands the bytes back without copying them again; also checks logo uploads. */
import { move } from 'piscina';
import type { PdfJob } from './pdf-job.js';
import { renderPdf } from './render-pdf.js';

export { inspectLogo } from './logo-image.js';

export default async function renderInWorker({ model, facturX, logo }: PdfJob): Promise<Uint8Array> {
  // A copy with its own ArrayBuffer: transferring a Buffer could take a shared pool with it.
  const pdf = new Uint8Array(await renderPdf(model, { facturX, logo }));
  return move(pdf) as Uint8Array;
}
