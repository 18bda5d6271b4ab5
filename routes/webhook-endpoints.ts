import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { IdParams, NoContent, PageQuery, jsonResponse, ref } from '../schemas/common.js';
import { problems } from '../schemas/problems.js';
import {
  CreateWebhookEndpointBody,
  UpdateWebhookEndpointBody,
  WebhookDeliveryAttemptPage,
  WebhookEndpoint,
  WebhookEndpointPage,
  WebhookEndpointWithSecret,
} from '../schemas/webhooks.js';
import { representationEtag } from '../src/etag.js';
import { listDeliveryAttempts } from '../src/services/webhook-deliveries.js';
import {
  assertWebhookUrlAllowed,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../src/services/webhook-endpoints.js';

import { ConditionalHeaders, ifMatchHeaders, notModified, sendTagged, stale } from './etag-reply.js';

const tags = ['webhooks'];
const endpointNotFound = problems({ not_found: 'No such webhook endpoint among yours' });

/** The signed-in user's webhook endpoints, their secrets and delivery logs. */
const webhookEndpointRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);
  const allowPrivate = app.config.WEBHOOK_ALLOW_PRIVATE_URLS;

  app.post(
    '/',
    {
      schema: {
        operationId: 'createWebhookEndpoint',
        summary: 'Register a webhook endpoint',
        description:
          'Answers with the signing `secret`, shown only here and on rotation. The URL must be https to a public ' +
          'address (a loopback, private, link-local or metadata address is a 400) unless the server allows private URLs.',
        tags,
        body: ref(CreateWebhookEndpointBody),
        response: {
          201: jsonResponse(ref(WebhookEndpointWithSecret), 'The endpoint created, with its secret', ['Location']),
        },
      },
    },
    async (request, reply) => {
      await assertWebhookUrlAllowed(request.body.url, allowPrivate);
      return app.unitOfWork.send(
        request,
        reply,
        (trx) => createWebhookEndpoint(trx, request.user.id, request.body),
        (endpoint) => ({ statusCode: 201, headers: { location: `${app.prefix}/${endpoint.id}` }, body: endpoint }),
      );
    },
  );

  app.get(
    '/',
    {
      schema: {
        operationId: 'listWebhookEndpoints',
        summary: 'List your webhook endpoints, newest first',
        tags,
        querystring: PageQuery,
        response: { 200: ref(WebhookEndpointPage) },
      },
    },
    async (request) => listWebhookEndpoints(app.db, request.user.id, request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        operationId: 'getWebhookEndpoint',
        summary: 'Get a webhook endpoint (without its secret)',
        tags,
        params: IdParams,
        headers: ConditionalHeaders,
        response: { 200: jsonResponse(ref(WebhookEndpoint), 'The endpoint', ['ETag']), 304: notModified, ...endpointNotFound },
      },
    },
    async (request, reply) => {
      const endpoint = await getWebhookEndpoint(app.db, request.user.id, request.params.id);
      return sendTagged(request, reply, representationEtag(endpoint), endpoint);
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        operationId: 'updateWebhookEndpoint',
        summary: 'Change a webhook endpoint’s URL, events, description or enabled flag',
        tags,
        params: IdParams,
        headers: ifMatchHeaders('GET /webhook-endpoints/{id}'),
        body: ref(UpdateWebhookEndpointBody),
        response: {
          200: jsonResponse(ref(WebhookEndpoint), 'The endpoint as it now is', ['ETag']),
          ...problems({ not_found: 'No such webhook endpoint among yours', ...stale }),
        },
      },
    },
    async (request, reply) => {
      await assertWebhookUrlAllowed(request.body.url, allowPrivate);
      const endpoint = await app.unitOfWork.run((trx) =>
        updateWebhookEndpoint(trx, request.user.id, request.params.id, request.body, request.headers['if-match']),
      );
      return reply.header('etag', representationEtag(endpoint)).send(endpoint);
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        operationId: 'deleteWebhookEndpoint',
        summary: 'Delete a webhook endpoint and its delivery log',
        tags,
        params: IdParams,
        response: { 204: NoContent, ...endpointNotFound },
      },
    },
    async (request, reply) => {
      await app.unitOfWork.run((trx) => deleteWebhookEndpoint(trx, request.user.id, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/:id/rotate-secret',
    {
      schema: {
        operationId: 'rotateWebhookSecret',
        summary: 'Replace the signing secret (the old one keeps signing beside it for 24 h)',
        tags,
        params: IdParams,
        response: { 200: jsonResponse(ref(WebhookEndpointWithSecret), 'The endpoint with its new secret', []), ...endpointNotFound },
      },
    },
    async (request, reply) =>
      app.unitOfWork.send(
        request,
        reply,
        (trx) => rotateWebhookSecret(trx, request.user.id, request.params.id),
        (endpoint) => ({ statusCode: 200, headers: {}, body: endpoint }),
      ),
  );

  app.get(
    '/:id/deliveries',
    {
      schema: {
        operationId: 'listWebhookDeliveries',
        summary: 'List the finished delivery attempts to an endpoint, newest first',
        tags,
        params: IdParams,
        querystring: PageQuery,
        response: { 200: ref(WebhookDeliveryAttemptPage), ...endpointNotFound },
      },
    },
    async (request) => listDeliveryAttempts(app.db, request.user.id, request.params.id, request.query),
  );
};

export default webhookEndpointRoutes;
