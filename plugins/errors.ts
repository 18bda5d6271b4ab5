/**
 * Every error leaves as RFC 9457 problem+json. Expected errors (AppError, validation, body
 * parsing, rate limits) keep their status; anything else is logged in full and answered with a
 * 500 (or 503 when the database is unreachable) that shows no internals.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isDataException, isDatabaseUnavailable, isForeignKeyViolation } from '../db/postgres-errors.js';
import type { ProblemCode } from '../schemas/common.js';
import { AppError, fromDomain, userGone } from '../src/errors.js';
import { fieldErrors } from '../src/validation-messages.js';
import { apiSecurityHeaders } from './security-headers.js';

const codeForStatus: Record<number, ProblemCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  408: 'request_timeout',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  431: 'headers_too_large',
  503: 'service_unavailable',
};

type ValidationError = FastifyError & Required<Pick<FastifyError, 'validation' | 'validationContext'>>;

/**
 * A body can hold ~100,000 errors within the size limit (one per unknown property or empty array
 * item): report the first few, in linear time, so the answer stays small and cheap.
 */
const MAX_REPORTED_ERRORS = 20;

function fromValidation(error: ValidationError): AppError {
  if (error.validationContext === 'params') return new AppError('not_found', 'Resource not found');
  const all = fieldErrors(error.validation);
  const errors = all.slice(0, MAX_REPORTED_ERRORS);
  const more = all.length > errors.length ? `; and ${all.length - errors.length} more` : '';
  const summary = errors.map(({ path, message }) => `${path} ${message}`).join('; ');
  return new AppError('validation_failed', `Invalid ${error.validationContext}: ${summary}${more}`, errors);
}

/** Fastify's own message for a validation error: only the error handler's problem is sent, so keep it cheap. */
export const formatSchemaErrors = (errors: readonly unknown[], dataVar: string) =>
  new Error(`${dataVar} failed validation with ${errors.length} errors`);

/** A body limit as people read it: 1 MiB, 512 KiB. */
const sizeText = (bytes: number) => (bytes % 1_048_576 === 0 ? `${bytes / 1_048_576} MiB` : `${bytes / 1024} KiB`);

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&.+^_-]{0,62}\/[a-z0-9][a-z0-9!#$&.+^_-]{0,62}$/i;

/** A body of a type the operation does not take: which type it was, and which to send. */
function unsupportedMediaType(request: FastifyRequest): AppError {
  const sent = request.headers['content-type']?.split(';')[0]?.trim();
  const accepted = (request.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes ?? ['application/json'];
  // The sent type is named only when it looks like one: the header is the caller's text.
  const what = !sent ? 'The body has no Content-Type' : MEDIA_TYPE.test(sent) ? `Content-Type ${sent} is not accepted here` : 'This Content-Type is not accepted here';
  return new AppError('unsupported_media_type', `${what}: send ${accepted.join(' or ')}`);
}

function toAppError(error: FastifyError, request: FastifyRequest): AppError | undefined {
  if (error instanceof AppError) return error;
  const domainProblem = fromDomain(error);
  if (domainProblem) return domainProblem;
  if (error.validation && error.validationContext) return fromValidation(error as ValidationError);
  const status = error.statusCode;
  // An operation that takes no body does not care how big or of what type one is: it refuses it.
  if ((status === 413 || status === 415) && !request.routeOptions.schema?.body) {
    return new AppError('validation_failed', 'This operation takes no request body');
  }
  if (status === 415) return unsupportedMediaType(request);
  if (status && status >= 400 && status < 500) {
    const code = codeForStatus[status] ?? 'validation_failed';
    return new AppError(code, status === 413 ? `Request body exceeds ${sizeText(request.routeOptions.bodyLimit)}` : error.message);
  }
  // A write by a user deleted since their (still unexpired) access token was issued.
  if (isForeignKeyViolation(error, /_user_id_fkey$/)) return userGone();
  // A value the schemas let through but PostgreSQL cannot hold.
  if (isDataException(error)) return new AppError('validation_failed', 'A value is malformed or out of range');
  if (isDatabaseUnavailable(error)) {
    return new AppError('service_unavailable', 'The service is temporarily unavailable; retry later');
  }
  return undefined;
}

/** The problem document for `problem` answering `request`, as sent (and as an idempotent refusal is recorded). */
export const problemDocument = (request: FastifyRequest, problem: AppError) =>
  problemBody(problem, request.id, request.url.split('?')[0]);

function problemBody(problem: AppError, requestId: string, instance?: string) {
  return {
    type: `urn:invoice-api:problem:${problem.code}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    ...(instance ? { instance } : {}),
    ...(problem.errors ? { errors: problem.errors } : {}),
    requestId,
  };
}

/** Seconds a client should wait before retrying a 503: database outages are usually brief. */
const RETRY_UNAVAILABLE_AFTER = 5;

function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: AppError) {
  if (problem.status === 503) reply.header('retry-after', RETRY_UNAVAILABLE_AFTER);
  // A protected route's service refusing an authenticated token (its user is gone): RFC 6750.
  if (problem.code === 'unauthorized' && !reply.hasHeader('www-authenticate') && request.routeOptions.schema?.security?.length) {
    reply.header('www-authenticate', 'Bearer realm="invoice-api", error="invalid_token"');
  }
  // Also on problems answered before the security headers' hook ran (refused URLs, the shutdown 503).
  return reply
    .headers(apiSecurityHeaders)
    .code(problem.status)
    .type('application/problem+json')
    .send(problemDocument(request, problem));
}

/**
 * Fastify's `frameworkErrors`, for URLs refused before routing (no hooks run, so the request id
 * header is set here): a path parameter longer than any id is an unknown resource, a URL that is
 * not validly percent-encoded is a bad request.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.header('x-request-id', request.id);
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new AppError('not_found', 'Resource not found')
      : new AppError('validation_failed', 'The URL is not validly percent-encoded');
  return sendProblem(request, reply, problem);
}

/**
 * Fastify's `clientErrorHandler`: malformed HTTP and headers over the size limit never reach a
 * route, and Fastify's default answers them in its own JSON shape. This answers a problem too.
 */
export function answerClientError(error: ConnectionError, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new AppError('headers_too_large', 'Request headers are too large')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new AppError('request_timeout', 'The request took too long to arrive')
        : new AppError('validation_failed', 'Malformed HTTP request');
  const requestId = randomUUID();
  const body = JSON.stringify(problemBody(problem, requestId));
  const headers = {
    ...apiSecurityHeaders,
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
    connection: 'close',
  };
  if (socket.writable) {
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.write(`HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n${lines.join('')}\r\n${body}`);
  }
  socket.destroy(error);
}

export default fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const problem = toAppError(error, request);
      if (problem) {
        if (problem.status >= 500) request.log.error({ err: error }, 'service unavailable');
        return sendProblem(request, reply, problem);
      }
      request.log.error({ err: error }, 'unhandled error');
      return sendProblem(request, reply, new AppError('internal', 'An unexpected error occurred; it has been logged'));
    });

    app.setNotFoundHandler((request, reply) =>
      sendProblem(request, reply, new AppError('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`)),
    );
  },
  { name: 'errors' },
);
