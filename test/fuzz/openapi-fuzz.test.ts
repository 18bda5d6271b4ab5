/**
 * Fuzzing from the live OpenAPI document: for every operation, seeded fast-check requests with
 * hostile path parameters, queries, headers, tokens and bodies (see hostile-values.ts).
 * Invariants: never a 5xx, never slower than a bound, every refusal is a problem document, and a
 * refused request writes nothing. FUZZ_RUNS sets the number of requests (default 1200), FUZZ_SEED
 * replays a run; the seed is in the test name.
 */
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { rowCounts, schemaTables } from '../helpers/row-counts.js';
import { REGEX_LIKE } from '../helpers/plain-messages.js';
import { useTestUser } from '../helpers/users.js';
import { headerValue, hostileAuthorization, hostileJsonText, hostileString, hostileValue, objectOver } from './hostile-values.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1_200);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Generous for a loaded 2-core CI machine; a frozen server (the bug class) takes seconds to minutes. */
const BOUND_MS = 5_000;

type Json = Record<string, unknown>;

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodyProperties: string[] | undefined;
}

/** The operations of the document, with the names a hostile request fills in. */
function operationsOf(document: Json): Operation[] {
  const schemas = ((document.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  const resolve = (schema: Json | undefined): Json | undefined =>
    typeof schema?.$ref === 'string' ? schemas[schema.$ref.split('/').pop() ?? ''] : schema;
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
    for (const [method, operation] of Object.entries(item)) {
      const parameters = (operation.parameters ?? []) as { in: string; name: string }[];
      const content = (operation.requestBody as Json | undefined)?.content as Record<string, { schema?: Json }> | undefined;
      const body = resolve(content?.['application/json']?.schema);
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((parameter) => parameter.in === 'path').map(({ name }) => name),
        queryParams: parameters.filter((parameter) => parameter.in === 'query').map(({ name }) => name),
        bodyProperties: body ? Object.keys((body.properties ?? {}) as Json) : undefined,
      });
    }
  }
  return operations;
}

/** Every byte of the UTF-8 form percent-encoded (encodeURIComponent throws on lone surrogates). */
const percentEncoded = (text: string) => Array.from(Buffer.from(text, 'utf8'), (byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
const malformedEncodings = fc.constantFrom('%zz', '%E0%A4%A', '%ED%A0%80', '%', '%00', '..');
const urlPart = fc.oneof(hostileString.map(percentEncoded), malformedEncodings);
const pathParam = fc.oneof(fc.uuid(), urlPart, fc.constant('a'.repeat(300)));

function requestFor(operation: Operation, authorization: fc.Arbitrary<string | undefined>): fc.Arbitrary<InjectOptions> {
  const body = operation.bodyProperties
    ? fc.oneof(
        objectOver(operation.bodyProperties).map((value) => JSON.stringify(value)),
        hostileValue.map((value) => JSON.stringify(value) ?? 'null'),
        hostileJsonText,
        fc.constant(undefined),
      )
    : fc.option(fc.oneof(hostileJsonText, hostileValue.map((value) => JSON.stringify(value) ?? 'null')), { nil: undefined, freq: 3 });
  return fc
    .record({
      params: fc.array(pathParam, { minLength: operation.pathParams.length, maxLength: operation.pathParams.length }),
      query: fc.array(fc.tuple(fc.constantFrom(...operation.queryParams, 'unknown'), urlPart), { maxLength: 4 }),
      body,
      contentType: fc.oneof(
        { weight: 6, arbitrary: fc.constant('application/json') },
        fc.constantFrom('text/plain', 'application/json; charset=latin1', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', undefined),
      ),
      authorization,
      idempotencyKey: fc.option(headerValue, { nil: undefined }),
      ifMatch: fc.option(headerValue, { nil: undefined }),
    })
    .map(({ params, query, body: payload, contentType, authorization: auth, idempotencyKey, ifMatch }) => {
      let index = 0;
      const url = operation.path.replace(/\{[^}]+\}/g, () => params[index++] ?? '');
      const search = query.map(([name, value]) => `${name}=${value}`).join('&');
      const headers: Record<string, string> = {};
      if (contentType && payload !== undefined) headers['content-type'] = contentType;
      if (auth) headers.authorization = auth;
      if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
      if (ifMatch !== undefined) headers['if-match'] = ifMatch;
      return {
        method: operation.method as InjectOptions['method'],
        url: search ? `${url}?${search}` : url,
        headers,
        ...(payload === undefined ? {} : { payload }),
      };
    });
}

describe('fuzzing every operation of the OpenAPI document', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  let operations: Operation[];
  /** Every table of the schema, read from the database so a new table is covered without a word here. */
  let tables: string[];
  beforeAll(async () => {
    operations = operationsOf(t.app.swagger() as unknown as Json);
    tables = await schemaTables(t.app.db);
  });

  it('counts the rows of every table, those the API writes among them', () => {
    expect(tables).toEqual(expect.arrayContaining(['users', 'clients', 'invoices', 'invoice_items', 'payments', 'credit_notes', 'events', 'jobs', 'idempotency_keys', 'refresh_tokens', 'api_keys', 'password_resets']));
    expect(tables.length).toBeGreaterThan(15);
  });

  it(`never answers 5xx, always in time, refusals as problems that write nothing (seed ${SEED}, ${RUNS} runs)`, { timeout: 900_000 }, async () => {
    expect(operations.length).toBeGreaterThan(20);
    const authorization = hostileAuthorization(user.token, t.config.JWT_ACCESS_SECRET, user.id);
    const request = fc.constantFrom(...operations).chain((operation) => requestFor(operation, authorization));
    await fc.assert(
      fc.asyncProperty(request, async (options) => {
        const before = await rowCounts(t.app.db, tables);
        const started = performance.now();
        const response = await t.app.inject(options);
        const elapsed = performance.now() - started;
        const what = `${options.method} ${options.url} → ${response.statusCode} ${response.body.slice(0, 300)}`;
        expect(response.statusCode, what).toBeLessThan(500);
        expect(elapsed, `${what} took ${Math.round(elapsed)} ms`).toBeLessThan(BOUND_MS);
        if (response.statusCode >= 400) {
          expect(response.headers['content-type'], what).toMatch(/^application\/problem\+json/);
          expect(response.json(), what).toMatchObject({ status: response.statusCode, code: expect.any(String) });
          // Each field's message says what the value must be, never the schema's regular expression.
          for (const { message } of (response.json() as { errors?: { message: string }[] }).errors ?? []) expect(message, what).not.toMatch(REGEX_LIKE);
          expect(await rowCounts(t.app.db, tables), `${what} wrote`).toEqual(before);
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
