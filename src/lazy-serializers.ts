/**
 * Response serializers compiled on first use. Fastify compiles a fast-json-stringify function for
 * every status of every route when it starts: with a few hundred route schemas that was most of
 * the start's CPU time (≈ 3.6 s of 4.2 s at load, bench/memory.md) and ≈ 80 MiB of garbage that V8
 * then kept as reserved heap, although most of them serve no request in a process's life. Each
 * one is now compiled by the same compiler, with the same shared schemas and options, the first
 * time its route answers that status; the answers are the same bytes.
 */
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type SerializerFactory = ReturnType<typeof SerializerSelector>;

const buildEagerCompiler = SerializerSelector();

/** Fastify's `schemaController.compilersFactory.buildSerializer`: the default one, each serializer deferred. */
export const buildLazySerializer: SerializerFactory = (externalSchemas, options) => {
  const compile = buildEagerCompiler(externalSchemas, options);
  return (route) => {
    let serialize: ((document: unknown) => string) | undefined;
    return (document) => (serialize ??= compile(route))(document);
  };
};
