import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { Client, ClientListQuery, ClientPage, CreateClientBody, UpdateClientBody } from '../schemas/clients.js';
import { IdParams, NoContent, jsonResponse, problemResponse, ref } from '../schemas/common.js';
import { createClient, deleteClient, getClient, listClients, updateClient } from '../src/services/clients.js';

const tags = ['clients'];
const clientNotFound = problemResponse('No such client among yours');

/** The signed-in user's customers and vendors. */
const clientRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  app.post(
    '/',
    {
      schema: {
        operationId: 'createClient',
        summary: 'Create a client',
        tags,
        body: ref(CreateClientBody),
        response: {
          201: jsonResponse(ref(Client), 'The client created', {
            Location: { type: 'string', description: 'URL of the new client' },
          }),
        },
      },
    },
    async (request, reply) => {
      const client = await app.unitOfWork.run((trx) => createClient(trx, request.user.id, request.body));
      return reply.code(201).header('location', `${app.prefix}/${client.id}`).send(client);
    },
  );

  app.get(
    '/',
    {
      schema: {
        operationId: 'listClients',
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
        operationId: 'getClient',
        summary: 'Get a client',
        tags,
        params: IdParams,
        response: { 200: ref(Client), 404: clientNotFound },
      },
    },
    async (request) => getClient(app.db, request.user.id, request.params.id),
  );

  app.patch(
    '/:id',
    {
      schema: {
        operationId: 'updateClient',
        summary: 'Change some fields of a client',
        tags,
        params: IdParams,
        body: ref(UpdateClientBody),
        response: { 200: ref(Client), 404: clientNotFound },
      },
    },
    async (request) =>
      app.unitOfWork.run((trx) => updateClient(trx, request.user.id, request.params.id, request.body)),
  );

  app.delete(
    '/:id',
    {
      schema: {
        operationId: 'deleteClient',
        summary: 'Delete a client that has no invoices',
        tags,
        params: IdParams,
        response: {
          204: NoContent,
          404: clientNotFound,
          409: problemResponse('The client has invoices (code conflict)'),
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
