import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { ApiKey, ApiKeyPage, ApiKeyWithSecret, CreateApiKeyBody } from '../schemas/api-keys.js';
import { IdParams, NoContent, PageQuery, jsonResponse, ref } from '../schemas/common.js';
import { problems } from '../schemas/problems.js';
import { AppError } from '../src/errors.js';
import { createApiKey, deleteApiKey, getApiKey, listApiKeys } from '../src/services/api-keys.js';
import { locationOf } from './location.js';

const tags = ['api-keys'];
const keyNotFound = problems({ not_found: 'No such API key among yours' });

/** The signed-in user's API keys, managed only from a login session (never with an API key). */
const apiKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app, { sessionOnly: true });

  app.post(
    '/',
    {
      config: { idempotency: false },
      schema: {
        operationId: 'createApiKey',
        summary: 'Create an API key',
        description:
          'Answers with the `key`, shown only here: the server keeps a hash of it. Use it as `Authorization: Bearer ik_…`. ' +
          'Takes no Idempotency-Key (a replay could not show the key again): one is a 400.',
        tags,
        body: ref(CreateApiKeyBody),
        response: { 201: jsonResponse(ref(ApiKeyWithSecret), 'The key created, with its secret', ['Location', 'Cache-Control']) },
      },
    },
    async (request, reply) => {
      if (request.headers['idempotency-key'] !== undefined) {
        throw new AppError('validation_failed', 'POST /api-keys takes no Idempotency-Key: the key cannot be shown twice', [
          { path: '/headers/idempotency-key', message: 'is not accepted on this operation' },
        ]);
      }
      const apiKey = await app.unitOfWork.run((trx) => createApiKey(trx, request.user.id, request.body));
      return reply.code(201).header('location', locationOf('api-keys', apiKey.id)).header('cache-control', 'no-store').send(apiKey);
    },
  );

  app.get(
    '/',
    {
      schema: {
        operationId: 'listApiKeys',
        summary: 'List your API keys, newest first (never their secrets)',
        tags,
        querystring: PageQuery,
        response: { 200: ref(ApiKeyPage) },
      },
    },
    async (request) => listApiKeys(app.db, request.user.id, request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        operationId: 'getApiKey',
        summary: 'Get an API key (without its secret)',
        tags,
        params: IdParams,
        response: { 200: ref(ApiKey), ...keyNotFound },
      },
    },
    async (request) => getApiKey(app.db, request.user.id, request.params.id),
  );

  app.delete(
    '/:id',
    {
      schema: {
        operationId: 'deleteApiKey',
        summary: 'Delete an API key: it stops working at once, on every instance',
        tags,
        params: IdParams,
        response: { 204: NoContent, ...keyNotFound },
      },
    },
    async (request, reply) => {
      await app.unitOfWork.run((trx) => deleteApiKey(trx, request.user.id, request.params.id));
      return reply.code(204).send(null);
    },
  );
};

export default apiKeyRoutes;
