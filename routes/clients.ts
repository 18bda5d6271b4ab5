import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { requireAuthentication } from '../plugins/auth.js';
import { Client, ClientListQuery, ClientPage, CreateClientBody, UpdateClientBody } from '../schemas/clients.js';
import { IdParams, NoContent, jsonResponse, ref } from '../schemas/common.js';
import { problems } from '../schemas/problems.js';
import { representationEtag } from '../src/etag.js';
import { createClient, deleteClient, getClient, listClients, updateClient } from '../src/services/clients.js';
import { ConditionalHeaders, ifMatchHeaders, notModified, sendTagged, stale } from './etag-reply.js';
import { locationOf } from './location.js';

const tags = ['clients'];
const notFound = { not_found: 'No such client among yours' };
const sendClient = (reply: FastifyReply, client: Client) => reply.header('etag', representationEtag(client)).send(client);

/** The signed-in user's customers and vendors. */
const clientRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  app.post(
    '/',
    {
      schema: {
        operationId: 'createBillingClient',
        summary: 'Create a client',
        tags,
        body: ref(CreateClientBody),
        response: { 201: jsonResponse(ref(Client), 'The client created', ['Location', 'ETag']) },
      },
    },
    async (request, reply) =>
      app.unitOfWork.send(
        request,
        reply,
        (trx) => createClient(trx, request.user.id, request.body),
        (client) => ({
          statusCode: 201,
          headers: { location: locationOf('clients', client.id), etag: representationEtag(client) },
          body: client,
        }),
      ),
  );

  app.get(
    '/',
    {
      schema: {
        operationId: 'listBillingClients',
        summary: 'List your clients, newest first',
        tags,
        querystring: ClientListQuery,
        response: { 200: ref(ClientPage) },
      },
    },
    async (request) => listClients(app.db, request.user.id, request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        operationId: 'getBillingClient',
        summary: 'Get a client',
        tags,
        params: IdParams,
        headers: ConditionalHeaders,
        response: { 200: jsonResponse(ref(Client), 'The client', ['ETag']), 304: notModified, ...problems(notFound) },
      },
    },
    async (request, reply) => {
      const client = await getClient(app.db, request.user.id, request.params.id);
      return sendTagged(request, reply, representationEtag(client), client);
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        operationId: 'updateBillingClient',
        summary: 'Change some fields of a client',
        tags,
        params: IdParams,
        headers: ifMatchHeaders('GET /clients/{id}'),
        body: ref(UpdateClientBody),
        response: { 200: jsonResponse(ref(Client), 'The client as it now is', ['ETag']), ...problems({ ...notFound, ...stale }) },
      },
    },
    async (request, reply) =>
      sendClient(
        reply,
        await app.unitOfWork.run((trx) => updateClient(trx, request.user.id, request.params.id, request.body, request.headers['if-match'])),
      ),
  );

  app.delete(
    '/:id',
    {
      schema: {
        operationId: 'deleteBillingClient',
        summary: 'Delete a client that has no invoices',
        tags,
        params: IdParams,
        response: {
          204: NoContent,
          ...problems({ ...notFound, conflict: 'The client has invoices' }),
        },
      },
    },
    async (request, reply) => {
      await app.unitOfWork.run((trx) => deleteClient(trx, request.user.id, request.params.id));
      return reply.code(204).send(null);
    },
  );
};

export default clientRoutes;
