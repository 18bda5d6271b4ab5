import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams, ref } from '../schemas/common.js';
import { Event, EventListQuery, EventPage } from '../schemas/events.js';
import { problems } from '../schemas/problems.js';
import { getEvent, listEvents } from '../src/services/events.js';

const tags = ['events'];

/** The signed-in user's event log (kept at least 30 days). */
const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  app.get(
    '/',
    {
      schema: {
        operationId: 'listEvents',
        summary: 'List your events, newest first',
        description: 'Events are kept at least 30 days. `type` takes comma-separated event types (an unknown one is a 400).',
        tags,
        querystring: EventListQuery,
        response: { 200: ref(EventPage) },
      },
    },
    async (request) => listEvents(app.db, request.user.id, request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        operationId: 'getEvent',
        summary: 'Get an event',
        tags,
        params: IdParams,
        response: { 200: ref(Event), ...problems({ not_found: 'No such event among yours' }) },
      },
    },
    async (request) => getEvent(app.db, request.user.id, request.params.id),
  );
};

export default eventRoutes;
