/**
 * The origin (`scheme://host[:port]`) of the request being answered, for whatever builds absolute
 * links while PUBLIC_URL is unset. @fastify/request-context carries it through an AsyncLocalStorage
 * (re-entered after the body is read, which Node emits in another async context), so code far from
 * the route (services mapping rows inside a transaction) reads it without being handed a request.
 * Registered only when PUBLIC_URL is unset: a deployment that sets it pays nothing per request.
 */
import { fastifyRequestContext, requestContext } from '@fastify/request-context';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

declare module '@fastify/request-context' {
  interface RequestContextData {
    origin: string | undefined;
  }
}

// A Host header is the client's to write: anything that is not a plain host[:port] builds no link.
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

const originOf = (request: FastifyRequest) => (PLAIN_HOST.test(request.host) ? `${request.protocol}://${request.host}` : undefined);

export const currentRequestOrigin = (): string | undefined => requestContext.get('origin');

export default fp(
  async (app) => {
    await app.register(fastifyRequestContext, { defaultStoreValues: (request) => ({ origin: originOf(request) }) });
  },
  { name: 'request-origin' },
);
