/**
 * The OpenAPI document as an SDK generator sees it: the document served at /docs/json is run
 * through openapi-typescript, and both are checked for what makes a clean client: one named type
 * per concept, string-literal enums, nullable and optional fields as the API really sends them,
 * problem+json errors, and the bearer scheme on exactly the protected operations.
 */
import openapiTS, {
  type ObjectSubtype,
  type OpenAPI3,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type ResponseObject,
  astToString,
} from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

const httpMethods = ['get', 'put', 'post', 'patch', 'delete'] as const;
const PROBLEM_REF = '#/components/schemas/Problem';
const PUBLIC_OPERATIONS = ['registerUser', 'loginUser', 'refreshTokens', 'logoutUser', 'getLiveness', 'getReadiness'];

/** Each /api operation's success status and the named component it returns (null: no content). */
const successes: Record<string, [number, string | null]> = {
  registerUser: [201, 'AuthSession'],
  loginUser: [200, 'AuthSession'],
  refreshTokens: [200, 'AuthSession'],
  logoutUser: [204, null],
  getCurrentUser: [200, 'User'],
  updateCurrentUser: [200, 'User'],
  listUsers: [200, 'UserPage'],
  createClient: [201, 'Client'],
  listClients: [200, 'ClientPage'],
  getClient: [200, 'Client'],
  updateClient: [200, 'Client'],
  deleteClient: [204, null],
  createInvoice: [201, 'Invoice'],
  listInvoices: [200, 'InvoicePage'],
  getInvoice: [200, 'Invoice'],
  updateInvoice: [200, 'Invoice'],
  deleteInvoice: [204, null],
  publishInvoice: [200, 'Invoice'],
  sendInvoice: [200, 'Invoice'],
  voidInvoice: [200, 'Invoice'],
  payInvoice: [200, 'Invoice'],
  createInvoicePayment: [201, 'Payment'],
  listInvoicePayments: [200, 'PaymentPage'],
  listPayments: [200, 'PaymentPage'],
  getPayment: [200, 'Payment'],
  getBusinessProfile: [200, 'BusinessProfile'],
  putBusinessProfile: [200, 'BusinessProfile'],
  updateBusinessProfile: [200, 'BusinessProfile'],
};

/** Operations that answer a document rather than JSON: their 200 content type. */
const documents: Record<string, string> = {
  getInvoiceUbl: 'application/xml',
  getInvoicePdf: 'application/pdf',
};

/** The domain error statuses each route can answer (read from the routes and services). */
const domainErrors: Record<string, number[]> = {
  registerUser: [400, 409, 429],
  loginUser: [400, 401, 429],
  refreshTokens: [400, 401],
  logoutUser: [400, 401],
  updateCurrentUser: [400, 403, 409],
  listUsers: [400, 403],
  getClient: [404],
  updateClient: [400, 404],
  deleteClient: [404, 409],
  createInvoice: [400, 422],
  getInvoice: [404],
  updateInvoice: [400, 404, 409, 412, 422],
  deleteInvoice: [404, 409],
  publishInvoice: [404, 409, 422],
  sendInvoice: [404, 409],
  voidInvoice: [404, 409],
  payInvoice: [400, 404, 409, 422],
  createInvoicePayment: [400, 404, 409, 422],
  listInvoicePayments: [400, 404],
  getPayment: [404],
  getBusinessProfile: [404],
  putBusinessProfile: [400, 412],
  updateBusinessProfile: [400, 404, 412],
  getInvoiceUbl: [400, 404, 409, 422],
  getInvoicePdf: [400, 404, 422, 503],
};

/** Response headers the routes always send, by operation and status. */
const responseHeaders: Record<string, [number, string[]]> = {
  createClient: [201, ['Location']],
  createInvoice: [201, ['Location', 'ETag']],
  getInvoice: [200, ['ETag']],
  updateInvoice: [200, ['ETag']],
  publishInvoice: [200, ['ETag']],
  sendInvoice: [200, ['ETag']],
  voidInvoice: [200, ['ETag']],
  payInvoice: [200, ['ETag', 'Idempotent-Replayed']],
  createInvoicePayment: [201, ['Location', 'Idempotent-Replayed']],
  getBusinessProfile: [200, ['ETag']],
  putBusinessProfile: [200, ['ETag']],
  updateBusinessProfile: [200, ['ETag']],
  getInvoiceUbl: [200, ['ETag', 'Content-Disposition']],
  getInvoicePdf: [200, ['ETag', 'Content-Disposition']],
};

