import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams, ref } from '../schemas/common.js';
import { EmailListQuery, EmailMessage, EmailPage } from '../schemas/emails.js';
import { problems } from '../schemas/problems.js';
import { getEmail, listEmails } from '../src/services/emails.js';

const tags = ['emails'];

/** The messages sent (or to be sent) on the signed-in user's behalf; password resets are never listed. */
const emailRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  app.get(
    '/',
    {
      schema: {
        operationId: 'listEmails',
        summary: 'List your email messages, newest first',
        description: 'Invoice, credit-note and reminder messages with their delivery status. Filters combine.',
        tags,
        querystring: EmailListQuery,
        response: { 200: ref(EmailPage) },
      },
    },
    async (request) => listEmails(app.db, request.user.id, request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        operationId: 'getEmail',
        summary: 'Get an email message and its delivery status',
        tags,
        params: IdParams,
        response: { 200: ref(EmailMessage), ...problems({ not_found: 'No such message among yours' }) },
      },
    },
    async (request) => getEmail(app.db, request.user.id, request.params.id),
  );
};

export default emailRoutes;
