import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

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

export function loggerOptions(config: Pick<Config, 'LOG_LEVEL' | 'NODE_ENV'>): FastifyServerOptions['logger'] {
  return {
    level: config.LOG_LEVEL,
    redact,
    ...(config.NODE_ENV === 'development' && process.stdout.isTTY
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : {}),
  };
}
