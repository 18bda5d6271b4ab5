import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { describe, expect, it } from 'vitest';
import { buildLazySerializer } from '../../src/lazy-serializers.js';

const route = (schema: unknown) => ({ schema, method: 'GET', url: '/x', httpStatus: '200' });
const external = { 'Thing.json': { $id: 'Thing', type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer' } } } };
const schema = { type: 'object', properties: { thing: { $ref: 'Thing#' }, extra: { type: ['string', 'null'] } } };

describe('lazy response serializers', () => {
  it('compile nothing until first used, then answer what the eager compiler answers', () => {
    const broken = route({ type: 'object', properties: { broken: { $ref: 'Missing#' } } });
    expect(() => SerializerSelector()(external, {})(broken)).toThrow();
    const lazy = buildLazySerializer(external, {})(broken);
    // An unresolvable $ref fails only when the serializer is first used: it was not compiled before.
    expect(() => lazy({ broken: 1 })).toThrow();

    const document = { thing: { name: 'a "quoted" name', size: 3, secret: 'dropped' }, extra: null, unknown: true };
    const eager = SerializerSelector()(external, {})(route(schema));
    const serialize = buildLazySerializer(external, {})(route(schema));
    expect(serialize(document)).toBe(eager(document));
    expect(serialize({ ...document, extra: 'second call' })).toBe(eager({ ...document, extra: 'second call' }));
    expect(JSON.parse(serialize(document))).toEqual({ thing: { name: 'a "quoted" name', size: 3 }, extra: null });
  });

});
