/** What the SDK flows share: a call's data, once its status is the one expected (generated clients answer alike). */
import { expect } from 'vitest';

export function expectData<T>(result: { data?: T; error?: unknown; response?: Response }, status: number): T {
  expect(result.error, `HTTP ${result.response?.status}`).toBeUndefined();
  expect(result.response?.status).toBe(status);
  if (result.data === undefined) throw new Error(`no data for HTTP ${status}`);
  return result.data;
}
