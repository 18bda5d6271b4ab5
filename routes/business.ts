import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireAuthentication } from '../plugins/auth.js';
import { BusinessProfile, PatchBusinessProfileBody, PutBusinessProfileBody } from '../schemas/business.js';
import { jsonResponse, ref } from '../schemas/common.js';
import { problems } from '../schemas/problems.js';
import { ConditionalHeaders, ifMatchHeaders, notModified, sendTagged, stale } from './etag-reply.js';
import {
  businessProfileEtag,
  getBusinessProfile,
  patchBusinessProfile,
  putBusinessProfile,
  toBusinessProfile,
} from '../src/services/business-profile.js';

const tags = ['business'];
const profileNow = jsonResponse(ref(BusinessProfile), 'The profile as it now is', ['ETag']);
const noProfile = { not_found: 'No business profile has been set yet (PUT one first)' };
const ifMatch = ifMatchHeaders('GET /business');

/** The signed-in user's business profile: the seller their invoices name. */
const businessRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);

  app.get(
    '/',
    {
      schema: {
        operationId: 'getBusinessProfile',
        summary: 'Get your business profile',
        tags,
        headers: ConditionalHeaders,
        response: { 200: jsonResponse(ref(BusinessProfile), 'The profile', ['ETag']), 304: notModified, ...problems(noProfile) },
      },
    },
    async (request, reply) => {
      const row = await getBusinessProfile(app.db, request.user.id);
      return sendTagged(request, reply, businessProfileEtag(row), toBusinessProfile(row));
    },
  );

  app.put(
    '/',
    {
      schema: {
        operationId: 'putBusinessProfile',
        summary: 'Set your business profile (creates it, or replaces it whole)',
        tags,
        headers: ifMatch,
        body: ref(PutBusinessProfileBody),
        response: { 200: profileNow, ...problems(stale) },
      },
    },
    async (request, reply) => {
      const row = await app.unitOfWork.run((trx) =>
        putBusinessProfile(trx, request.user.id, request.body, request.headers['if-match']),
      );
      return reply.header('etag', businessProfileEtag(row)).send(toBusinessProfile(row));
    },
  );

  app.patch(
    '/',
    {
      schema: {
        operationId: 'updateBusinessProfile',
        summary: 'Change some fields of your business profile',
        tags,
        headers: ifMatch,
        body: ref(PatchBusinessProfileBody),
        response: { 200: profileNow, ...problems({ ...noProfile, ...stale }) },
      },
    },
    async (request, reply) => {
      const row = await app.unitOfWork.run((trx) =>
        patchBusinessProfile(trx, request.user.id, request.body, request.headers['if-match']),
      );
      return reply.header('etag', businessProfileEtag(row)).send(toBusinessProfile(row));
    },
  );
};

export default businessRoutes;
