/**
 * Email delivery on the background engine: the `email.send` kind sends one queued message through
 * the transport (SMTP, or `.eml` files without SMTP_URL outside production) and records the
 * attempt. An SMTP 5xx (for every recipient) fails the message at once; anything else (4xx,
 * refused or dropped connection, timeout) is retried with backoff from EMAIL_RETRY_BASE_MS for
 * more than 24 h. Decorates `assertMailConfigured`: production without SMTP_URL sends nothing
 * (422 email_not_configured). A password-reset message gets its token only here, as it is handed
 * to the transport, and is not sent once its reset is used or expired. Metrics:
 * `invoice_api_emails_total{kind,outcome}` (sent, retry, failed).
 */
import fp from 'fastify-plugin';
import client from 'prom-client';
import { type Config, mailDirectory } from '../base/config.js';
import { emailKinds } from '../base/vocabulary.js';
import { EMAIL_RETRY_POLICY } from '../src/domain/retry-schedule.js';
import { AppError } from '../src/errors.js';
import type { TaskResult } from '../src/jobs/engine.js';
import { createMailTransport, describeFailure, isPermanentFailure, messageIdDomain } from '../src/mail/transport.js';
import { withResetToken } from '../src/mail/password-reset-message.js';
import { EMAIL_SEND_KIND, outgoingEmail, recordEmailAttempt } from '../src/services/emails.js';
import { liveResetToken, resetTokens } from '../src/services/password-resets.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether messages can leave (SMTP_URL, or .eml files outside production). */
    mailConfigured: boolean;
    /** 422 email_not_configured when they cannot. */
    assertMailConfigured: () => void;
  }
}

type EmailConfig = Pick<
  Config,
  'NODE_ENV' | 'SMTP_URL' | 'MAIL_FROM' | 'MAIL_DIR' | 'DATA_DIR' | 'EMAIL_RETRY_BASE_MS' | 'JWT_ACCESS_SECRET'
>;

const outcomes = ['sent', 'retry', 'failed'] as const;

export default fp<{ config: EmailConfig }>(
  async (app, { config }) => {
    const total = new client.Counter({
      name: 'invoice_api_emails_total',
      help: 'Finished email attempts, by kind and outcome (sent, retry, failed)',
      labelNames: ['kind', 'outcome'],
      registers: [app.metricsRegistry],
    });
    for (const kind of emailKinds) for (const outcome of outcomes) total.inc({ kind, outcome }, 0);

    const configured = Boolean(config.SMTP_URL) || config.NODE_ENV !== 'production';
    const transport = createMailTransport({
      smtpUrl: config.SMTP_URL,
      from: config.MAIL_FROM,
      mailDir: mailDirectory(config),
      onFileWritten: (path) => app.log.info({ path }, 'email written as an .eml file (no SMTP_URL set)'),
    });
    const domain = messageIdDomain(config.MAIL_FROM);
    const resetTokenOf = resetTokens(config.JWT_ACCESS_SECRET);

    app.decorate('mailConfigured', configured);
    app.decorate('assertMailConfigured', () => {
      if (!configured) throw new AppError('email_not_configured', 'This server cannot send email: its SMTP_URL is not set');
    });

    app.jobs.define({
      kind: EMAIL_SEND_KIND,
      retryBaseMs: config.EMAIL_RETRY_BASE_MS,
      retryPolicy: EMAIL_RETRY_POLICY,
      async run(task): Promise<TaskResult> {
        const { emailId } = task.payload as { emailId: string };
        const stored = configured ? await outgoingEmail(app.db, emailId) : null;
        if (!stored) return { outcome: 'failed', error: configured ? 'no queued message' : 'email is not configured' };
        const resetToken = stored.kind === 'password_reset' ? await liveResetToken(app.db, emailId, resetTokenOf) : undefined;
        if (resetToken === null) return { outcome: 'failed', error: 'the password reset was used or expired before it was sent' };
        const message = resetToken === undefined ? stored : withResetToken(stored, resetToken);
        // Ours, the same on every attempt: a server that got a message twice can tell.
        const messageId = `${emailId}@${domain}`;
        let failure: { permanent: boolean; error: string } | undefined;
        try {
          await transport.send({ ...message, messageId });
        } catch (error) {
          failure = { permanent: isPermanentFailure(error), error: describeFailure(error) };
        }
        const record = async (trx: Parameters<typeof recordEmailAttempt>[0], outcome: 'done' | 'retry' | 'failed') => {
          await recordEmailAttempt(trx, emailId, { outcome, messageId, error: failure?.error });
          total.inc({ kind: message.kind, outcome: outcome === 'done' ? 'sent' : outcome });
        };
        if (!failure) return { outcome: 'done', record };
        if (failure.permanent) return { outcome: 'failed', error: failure.error, record };
        return { outcome: 'retry', error: failure.error, record };
      },
    });
    // After the engine stopped (preClose): no message is being sent any more.
    app.addHook('onClose', () => transport.close());
  },
  { name: 'emails', dependencies: ['db', 'unit-of-work', 'metrics', 'jobs'] },
);
