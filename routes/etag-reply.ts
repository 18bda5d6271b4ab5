/**
 * Conditional requests on JSON resources with an ETag (clients, invoices, the business profile,
 * webhook endpoints, recurring invoices): `If-None-Match` on GET answers 304 with the ETag, `If-Match` on a change is
 * checked by the service in the change's transaction (stale: 412).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { responseHeaders } from '../schemas/headers.js';
import { ifNoneMatchHits } from '../src/services/preconditions.js';
import { ConditionalHeaders } from './document-reply.js';

export { ConditionalHeaders };

/** The 304 of a conditional GET. */
export const notModified = {
  description: 'Not modified: the If-None-Match ETag is current',
  headers: responseHeaders('ETag'),
  type: 'null',
};

/** The `If-Match` request header of a change to the resource read at `readAt`. */
export const ifMatchHeaders = (readAt: string) =>
  Type.Object({
    'if-match': Type.Optional(
      Type.String({ maxLength: 1024, description: `ETag from ${readAt} (or *, or a comma-separated list); a stale one gives 412` }),
    ),
  });

export const stale = { precondition_failed: 'If-Match does not match the current ETag' } as const;

/** Sends `body` tagged `etag`, or a 304 (repeating the ETag) when If-None-Match names it. */
export function sendTagged(request: FastifyRequest, reply: FastifyReply, etag: string, body: unknown) {
  reply.header('etag', etag);
  if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.send(body);
}