interface Operation {
  path: string;
  method: string;
  id: string;
  operation: OperationObject;
}

const isRef = (value: unknown): value is ReferenceObject =>
  typeof value === 'object' && value !== null && '$ref' in value && typeof value.$ref === 'string';

function operationsOf(document: OpenAPI3): Operation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    httpMethods.flatMap((method) => {
      const operation = (item as Partial<Record<string, OperationObject>>)[method];
      return operation ? [{ path, method, id: operation.operationId ?? `${method} ${path}`, operation }] : [];
    }),
  );
}

function responseOf({ operation }: Operation, status: number): ResponseObject | undefined {
  const response = operation.responses?.[status];
  return response && !isRef(response) ? response : undefined;
}

/** Every `$ref` anywhere in a JSON value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
  );
}

/**
 * A property of the generated declarations, found by its path from a top-level interface
 * (`components`, `operations`): whether it is optional and its type as openapi-typescript wrote it.
 */
function generatedProperty(source: ts.SourceFile, root: string, path: (string | number)[]) {
  const declaration = source.statements.find(
    (statement): statement is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(statement) && statement.name.text === root,
  );
  let members: ts.NodeArray<ts.TypeElement> | undefined = declaration?.members;
  let found: ts.PropertySignature | undefined;
  for (const segment of path) {
    found = members?.find(
      (member): member is ts.PropertySignature =>
        ts.isPropertySignature(member) &&
        (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) || ts.isNumericLiteral(member.name)) &&
        member.name.text === String(segment),
    );
    members = found?.type && ts.isTypeLiteralNode(found.type) ? found.type.members : undefined;
  }
  if (!found?.type) throw new Error(`${root}.${path.join('.')} is not in the generated types`);
  return { optional: found.questionToken !== undefined, type: found.type.getText(source) };
}

