/**
 * Recurring invoices on the background engine: the periodic scan (every SCHEDULER_INTERVAL_MS)
 * queues a `recurring.generate` task per schedule with a period due, and that task issues the
 * schedule's due periods in order, one transaction each, until none is due or shutdown asks it
 * to stop (then it goes back to the queue, uncounted).
 */
import fp from 'fastify-plugin';
import type { Config } from '../base/config.js';
import { RECURRING_GENERATION_KIND, generateNextPeriod, queueDueGenerations } from '../src/services/recurring-generation.js';

export default fp<{ config: Pick<Config, 'SCHEDULER_INTERVAL_MS'> }>(
  async (app, { config }) => {
    app.jobs.definePeriodic({
      kind: 'recurring.scan',
      everyMs: config.SCHEDULER_INTERVAL_MS,
      run: async () => {
        await app.unitOfWork.run((trx) => queueDueGenerations(trx));
      },
    });
    app.jobs.define({
      kind: RECURRING_GENERATION_KIND,
      retryBaseMs: 60_000,
      async run(task, signal) {
        const { scheduleId } = task.payload as { scheduleId: string };
        while (await app.unitOfWork.run((trx) => generateNextPeriod(trx, scheduleId))) {
          if (signal.aborted) return { outcome: 'again' };
        }
        return { outcome: 'done' };
      },
    });
  },
  { name: 'recurring-invoices', dependencies: ['unit-of-work', 'jobs'] },
);
