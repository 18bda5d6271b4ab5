/**
 * The worker pool that renders PDFs off the event loop. Capacity is bounded: `workers` render at
 * once and at most `queueMax` more wait; past that `render` throws PdfCapacityError at once
 * instead of piling up work nobody may still be waiting for. The pool (and piscina) is made by the
 * first PDF or logo, not at start.
 */
import type { Piscina } from 'piscina';
import type { LogoInspection } from './logo-image.js';
import type { PdfJob } from './pdf-job.js';

export class PdfCapacityError extends Error {
  constructor() {
    super('Every PDF worker is busy and the queue is full');
    this.name = 'PdfCapacityError';
  }
}

export interface PdfPoolOptions {
  workers: number;
  queueMax: number;
}

export interface PdfPool {
  render(job: PdfJob): Promise<Buffer>;
  /** Decodes a logo upload (logo-image.ts) in a worker. */
  inspectLogo(image: Uint8Array): Promise<LogoInspection>;
  /** Whether a render now would be refused: lets a caller refuse before doing the work a PDF needs. */
  isFull(): boolean;
  close(): Promise<void>;
}

const QUEUE_FULL = new Set(['Task queue is at limit', 'No task queue available and all Workers are busy']);
// Workers stay a while after the last PDF so a burst does not pay for thread start and font
// parsing again, but an idle server holds no threads.
const IDLE_TIMEOUT_MS = 60_000;

/**
 * Under tsx or vitest the sources are TypeScript, and a worker thread does not inherit vitest's
 * loader: load the worker through tsx there. Compiled (dist/), the worker is plain JavaScript.
 */
function workerSource(): { filename: string; execArgv: string[] } {
  const typescript = import.meta.url.endsWith('.ts');
  const filename = new URL(`./pdf-worker.${typescript ? 'ts' : 'js'}`, import.meta.url).href;
  const hasTsx = process.execArgv.some((argument) => argument.includes('tsx'));
  const execArgv = typescript && !hasTsx ? [...process.execArgv, '--import', import.meta.resolve('tsx')] : process.execArgv;
  return { filename, execArgv };
}

export function createPdfPool({ workers, queueMax }: PdfPoolOptions): PdfPool {
  let made: Piscina<PdfJob | Uint8Array, Uint8Array | LogoInspection> | undefined;
  let making: Promise<NonNullable<typeof made>> | undefined;
  const pool = () =>
    (making ??= import('piscina').then(
      ({ Piscina }) =>
        (made = new Piscina<PdfJob | Uint8Array, Uint8Array | LogoInspection>({
          ...workerSource(),
          minThreads: 0,
          maxThreads: workers,
          maxQueue: queueMax,
          idleTimeout: IDLE_TIMEOUT_MS,
        })),
    ));
  const run = async (task: PdfJob | Uint8Array, name?: string) => {
    try {
      return await (await pool()).run(task, name ? { name } : {});
    } catch (error) {
      if (error instanceof Error && QUEUE_FULL.has(error.message)) throw new PdfCapacityError();
      throw error;
    }
  };
  return {
    async render(job) {
      const pdf = (await run(job)) as Uint8Array;
      return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    },
    inspectLogo: async (image) => (await run(image, 'inspectLogo')) as LogoInspection,
    isFull: () => (made?.queueSize ?? 0) >= queueMax,
    close: async () => {
      await (await making)?.destroy();
    },
  };
}
