/**
 * fast-check arbitraries for hostile input: the classes that have broken APIs like this one
 * (huge objects, deep nesting, many properties, wrong types, lone surrogates, numbers past 2^53,
 * duplicate keys, bad encodings, tampered tokens).
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';

export const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\ud800',
    'a\udfffb',
    '\u0000',
    'x'.repeat(5_000),
    "' or 1=1 --",
    '../../etc/passwd',
    'urn:uuid:00000000-0000-4000-8000-000000000000',
    '00000000-0000-4000-8000-000000000000',
    '2026-02-30',
    'USD',
    'a@b.co',
    '-1',
    'NaN',
    '1e400',
    'null',
    'true',
  ),
);

export const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, 0.1, 1.0005, Number.MAX_VALUE),
);

/** Any JSON value, weighted towards the wrong-type-in-the-right-place kind. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 5 }),
);

/** An object with `names` (a schema's properties) set to hostile values, sometimes with extra keys. */
export const objectOver = (names: string[]) =>
  fc
    .tuple(
      fc.subarray(names),
      fc.array(hostileValue, { minLength: names.length, maxLength: names.length }),
      fc.option(fc.dictionary(hostileString, hostileValue, { maxKeys: 3 }), { nil: undefined }),
    )
    .map(([chosen, values, extra]) => ({ ...extra, ...Object.fromEntries(chosen.map((name, index) => [name, values[index]])) }));

/** JSON texts JSON.stringify would never produce. */
export const hostileJsonText = fc.oneof(
  fc.constantFrom(
    '{"a":1,"a":2}',
    '{"email":"a@b.co","email":{"x":1}}',
    '{"amount":9007199254740993,"method":"card"}',
    '{"amount":1e400}',
    '{"name":"\\ud800"}',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '{',
    'null',
    '[]',
    '"string"',
    '\ufeff{}',
  ),
  fc.integer({ min: 100, max: 50_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 100, max: 20_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.integer({ min: 1_000, max: 60_000 }).map((count) => `{${Array.from({ length: count }, (_, index) => `"k${index}":0`).join(',')}}`),
  fc.integer({ min: 1_000, max: 20_000 }).map((count) => JSON.stringify({ items: Array.from({ length: count }, () => ({})) })),
);

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Authorization headers: none, the valid one, and valid-looking ones that must all be refused. */
export function hostileAuthorization(validToken: string, secret: string, userId: string) {
  const now = Math.floor(Date.now() / 1_000);
  const signed = (payload: object, alg = 'HS256') => {
    const unsigned = `${base64url({ alg, typ: 'JWT' })}.${base64url(payload)}`;
    return `${unsigned}.${alg === 'none' ? '' : createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
  };
  const [header = '', payload = '', signature = ''] = validToken.split('.');
  return fc.oneof(
    fc.constant(undefined),
    fc.constant(`Bearer ${validToken}`),
    fc.constant(`Bearer ${header}.${payload}.${signature.slice(0, -2)}xx`),
    fc.constant(`Bearer ${signed({ sub: userId, role: 'admin', exp: now + 60 }, 'none')}`),
    fc.constant(`Bearer ${signed({ sub: userId, role: 'admin', exp: now + 60 })}`),
    fc.constant(`Bearer ${signed({ sub: 'not-a-uuid', role: 'user', exp: now + 60, iss: 'x', aud: 'y' })}`),
    fc.constantFrom('Bearer', 'Bearer ', 'Basic YTpi', `bearer ${validToken}`),
    hostileString.map((text) => `Bearer ${text.replace(/[^\x21-\x7e]/g, '')}`),
  );
}

/** Header values as HTTP can carry them (visible ASCII). */
export const headerValue = hostileString.map((text) => text.replace(/[^\x20-\x7e]/g, '').slice(0, 300));
