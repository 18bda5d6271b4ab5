import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';
import pino from 'pino';
import type { Config } from '../base/config.js';
import { maskHostedTokens } from './hosted-links.js';

/** Never log credentials: auth headers, cookies, passwords and tokens are censored wherever they appear. */
const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
  '*.passwordHash',
];

/** The redaction every logger of the app uses, also the ones tests build with their own stream. */
export const redact = { paths: redactedPaths, censor: '[redacted]' };

/** Fastify's request line, with a hosted link's token cut to its first characters (the token opens the document). */
export const serializers = {
  req: (request: FastifyRequest) => ({
    method: request.method,
    url: maskHostedTokens(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
};

export function loggerOptions(config: Pick<Config, 'LOG_LEVEL' | 'NODE_ENV'>): FastifyServerOptions['logger'] {
  return {
    level: config.LOG_LEVEL,
    redact,
    serializers,
    ...(config.NODE_ENV === 'development' && process.stdout.isTTY
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : // Written by libuv off the request path, coalescing lines under load; flushed at exit.
        { stream: pino.destination({ dest: 1, sync: false }) }),
  };
}

/**
 * One line per request at info level, when it completes, with the request, the status and the
 * time taken (Fastify's default adds an "incoming request" line, doubling the log cost of every
 * request); the incoming line is kept at debug level, and so are the health probes' answers,
 * which an orchestrator asks for every few seconds.
 */
export class RequestLogLines extends LogController {
  override incomingRequest(request: FastifyRequest) {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (request.routeOptions.url?.startsWith('/health/') && reply.statusCode < 400) reply.log.debug(line, 'request completed');
    else reply.log.info(line, 'request completed');
  }
}