describe('OpenAPI document for SDK generators', () => {
  let t: TestApp;
  let document: OpenAPI3;
  let operations: Operation[];
  let generated: ts.SourceFile;
  const schema = (name: string) => document.components?.schemas?.[name] as ObjectSubtype;
  const component = (name: string, ...path: string[]) => generatedProperty(generated, 'components', ['schemas', name, ...path]);
  const operationType = (id: string, ...path: (string | number)[]) => generatedProperty(generated, 'operations', [id, ...path]);
  const operation = (id: string) => {
    const found = operations.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no operation ${id}`);
    return found;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const response = await t.app.inject({ url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    document = response.json();
    operations = operationsOf(document);
    // A deep copy: openapi-typescript annotates the document it is given.
    const text = astToString(await openapiTS(structuredClone(document)));
    generated = ts.createSourceFile('api.d.ts', text, ts.ScriptTarget.ES2022, true);
  });
  afterAll(() => t.close());

  it('generates syntactically valid declarations with one operation type per operationId', () => {
    const diagnostics = (generated as ts.SourceFile & { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
    expect(diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))).toEqual([]);
    for (const { id } of operations) expect(operationType(id, 'responses').type).toMatch(/^\{/);
  });

  it('carries the info, license, servers and tag list a generator names the SDK and its modules after', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(document.info.license?.name).toBeTruthy();
    expect(document.servers?.length).toBeGreaterThan(0);
    const declared = (document.tags ?? []).map((tag) => tag.name);
    for (const tag of document.tags ?? []) expect(tag.description, tag.name).toBeTruthy();
    expect(new Set(operations.flatMap(({ operation }) => operation.tags ?? []))).toEqual(new Set(declared));
  });

  it('gives every operation a unique camelCase operationId, one declared tag and a summary', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { id, operation } of operations) {
      expect(operation.operationId, id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(operation.tags, id).toHaveLength(1);
      expect(operation.summary, id).toBeTruthy();
    }
    expect([...Object.keys(successes), ...Object.keys(documents)].sort()).toEqual(
      operations.filter(({ path }) => path.startsWith('/api/')).map(({ id }) => id).sort(),
    );
  });

  it('names every concept as a component that the operations reference, with no def-N or leftover $id', () => {
    const named = [
      'Invoice', 'InvoiceItem', 'InvoiceSummary', 'InvoicePage', 'Client', 'ClientAddress', 'ClientPage',
      'Payment', 'PaymentPage', 'User', 'UserPage', 'AuthSession', 'Problem', 'FieldError',
      'InvoiceStatus', 'PaymentMethod', 'ClientKind', 'Role', 'ClientAddressInput', 'InvoiceItemInput',
      'BusinessProfile', 'InvoiceSeller', 'InvoiceBuyer', 'ElectronicAddress', 'BankAccount', 'TaxCategory',
      'TaxRounding', 'TaxBreakdownEntry', 'TaxExemption',
    ];
    const components = Object.keys(document.components?.schemas ?? {});
    expect(components).toEqual(expect.arrayContaining(named));
    const refs = new Set(refsIn(document));
    for (const name of components) expect(refs, `${name} is never referenced`).toContain(`#/components/schemas/${name}`);
    for (const ref of refs) expect(components.map((name) => `#/components/schemas/${name}`), ref).toContain(ref);
    const text = JSON.stringify(document);
    expect(text).not.toMatch(/def-\d/);
    expect(text).not.toContain('"$id"');
  });

  it('answers each operation with its named component, and 204 with no content', () => {
    for (const [id, [status, name]] of Object.entries(successes)) {
      const found = operation(id);
      const statuses = Object.keys(found.operation.responses ?? {}).filter((code) => code.startsWith('2'));
      expect(statuses, id).toEqual([String(status)]);
      const content = responseOf(found, status)?.content;
      if (name === null) expect(content, id).toBeUndefined();
      else expect(content, id).toEqual({ 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } });
    }
    for (const [id, type] of Object.entries(documents)) {
      expect(Object.keys(responseOf(operation(id), 200)?.content ?? {}), id).toEqual([type]);
    }
    expect(operationType('deleteInvoice', 'responses', 204, 'content')).toEqual({ optional: true, type: 'never' });
    expect(operationType('getInvoice', 'responses', 200, 'content', 'application/json').type).toBe(
      'components["schemas"]["Invoice"]',
    );
  });

  it('types every error response as a Problem in application/problem+json', () => {
    for (const found of operations) {
      for (const status of Object.keys(found.operation.responses ?? {}).filter((code) => /^[45]/.test(code))) {
        expect(responseOf(found, Number(status))?.content, `${found.id} ${status}`).toEqual({
          'application/problem+json': { schema: { $ref: PROBLEM_REF } },
        });
      }
    }
    expect(operationType('updateInvoice', 'responses', 412, 'content', 'application/problem+json').type).toBe(
      'components["schemas"]["Problem"]',
    );
    expect(schema('Problem').required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'requestId']),
    );
    expect(component('Problem', 'errors')).toEqual({ optional: true, type: 'components["schemas"]["FieldError"][]' });
    expect(component('Problem', 'instance').optional).toBe(true);
  });

  it('documents the error statuses each route can answer, 429 and 500 on every /api operation', () => {
    for (const found of operations.filter(({ path }) => path.startsWith('/api/'))) {
      const statuses = Object.keys(found.operation.responses ?? {}).map(Number);
      expect(statuses, found.id).toEqual(expect.arrayContaining([...(domainErrors[found.id] ?? []), 429, 500]));
      if (found.path.includes('{id}')) expect(statuses, found.id).toContain(404);
      if (found.operation.requestBody) expect(statuses, found.id).toEqual(expect.arrayContaining([400, 413, 415]));
    }
    expect(Object.keys(operation('getReadiness').operation.responses ?? {})).toEqual(['200', '503']);
  });

  it('requires the bearer scheme on exactly the protected operations, with their 401', () => {
    expect(document.components?.securitySchemes?.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(document.security).toBeUndefined();
    for (const { id, operation: found } of operations) {
      if (PUBLIC_OPERATIONS.includes(id)) {
        expect(found.security, id).toEqual([]);
      } else {
        expect(found.security, id).toEqual([{ bearerAuth: [] }]);
        expect(Object.keys(found.responses ?? {}), id).toContain('401');
      }
    }
  });

  it('names each enum as a component, a plain string enum, referenced wherever it appears', () => {
    const enums = {
      InvoiceStatus: '"draft" | "published" | "sent" | "paid" | "void"',
      PaymentMethod: '"card" | "bank_transfer" | "cash" | "check" | "other"',
      ClientKind: '"customer" | "vendor"',
      Role: '"user" | "admin"',
    };
    for (const [name, union] of Object.entries(enums)) {
      expect(schema(name), name).toMatchObject({ type: 'string', enum: expect.any(Array) });
      expect(schema(name), name).not.toHaveProperty('anyOf');
      expect(generatedProperty(generated, 'components', ['schemas', name]).type).toBe(union);
    }
    const named = (name: string) => `components["schemas"]["${name}"]`;
    expect(component('Invoice', 'status').type).toBe(named('InvoiceStatus'));
    expect(component('InvoiceSummary', 'status').type).toBe(named('InvoiceStatus'));
    expect(operationType('listInvoices', 'parameters', 'query', 'status')).toEqual({
      optional: true,
      type: named('InvoiceStatus'),
    });
    expect(component('Payment', 'method').type).toBe(named('PaymentMethod'));
    expect(component('Client', 'kind').type).toBe(named('ClientKind'));
    expect(operationType('listClients', 'parameters', 'query', 'kind').type).toBe(named('ClientKind'));
    expect(component('User', 'role').type).toBe(named('Role'));
    expect(component('Problem', 'code').type).toContain('"validation_failed"');
  });

  it('marks money fields int64, so typed-language generators do not pick a 32-bit integer', () => {
    for (const [name, field] of [['Invoice', 'total'], ['InvoiceItem', 'unitPrice'], ['Payment', 'amount']] as const) {
      expect(schema(name).properties?.[field], `${name}.${field}`).toMatchObject({ type: 'integer', format: 'int64' });
    }
  });

  it('types response fields as the API sends them: always present, nullable as T | null, money as integers', () => {
    for (const name of ['Invoice', 'InvoiceSummary', 'InvoiceItem', 'Client', 'Payment', 'User', 'AuthSession', 'UserPage']) {
      const { properties = {}, required = [] } = schema(name);
      expect(required, name).toEqual(expect.arrayContaining(Object.keys(properties)));
    }
    for (const field of ['number', 'notes', 'publishedAt', 'sentAt', 'paidAt', 'voidedAt']) {
      expect(component('Invoice', field), field).toEqual({ optional: false, type: 'string | null' });
    }
    for (const field of ['contactName', 'email', 'phone', 'taxId', 'notes']) {
      expect(component('Client', field), field).toEqual({ optional: false, type: 'string | null' });
    }
    expect(component('Client', 'address')).toEqual({ optional: false, type: 'components["schemas"]["ClientAddress"] | null' });
    expect(component('User', 'name')).toEqual({ optional: false, type: 'string | null' });
    expect(component('Payment', 'reference')).toEqual({ optional: false, type: 'string | null' });
    expect(component('InvoicePage', 'nextCursor')).toEqual({ optional: false, type: 'string | null' });
    expect(component('Invoice', 'items').type).toBe('components["schemas"]["InvoiceItem"][]');
    expect(component('InvoicePage', 'data').type).toBe('components["schemas"]["InvoiceSummary"][]');
    expect(component('AuthSession', 'user').type).toBe('components["schemas"]["User"]');
    const money: Record<string, string[]> = {
      Invoice: ['subtotal', 'tax', 'total', 'amountPaid', 'amountDue'],
      InvoiceItem: ['unitPrice', 'subtotal', 'tax', 'total'],
      Payment: ['amount'],
    };
    for (const [name, fields] of Object.entries(money)) {
      for (const field of fields) {
        const property = schema(name).properties?.[field];
        expect(property, `${name}.${field}`).toMatchObject({ type: 'integer', minimum: expect.any(Number) });
        expect(component(name, field), `${name}.${field}`).toEqual({ optional: false, type: 'number' });
      }
    }
  });

  it('makes request fields with a default or that may be left out optional, and required ones required', () => {
    const createInvoice = (field: string) => component('CreateInvoiceBody', field);
    expect(createInvoice('clientId').optional).toBe(false);
    for (const field of ['currency', 'issueDate', 'dueDate', 'notes', 'items', 'taxRounding', 'taxExemptions']) expect(createInvoice(field).optional, field).toBe(true);
    expect(createInvoice('notes').type).toBe('string | null');
    const createPayment = (field: string) => component('CreatePaymentBody', field);
    expect(createPayment('amount')).toEqual({ optional: false, type: 'number' });
    expect(createPayment('paidAt').optional).toBe(true);
    for (const id of ['listUsers', 'listClients', 'listInvoices', 'listInvoicePayments', 'listPayments']) {
      expect(operationType(id, 'parameters', 'query', 'limit'), id).toEqual({ optional: true, type: 'number' });
      expect(operationType(id, 'parameters', 'query', 'cursor'), id).toEqual({ optional: true, type: 'string' });
      const limit = operation(id).operation.parameters?.find((parameter) => !isRef(parameter) && parameter.name === 'limit');
      expect((limit as ParameterObject).schema, id).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
    }
  });

  it('documents the If-Match and Idempotency-Key request headers and the ETag and Location response headers', () => {
    expect(operationType('updateInvoice', 'parameters', 'header', 'if-match')).toEqual({ optional: true, type: 'string' });
    for (const id of ['payInvoice', 'createInvoicePayment']) {
      expect(operationType(id, 'parameters', 'header', 'idempotency-key'), id).toEqual({ optional: true, type: 'string' });
    }
    for (const [id, [status, headers]] of Object.entries(responseHeaders)) {
      expect(Object.keys(responseOf(operation(id), status)?.headers ?? {}).sort(), id).toEqual([...headers].sort());
      for (const header of headers) {
        expect(operationType(id, 'responses', status, 'headers', header).type, `${id} ${header}`).toBe('string');
      }
    }
  });

  // Defects found in review, left for the lead to fix (see the review report); each becomes a test then.
  it('documents 503 on every /api operation and 413/415 on every operation that can carry a body', () => {
    for (const found of operations.filter(({ path }) => path.startsWith('/api/'))) {
      const statuses = Object.keys(found.operation.responses ?? {});
      expect(statuses, found.id).toContain('503');
      if (found.method !== 'get') expect(statuses, found.id).toEqual(expect.arrayContaining(['413', '415']));
    }
  });

  it('names every request body as a component, so a shared part like InvoiceItemInput is one type', () => {
    const bodies: Record<string, string> = {
      registerUser: 'RegisterBody',
      loginUser: 'LoginBody',
      refreshTokens: 'RefreshTokenBody',
      logoutUser: 'RefreshTokenBody',
      updateCurrentUser: 'UpdateCurrentUserBody',
      createClient: 'CreateClientBody',
      updateClient: 'UpdateClientBody',
      createInvoice: 'CreateInvoiceBody',
      updateInvoice: 'UpdateInvoiceBody',
      payInvoice: 'PayInvoiceBody',
      createInvoicePayment: 'CreatePaymentBody',
      putBusinessProfile: 'PutBusinessProfileBody',
      updateBusinessProfile: 'PatchBusinessProfileBody',
    };
    for (const found of operations) {
      const content = (found.operation.requestBody as { content?: Record<string, unknown> } | undefined)?.content;
      const name = bodies[found.id];
      if (name === undefined) expect(content, found.id).toBeUndefined();
      else expect(content, found.id).toEqual({ 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } });
    }
    for (const name of ['CreateInvoiceBody', 'UpdateInvoiceBody']) {
      expect(component(name, 'items').type).toBe('components["schemas"]["InvoiceItemInput"][]');
    }
  });

  it('lets refresh, logout and PATCH /users/me omit their body, and requires every other body', () => {
    const optional = ['refreshTokens', 'logoutUser', 'updateCurrentUser'];
    for (const found of operations) {
      const requestBody = found.operation.requestBody as { required?: boolean } | undefined;
      if (requestBody) expect(requestBody.required, found.id).toBe(!optional.includes(found.id));
    }
    expect(operationType('refreshTokens', 'requestBody')).toEqual({
      optional: true,
      type: expect.stringContaining('components["schemas"]["RefreshTokenBody"]'),
    });
    expect(schema('RefreshTokenBody')).not.toHaveProperty('anyOf');
  });

  it('marks always-sent response headers required: ETag, Location, and the rate-limit headers of a 429', () => {
    for (const [id, [status, headers]] of Object.entries(responseHeaders)) {
      const documented = (responseOf(operation(id), status)?.headers ?? {}) as Record<string, { required?: boolean }>;
      for (const name of headers) expect(documented[name]?.required ?? false, `${id} ${name}`).toBe(name !== 'Idempotent-Replayed');
    }
    for (const found of operations.filter(({ path }) => path.startsWith('/api/'))) {
      const headers = (responseOf(found, 429)?.headers ?? {}) as Record<string, { required?: boolean }>;
      for (const name of ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']) {
        expect(headers[name]?.required, `${found.id} ${name}`).toBe(true);
      }
    }
    expect(document.info.description).toContain('x-request-id');
  });

  it('makes line2, postalCode and region required and nullable in responses, optional in requests', () => {
    for (const field of ['line2', 'postalCode', 'region']) {
      expect(component('ClientAddress', field), field).toEqual({ optional: false, type: 'string | null' });
      expect(component('ClientAddressInput', field).optional, field).toBe(true);
    }
    expect(component('Client', 'address').type).toBe('components["schemas"]["ClientAddress"] | null');
    expect(component('CreateClientBody', 'address').type).toBe('components["schemas"]["ClientAddressInput"] | null');
  });
});
