/**
 * Sends one signed webhook request with undici and says how it went. Connections are made only
 * to addresses the URL guard checked (its lookup is the socket's lookup), redirects are not
 * followed, the whole exchange is bounded by the timeout, and at most a few KiB of the
 * response body are read (then the connection is dropped). undici (≈ 4 MiB resident) is loaded
 * and its agent made at the first delivery: most processes never send one.
 */
import type * as UndiciModule from 'undici';
import type { Agent } from 'undici';
import { UnsafeUrlError, checkUrlShape, publicOnlyLookup } from './url-guard.js';

const RESPONSE_BODY_LIMIT = 16 * 1024;
const ERROR_TEXT_LIMIT = 500;

export interface DeliveryRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** `status` is the HTTP status when a response came back; `error` says why not, or why it failed. */
export interface DeliveryOutcome {
  status: number | null;
  error: string | null;
  durationMs: number;
  /** Delivered: a 2xx. */
  ok: boolean;
}

export interface DeliveryClient {
  send(delivery: DeliveryRequest, signal?: AbortSignal): Promise<DeliveryOutcome>;
  close(): Promise<void>;
}

export class DeliveryAbortedError extends Error {}

type Undici = typeof UndiciModule;

function describeError(error: unknown, { errors }: Undici): string {
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError) return 'timeout';
  if (error instanceof errors.ConnectTimeoutError) return 'timeout';
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'timeout';
  if (error instanceof UnsafeUrlError) return `refused: ${error.message}`;
  const cause = error instanceof Error && error.cause instanceof UnsafeUrlError ? error.cause : undefined;
  if (cause) return `refused: ${cause.message}`;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return (typeof code === 'string' ? `${code}: ${message}` : message).slice(0, ERROR_TEXT_LIMIT);
}

export function createDeliveryClient({ timeoutMs, allowPrivate }: { timeoutMs: number; allowPrivate: boolean }): DeliveryClient {
  let client: Promise<{ undici: Undici; agent: Agent }> | undefined;
  const connect = () =>
    (client ??= import('undici').then((undici) => ({
      undici,
      agent: new undici.Agent({
        connect: { timeout: timeoutMs, ...(allowPrivate ? {} : { lookup: publicOnlyLookup() }) },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        keepAliveTimeout: 4_000,
      }),
    })));

  return {
    async send({ url, body, headers }, signal) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const timeout = AbortSignal.timeout(timeoutMs);
      const { undici, agent } = await connect();
      try {
        // The host may have become a literal private address since it was saved (no DNS then).
        const target = checkUrlShape(url, allowPrivate);
        const response = await undici.request(target, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/json', 'user-agent': 'invoice-generator-pro-webhooks', ...headers },
          body,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        await response.body.dump({ limit: RESPONSE_BODY_LIMIT }).catch(() => {});
        const ok = response.statusCode >= 200 && response.statusCode < 300;
        return { status: response.statusCode, error: null, durationMs: elapsed(), ok };
      } catch (error) {
        if (signal?.aborted) throw new DeliveryAbortedError('delivery aborted');
        return { status: null, error: describeError(error, undici), durationMs: elapsed(), ok: false };
      }
    },
    close: async () => {
      if (client) await (await client).agent.close();
    },
  };
}

export type DeliveryResult = 'delivered' | 'http_error' | 'timeout' | 'network_error' | 'refused';

/** The metrics' name for how an attempt went. */
export function resultOf(outcome: DeliveryOutcome): DeliveryResult {
  if (outcome.ok) return 'delivered';
  if (outcome.status !== null) return 'http_error';
  if (outcome.error === 'timeout') return 'timeout';
  return outcome.error?.startsWith('refused') ? 'refused' : 'network_error';
}
