/**
 * Payment reminders on the background engine: a periodic scan (every SCHEDULER_INTERVAL_MS, one
 * instance per period) queues the reminders due today (UTC) in one transaction
 * (src/services/payment-reminders.ts); the `email.send` kind (plugins/emails.ts) delivers them.
 * A server that cannot send email (production without SMTP_URL) queues none and says so once.
 */
import fp from 'fastify-plugin';
import type { Config } from '../base/config.js';
import { REMINDER_SCAN_KIND, queueDueReminders } from '../src/services/payment-reminders.js';

export default fp<{ config: Pick<Config, 'SCHEDULER_INTERVAL_MS'> }>(
  async (app, { config }) => {
    let warned = false;
    app.jobs.definePeriodic({
      kind: REMINDER_SCAN_KIND,
      everyMs: config.SCHEDULER_INTERVAL_MS,
      run: async () => {
        if (!app.mailConfigured) {
          if (!warned) app.log.warn('payment reminders are skipped: this server cannot send email (SMTP_URL is not set)');
          warned = true;
          return;
        }
        const queued = await app.unitOfWork.run((trx) => queueDueReminders(trx));
        if (queued > 0) app.log.info({ queued }, 'payment reminders queued');
      },
    });
  },
  { name: 'payment-reminders', dependencies: ['unit-of-work', 'jobs', 'emails'] },
);
