/**
 * JSON is the only body type (anything else, text/plain included, is 415), parsed with
 * prototype-poisoning protection, where an empty body counts as no body: many HTTP clients send
 * `Content-Type: application/json` on a bodiless POST or DELETE. A route whose body schema
 * requires nothing takes a missing body as `{}`.
 */
import type { preValidationAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import secureJson from 'secure-json-parse';
import { acceptsEmptyObject } from '../schemas/common.js';
import { sharedSchemas } from '../schemas/index.js';
import { AppError } from '../src/errors.js';

const sharedById = new Map<string, object>(sharedSchemas.map((schema) => [schema.$id as string, schema]));

function resolve(schema: unknown): Parameters<typeof acceptsEmptyObject>[0] {
  const target = (schema as { $ref?: unknown }).$ref;
  return (typeof target === 'string' ? sharedById.get(target) : schema) ?? {};
}

const missingBodyIsEmpty: preValidationAsyncHookHandler = async (request) => {
  request.body ??= {};
};

export default fp(
  async (app) => {
    app.addHook('onRoute', (route) => {
      if (route.schema?.body && acceptsEmptyObject(resolve(route.schema.body))) {
        route.preValidation = [missingBodyIsEmpty, ...[route.preValidation ?? []].flat()];
      }
    });
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = (body as string).trim();
      // An unknown route or method is a 404 whatever its body holds.
      if (text === '' || request.is404) return done(null, undefined);
      try {
        done(null, secureJson.parse(text, { protoAction: 'error', constructorAction: 'error' }));
      } catch (error) {
        const reason = error instanceof Error && /prototype|constructor/.test(error.message)
          ? 'contains a forbidden __proto__ or constructor.prototype key'
          : 'is not valid JSON';
        done(new AppError('validation_failed', `Request body ${reason}`), undefined);
      }
    });
  },
  { name: 'json-body' },
);
