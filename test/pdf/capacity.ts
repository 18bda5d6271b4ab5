/** What a burst of PDF requests against a full queue must answer. */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/**
 * Every response is a PDF or a 503 service_unavailable problem with Retry-After, and there are at
 * least `minRefused` of the latter and one of the former.
 */
export function expectRefusedOrRendered(responses: LightMyRequestResponse[], minRefused: number) {
  const refused = responses.filter((response) => response.statusCode === 503);
  const rendered = responses.filter((response) => response.statusCode === 200);
  expect(refused.length + rendered.length).toBe(responses.length);
  expect(refused.length).toBeGreaterThanOrEqual(minRefused);
  expect(rendered.length).toBeGreaterThanOrEqual(1);
  for (const response of refused) {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
  }
  for (const response of rendered) expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
}
