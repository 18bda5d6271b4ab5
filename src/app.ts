/** buildApp(config): the one app factory used by the server, the tests and the OpenAPI script. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import authPlugin from '../plugins/auth.js';
import businessMetricsPlugin from '../plugins/business-metrics.js';
import bodyTimeoutPlugin from '../plugins/body-timeout.js';
import dbPlugin from '../plugins/db.js';
import emailsPlugin from '../plugins/emails.js';
import errorsPlugin, { answerClientError, answerFrameworkError, formatSchemaErrors } from '../plugins/errors.js';
import expiredRowsPlugin from '../plugins/expired-rows.js';
import jobsPlugin from '../plugins/jobs.js';
import jsonBodyPlugin from '../plugins/json-body.js';
import metricsPlugin from '../plugins/metrics.js';
import notificationsPlugin from '../plugins/notifications.js';
import passwordHashingPlugin from '../plugins/password-hashing.js';
import paymentRemindersPlugin from '../plugins/payment-reminders.js';
import pdfPlugin from '../plugins/pdf.js';
import rateLimitPlugin from '../plugins/rate-limit.js';
import recurringInvoicesPlugin from '../plugins/recurring-invoices.js';
import requestOriginPlugin, { currentRequestOrigin } from '../plugins/request-origin.js';
import securityPlugin from '../plugins/security.js';
import swaggerPlugin from '../plugins/swagger.js';
import unitOfWorkPlugin from '../plugins/unit-of-work.js';
import apiRoutes from '../routes/api.js';
import healthRoutes from '../routes/health.js';
import hostedPageRoutes from '../routes/hosted-pages.js';
import { API_PREFIX } from '../routes/location.js';
import { sharedSchemas } from '../schemas/index.js';
import packageJson from '../package.json' with { type: 'json' };
import type { Config } from '../base/config.js';
import { AppError } from './errors.js';
import { setHostedLinkBase } from './hosted-links.js';
import { buildLazySerializer } from './lazy-serializers.js';
import { loggerOptions, RequestLogLines } from './logger.js';
import webhooksPlugin from '../plugins/webhooks.js';
import { parseQueryString } from './query-string.js';
import { requestIdFor } from './request-id.js';
import { createValidatorCompiler } from './validation.js';

const BODY_LIMIT = 1_048_576;

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

export interface BuildOptions {
  /** Overrides the logger (tests pass a stream to capture lines, or false). */
  logger?: FastifyServerOptions['logger'];
}

/** A hop count becomes "trust the nearest N proxies"; booleans and address lists pass through. */
function trustProxyOption(value: Config['TRUST_PROXY']) {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value;
}

export async function buildApp(config: Config, options: BuildOptions = {}) {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    logController: new RequestLogLines(),
    genReqId: requestIdFor,
    trustProxy: trustProxyOption(config.TRUST_PROXY),
    bodyLimit: BODY_LIMIT,
    connectionTimeout: 30_000,
    keepAliveTimeout: 72_000,
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    forceCloseConnections: 'idle',
    // Both answered below as problems instead of Node's bare 400 and Fastify's own JSON 503.
    http: { requireHostHeader: false },
    return503OnClosing: false,
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    schemaErrorFormatter: formatSchemaErrors,
    // The serializer's ajv only picks the branch of an anyOf (nullable fields) for values we built;
    // checking their formats too (an IBAN's check digits) is work with no use on the way out.
    serializerOpts: { ajv: { validateFormats: false } },
    // Each response serializer is compiled when its route first answers that status, not at start (src/lazy-serializers.ts).
    schemaController: { compilersFactory: { buildSerializer: buildLazySerializer } },
    // metadata[key]=value arrives as { metadata: { key: value } } (src/query-string.ts).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200, querystringParser: parseQueryString },
    // Compiling a few hundred route schemas (swagger's onReady) passed Fastify's 10 s default on a
    // busy 2-core machine; a slow start is no reason to refuse to start.
    pluginTimeout: 60_000,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  setHostedLinkBase(config.PUBLIC_URL, currentRequestOrigin);
  for (const schema of sharedSchemas) app.addSchema(schema);
  app.setValidatorCompiler(createValidatorCompiler(sharedSchemas));
  // Once closing, new requests get a 503 and every response ends its connection: otherwise a
  // keep-alive client holds the server open after its in-flight request until keepAliveTimeout,
  // past the shutdown grace.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    if (closing) return done(new AppError('service_unavailable', 'The server is shutting down; retry later'));
    // HTTP/1.1 requires Host (RFC 9112 §3.2).
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      return done(new AppError('validation_failed', 'The Host header is required'));
    }
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  await app.register(errorsPlugin);
  if (config.PUBLIC_URL === undefined) await app.register(requestOriginPlugin);
  await app.register(bodyTimeoutPlugin, { timeoutMs: config.REQUEST_TIMEOUT_MS });
  await app.register(jsonBodyPlugin);
  await app.register(metricsPlugin, { config });
  await app.register(dbPlugin, { config });
  await app.register(unitOfWorkPlugin, { config });
  await app.register(notificationsPlugin, { config });
  await app.register(jobsPlugin, { config });
  await app.register(businessMetricsPlugin);
  await app.register(expiredRowsPlugin);
  await app.register(securityPlugin, { config });
  await app.register(authPlugin, { config });
  await app.register(passwordHashingPlugin, { config });
  await app.register(rateLimitPlugin, { config });
  await app.register(pdfPlugin, { config });
  await app.register(webhooksPlugin, { config });
  await app.register(recurringInvoicesPlugin, { config });
  await app.register(emailsPlugin, { config });
  await app.register(paymentRemindersPlugin, { config });
  await app.register(swaggerPlugin, { version: packageJson.version, publicUrl: config.PUBLIC_URL });

  await app.register(healthRoutes, { prefix: '/health' });
  await app.register(apiRoutes, { prefix: API_PREFIX });
  await app.register(hostedPageRoutes(config));

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
