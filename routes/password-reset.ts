/**
 * `/api/v1/auth/password-reset` and `/confirm` (contract v1.2 "Email"): public, rate limited like
 * login, registered by routes/auth.ts with its limits so they share its per-IP count.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PasswordResetBody, PasswordResetConfirmBody } from '../schemas/auth.js';
import { ref } from '../schemas/common.js';
import { problems } from '../schemas/problems.js';
import { configuredLinkBase } from '../src/hosted-links.js';
import { normaliseBodyEmail } from '../src/normalise-email.js';
import { confirmPasswordReset, requestPasswordReset, resetTokens } from '../src/services/password-resets.js';
import type { PasswordHasher } from '../src/services/passwords.js';
import { type AuthLimits, ipAndEmail } from './auth-limits.js';

interface PasswordResetOptions {
  limits: AuthLimits;
  passwords: PasswordHasher;
}

const noEvents =
  'The message is never listed by GET /emails and sends no `email.sent` or `email.failed` webhook events: it ' +
  'carries a secret link and no business.';

const passwordResetRoutes: FastifyPluginAsyncTypebox<PasswordResetOptions> = async (app, { limits, passwords }) => {
  const { config, unitOfWork } = app;
  const tokenOf = resetTokens(config.JWT_ACCESS_SECRET);

  app.post(
    '/password-reset',
    {
      config: limits.perKey(ipAndEmail('password-reset')),
      onRequest: limits.limitPerIp,
      preValidation: normaliseBodyEmail,
      schema: {
        operationId: 'requestPasswordReset',
        summary: 'Email a link to choose a new password',
        description:
          'Answers 202 whether or not an account has this email, in about the same time. An account gets a ' +
          'message (in its business profile’s language, else English) with a link ' +
          '`<PUBLIC_URL>/reset-password?token=…` (never the request’s Host: without PUBLIC_URL, http://localhost:3000), good once within 30 ' +
          'minutes; an earlier link stays good until it is used or expires, and confirming any of them ends them all. ' +
          `${noEvents} Where the server cannot send email (production without SMTP_URL) nothing is sent and the answer is still 202.`,
        tags: ['auth'],
        body: ref(PasswordResetBody),
        response: {
          202: { description: 'Accepted: a message is on its way if an account has this email', type: 'null' },
          ...problems({}),
        },
      },
    },
    async (request, reply) => {
      if (!app.mailConfigured) {
        request.log.warn('password reset requested, but this server cannot send email: its SMTP_URL is not set');
        return reply.code(202).send();
      }
      const { email } = request.body;
      await unitOfWork.run((trx) => requestPasswordReset(trx, { email, origin: configuredLinkBase(), tokenOf }));
      return reply.code(202).send();
    },
  );

  app.post(
    '/password-reset/confirm',
    {
      config: limits.perKey((request) => `password-reset-confirm:${request.ip}`),
      onRequest: limits.limitPerIp,
      schema: {
        operationId: 'confirmPasswordReset',
        summary: 'Choose a new password with an emailed reset token',
        description:
          'Sets the new password (the same rules as registration), uses up the token and every other reset token ' +
          'of the account, and revokes every refresh token of the account, so every session must sign in again. ' +
          'A token unknown, already used or expired is a 400 naming `/token`, and nothing changes.',
        tags: ['auth'],
        body: ref(PasswordResetConfirmBody),
        response: {
          204: { description: 'The password is changed; sign in with it', type: 'null' },
          ...problems({
            validation_failed: 'The body is invalid, or the token is unknown, already used or expired (`errors` names `/token`)',
            service_unavailable: 'Too many password hashes at once (the hashing queue is full), or the database is unreachable; retry later',
          }),
        },
      },
    },
    async (request, reply) => {
      const passwordHash = await passwords.hash(request.body.password);
      await unitOfWork.run((trx) => confirmPasswordReset(trx, request.body.token, passwordHash));
      return reply.code(204).send();
    },
  );
};

export default passwordResetRoutes;
