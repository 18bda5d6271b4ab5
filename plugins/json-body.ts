/**
 * JSON is the only body type (anything else, text/plain included, is 415), parsed with
 * prototype-poisoning protection and refused unless it is well-formed Unicode text, where an empty body counts as no body: many HTTP clients send
 * `Content-Type: application/json` on a bodiless POST or DELETE. A route whose body schema
 * requires nothing takes a missing body as `{}`.
 */
import type { preValidationAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import secureJson from 'secure-json-parse';
import { acceptsEmptyObject } from '../schemas/common.js';
import { sharedSchemas } from '../schemas/index.js';
import { AppError } from '../src/errors.js';
import { findJsonSyntaxError } from '../src/json-syntax.js';

const sharedById = new Map<string, object>(sharedSchemas.map((schema) => [schema.$id as string, schema]));

function resolve(schema: unknown): Parameters<typeof acceptsEmptyObject>[0] {
  const target = (schema as { $ref?: unknown }).$ref;
  return (typeof target === 'string' ? sharedById.get(target) : schema) ?? {};
}

// Fatal: bytes that are not UTF-8 are refused, rather than silently stored as U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

class LoneSurrogateError extends Error {}

const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * A JSON `\ud800` escape without its pair is valid JSON but not text: PostgreSQL would store it
 * as U+FFFD. Refused, in keys and values alike.
 */
function refuseLoneSurrogates(key: string, value: unknown) {
  if (LONE_SURROGATE.test(key) || (typeof value === 'string' && LONE_SURROGATE.test(value))) throw new LoneSurrogateError();
  return value;
}

function reasonRefused(error: unknown, text: string | undefined): string {
  if (error instanceof LoneSurrogateError) return 'contains a lone UTF-16 surrogate (\\uD800–\\uDFFF without its pair)';
  if (text === undefined) return 'is not valid UTF-8';
  if (error instanceof Error && /prototype|constructor/.test(error.message)) return 'contains a forbidden __proto__ or constructor.prototype key';
  const syntax = findJsonSyntaxError(text);
  if (!syntax) return 'is not valid JSON';
  const { line, column, found, expected } = syntax;
  return `is not valid JSON: at line ${line}, column ${column}: expected ${expected}, found ${found}`;
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
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      // An unknown route or method is a 404 whatever its body holds.
      if (request.is404) return done(null, undefined);
      let text: string | undefined;
      try {
        text = utf8.decode(body as Buffer);
        const json = text.trim();
        done(null, json === '' ? undefined : secureJson.parse(json, refuseLoneSurrogates, { protoAction: 'error', constructorAction: 'error' }));
      } catch (error) {
        done(new AppError('validation_failed', `Request body ${reasonRefused(error, text)}`), undefined);
      }
    });
  },
  { name: 'json-body' },
);
