import fp from 'fastify-plugin';
import type { Config } from '../base/config.js';
import { AppError } from '../src/errors.js';
import type { LogoInspection } from '../src/pdf/logo-image.js';
import type { PdfJob } from '../src/pdf/pdf-job.js';
import { createPdfPool, PdfCapacityError } from '../src/pdf/pdf-pool.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Renders a PDF in the worker pool; a full queue is a 503 service_unavailable (with Retry-After). */
    renderPdf: (job: PdfJob) => Promise<Buffer>;
    /**
     * Throws that 503 now when the queue is full, so a route refuses before loading what the PDF
     * needs: under a burst, refusals then cost the event loop next to nothing.
     */
    assertPdfCapacity: () => void;
    /** Decodes a logo upload in the worker pool (the same 503 when it is full). */
    inspectLogo: (image: Uint8Array) => Promise<LogoInspection>;
  }
}

const atCapacity = () => new AppError('service_unavailable', 'Too many documents are being rendered; retry later');

/** Decorates `renderPdf` backed by the PDF worker pool, and ends the workers with the app. */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const pool = createPdfPool({ workers: config.PDF_WORKERS, queueMax: config.PDF_QUEUE_MAX });
    app.decorate('renderPdf', async (job: PdfJob) => {
      try {
        return await pool.render(job);
      } catch (error) {
        if (error instanceof PdfCapacityError) throw atCapacity();
        throw error;
      }
    });
    app.decorate('inspectLogo', async (image: Uint8Array) => {
      try {
        return await pool.inspectLogo(image);
      } catch (error) {
        if (error instanceof PdfCapacityError) throw atCapacity();
        throw error;
      }
    });
    app.decorate('assertPdfCapacity', () => {
      if (pool.isFull()) throw atCapacity();
    });
    app.addHook('onClose', () => pool.close());
  },
  { name: 'pdf', dependencies: ['errors'] },
);
