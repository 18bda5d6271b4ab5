import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { MAX_LOGO_BYTES, MAX_LOGO_PIXELS, logoMediaTypes } from '../base/vocabulary.js';
import { requireAuthentication } from '../plugins/auth.js';
import { responseHeaders } from '../schemas/headers.js';
import { problems } from '../schemas/problems.js';
import { AppError } from '../src/errors.js';
import { deleteLogo, getProfileLogo, logoEtag, putLogo } from '../src/services/business-logo.js';
import { ifNoneMatchHits } from '../src/services/preconditions.js';
import { ConditionalHeaders } from './document-reply.js';

const tags = ['business'];
const image = Type.String({ format: 'binary' });
const noProfile = 'No business profile has been set yet (PUT /api/v1/business first)';
const refusals = {
  unsupported_media_type: 'The body is not image/png or image/jpeg, or its bytes are another kind of image',
  validation_failed: `The image does not decode, or is larger than ${MAX_LOGO_PIXELS} × ${MAX_LOGO_PIXELS} px`,
  payload_too_large: `The image is larger than ${MAX_LOGO_BYTES / 1024} KiB`,
};

/**
 * `/business/logo`: the seller's logo, drawn in the header of PDFs. Images arrive as raw bytes
 * (`image/png` or `image/jpeg`), are decoded in the PDF worker pool before anything is stored,
 * and are kept by content hash so issued documents keep the logo they were issued with.
 */
const businessLogoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  requireAuthentication(app);
  for (const mediaType of logoMediaTypes) {
    app.addContentTypeParser(mediaType, { parseAs: 'buffer', bodyLimit: MAX_LOGO_BYTES }, (_request, body, done) => done(null, body));
  }

  app.put(
    '/',
    {
      bodyLimit: MAX_LOGO_BYTES,
      schema: {
        operationId: 'putBusinessLogo',
        summary: 'Set your logo (PNG or JPEG)',
        description:
          `The image as the body, Content-Type image/png or image/jpeg: at most ${MAX_LOGO_BYTES / 1024} KiB and ` +
          `${MAX_LOGO_PIXELS} × ${MAX_LOGO_PIXELS} px, checked by decoding it. Drawn in the header of PDFs from now on; ` +
          'documents already issued keep the logo they were issued with.',
        tags,
        consumes: [...logoMediaTypes],
        body: Type.Unsafe<Buffer>({ description: 'The PNG or JPEG image' }),
        response: { 204: { description: 'The logo is set', type: 'null' }, ...problems({ not_found: noProfile, ...refusals }) },
      },
    },
    async (request, reply) => {
      const declared = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
      const inspection = await app.inspectLogo(request.body);
      if (!inspection.ok) {
        const code = inspection.problem === 'not_an_image' ? 'unsupported_media_type' : 'validation_failed';
        throw new AppError(code, inspection.detail);
      }
      if (inspection.mediaType !== declared) {
        throw new AppError('unsupported_media_type', `The body is ${inspection.mediaType}, not the ${declared ?? 'unnamed'} it is sent as`);
      }
      await app.unitOfWork.run((trx) => putLogo(trx, request.user.id, request.body, inspection));
      return reply.code(204).send();
    },
  );

  app.get(
    '/',
    {
      schema: {
        operationId: 'getBusinessLogo',
        summary: 'Download your logo',
        tags,
        headers: ConditionalHeaders,
        response: {
          200: {
            description: 'The logo as it was uploaded',
            headers: responseHeaders('ETag', 'Cache-Control'),
            content: { 'image/png': { schema: image }, 'image/jpeg': { schema: image } },
          },
          304: { description: 'Not modified: the If-None-Match ETag is current', headers: responseHeaders('ETag', 'Cache-Control'), type: 'null' },
          ...problems({ not_found: `${noProfile}, or it has no logo` }),
        },
      },
    },
    async (request, reply) => {
      const logo = await getProfileLogo(app.db, request.user.id);
      const etag = logoEtag(logo.sha256);
      reply.header('etag', etag).header('cache-control', 'private, no-cache');
      if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304).send();
      return reply.type(logo.mediaType).send(logo.image);
    },
  );

  app.delete(
    '/',
    {
      schema: {
        operationId: 'deleteBusinessLogo',
        summary: 'Remove your logo',
        description: 'PDFs of drafts and of documents issued from now on have no logo; issued ones keep theirs.',
        tags,
        response: { 204: { description: 'The logo is removed', type: 'null' }, ...problems({ not_found: `${noProfile}, or it has no logo` }) },
      },
    },
    async (request, reply) => {
      await app.unitOfWork.run((trx) => deleteLogo(trx, request.user.id));
      return reply.code(204).send();
    },
  );
};

export default businessLogoRoutes;
