import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdfPool, PdfCapacityError } from '../../src/pdf/pdf-pool.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { expectRefusedOrRendered } from './capacity.js';
import { pdfModel } from './models.js';
import { pdfText } from './pdf-text.js';

describe('PDF worker pool', () => {
  it('renders in a worker thread and returns the bytes', async () => {
    const pool = createPdfPool({ workers: 1, queueMax: 4 });
    try {
      const pdf = await pool.render({ model: pdfModel({ seller: { heading: 'From', name: 'Ωμέγα Ltd', details: [] } }), facturX: null, logo: null });
      expect(Buffer.isBuffer(pdf)).toBe(true);
      expect(await pdfText(pdf)).toContain('Ωμέγα Ltd');
    } finally {
      await pool.close();
    }
  });

  it('refuses work at once when every worker is busy and the queue is full', async () => {
    const pool = createPdfPool({ workers: 1, queueMax: 1 });
    try {
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => pool.render({ model: pdfModel(), facturX: null, logo: null })));
      const refused = results.filter((result) => result.status === 'rejected');
      expect(refused.length).toBeGreaterThanOrEqual(3);
      for (const result of refused) expect(result.reason).toBeInstanceOf(PdfCapacityError);
      expect(results.some((result) => result.status === 'fulfilled')).toBe(true);
    } finally {
      await pool.close();
    }
  });
});

describe('renderPdf on the app', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp(
      { PDF_WORKERS: 1, PDF_QUEUE_MAX: 1 },
      {
        beforeReady: (app) =>
          void app.get('/api/v1/test/pdf', async (_request, reply) => reply.type('application/pdf').send(await app.renderPdf({ model: pdfModel(), facturX: null, logo: null }))),
      },
    );
  });

  afterAll(() => test.close());

  it('answers 503 service_unavailable with Retry-After when the queue is full', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => test.app.inject({ method: 'GET', url: '/api/v1/test/pdf' })));
    expectRefusedOrRendered(responses, 3);
  });
});
