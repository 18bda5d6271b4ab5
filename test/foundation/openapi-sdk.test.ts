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
import { beforeAll, describe, expect, it } from 'vitest';
import { type ProblemCode, problemTitles } from '../../schemas/common.js';
import { useTestApp } from '../helpers/app.js';

const httpMethods = ['get', 'put', 'post', 'patch', 'delete'] as const;
const PROBLEM_REF = '#/components/schemas/Problem';
const PUBLIC_OPERATIONS = [
  'registerUser',
  'loginUser',
  'refreshTokens',
  'logoutUser',
  'requestPasswordReset',
  'confirmPasswordReset',
  'getLiveness',
  'getReadiness',
];

/** Each /api operation's success status and the named component it returns (null: no content). */
const successes: Record<string, [number, string | null]> = {
  registerUser: [201, 'AuthSession'],
  loginUser: [200, 'AuthSession'],
  refreshTokens: [200, 'AuthSession'],
  logoutUser: [204, null],
  requestPasswordReset: [202, null],
  confirmPasswordReset: [204, null],
  getCurrentUser: [200, 'User'],
  updateCurrentUser: [200, 'User'],
  listUsers: [200, 'UserPage'],
  createApiKey: [201, 'ApiKeyWithSecret'],
  listApiKeys: [200, 'ApiKeyPage'],
  getApiKey: [200, 'ApiKey'],
  deleteApiKey: [204, null],
  createBillingClient: [201, 'BillingClient'],
  listBillingClients: [200, 'BillingClientPage'],
  getBillingClient: [200, 'BillingClient'],
  updateBillingClient: [200, 'BillingClient'],
  deleteBillingClient: [204, null],
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
  markInvoiceUncollectible: [200, 'Invoice'],
  rotateInvoiceLink: [200, 'Invoice'],
  createCreditNote: [201, 'CreditNote'],
  listCreditNotes: [200, 'CreditNotePage'],
  getCreditNote: [200, 'CreditNote'],
  sendCreditNote: [200, 'CreditNote'],
  getBusinessProfile: [200, 'BusinessProfile'],
  putBusinessProfile: [200, 'BusinessProfile'],
  updateBusinessProfile: [200, 'BusinessProfile'],
  putBusinessLogo: [204, null],
  deleteBusinessLogo: [204, null],
  listEvents: [200, 'EventPage'],
  getEvent: [200, 'Event'],
  listEmails: [200, 'EmailPage'],
  getEmail: [200, 'EmailMessage'],
  createWebhookEndpoint: [201, 'WebhookEndpointWithSecret'],
  listWebhookEndpoints: [200, 'WebhookEndpointPage'],
  getWebhookEndpoint: [200, 'WebhookEndpoint'],
  updateWebhookEndpoint: [200, 'WebhookEndpoint'],
  deleteWebhookEndpoint: [204, null],
  rotateWebhookSecret: [200, 'WebhookEndpointWithSecret'],
  listWebhookDeliveries: [200, 'WebhookDeliveryAttemptPage'],
  createRecurringInvoice: [201, 'RecurringInvoice'],
  listRecurringInvoices: [200, 'RecurringInvoicePage'],
  getRecurringInvoice: [200, 'RecurringInvoice'],
  updateRecurringInvoice: [200, 'RecurringInvoice'],
  deleteRecurringInvoice: [204, null],
  pauseRecurringInvoice: [200, 'RecurringInvoice'],
  resumeRecurringInvoice: [200, 'RecurringInvoice'],
};

/** Operations that answer a document rather than JSON: their 200 content types. */
const documents: Record<string, string | string[]> = {
  getBusinessLogo: ['image/png', 'image/jpeg'],
  getInvoiceUbl: 'application/xml',
  getInvoicePdf: 'application/pdf',
  getCreditNoteUbl: 'application/xml',
  getCreditNotePdf: 'application/pdf',
  getInvoiceCii: 'application/xml',
  getCreditNoteCii: 'application/xml',
  exportInvoicesCsv: 'text/csv',
  exportPaymentsCsv: 'text/csv',
  exportCreditNotesCsv: 'text/csv',
  exportClientsCsv: 'text/csv',
};

/** Operations that answer their named component as JSON, or as CSV when Accept asks for it. */
const reports: Record<string, string> = {
  getAgingReport: 'AgingReport',
  getRevenueReport: 'RevenueReport',
  getTaxReport: 'TaxReport',
};

/**
 * The problem codes each /api operation can answer beyond those of every operation of its kind
 * (400 validation_failed, 401 unauthorized, 413, 415, 429, 500, 503), by status; read from the
 * routes and services.
 */
const domainErrors: Record<string, Record<number, string[]>> = {
  registerUser: { 409: ['email_taken'] },
  loginUser: { 401: ['invalid_credentials'] },
  refreshTokens: { 401: ['unauthorized'] },
  logoutUser: { 401: ['unauthorized'] },
  updateCurrentUser: { 403: ['forbidden'], 409: ['email_taken'] },
  listUsers: { 403: ['forbidden'] },
  createApiKey: { 403: ['insufficient_scope'] },
  listApiKeys: { 403: ['insufficient_scope'] },
  getApiKey: { 403: ['insufficient_scope'], 404: ['not_found'] },
  deleteApiKey: { 403: ['insufficient_scope'], 404: ['not_found'] },
  getBillingClient: { 404: ['not_found'] },
  updateBillingClient: { 404: ['not_found'], 412: ['precondition_failed'] },
  deleteBillingClient: { 404: ['not_found'], 409: ['conflict'] },
  createInvoice: { 422: ['unprocessable'] },
  getInvoice: { 404: ['not_found'] },
  updateInvoice: { 404: ['not_found'], 409: ['invalid_transition'], 412: ['precondition_failed'], 422: ['unprocessable'] },
  deleteInvoice: { 404: ['not_found'], 409: ['invalid_transition'] },
  publishInvoice: { 404: ['not_found'], 409: ['invalid_transition'], 422: ['unprocessable'] },
  sendInvoice: {
    404: ['not_found'],
    409: ['invalid_transition'],
    422: ['profile_required', 'unprocessable', 'email_not_configured'],
  },
  voidInvoice: { 404: ['not_found'], 409: ['invalid_transition'] },
  payInvoice: { 404: ['not_found'], 409: ['invalid_transition'] },
  createInvoicePayment: { 404: ['not_found'], 409: ['invalid_transition'], 422: ['overpayment'] },
  listInvoicePayments: { 404: ['not_found'] },
  getPayment: { 404: ['not_found'] },
  getBusinessProfile: { 404: ['not_found'] },
  putBusinessLogo: { 404: ['not_found'] },
  getBusinessLogo: { 404: ['not_found'] },
  deleteBusinessLogo: { 404: ['not_found'] },
  putBusinessProfile: { 412: ['precondition_failed'] },
  updateBusinessProfile: { 404: ['not_found'], 412: ['precondition_failed'] },
  getInvoiceUbl: { 404: ['not_found'], 409: ['invalid_transition'], 422: ['profile_required', 'unprocessable'] },
  getInvoicePdf: { 404: ['not_found'], 409: ['invalid_transition'], 422: ['profile_required', 'unprocessable'] },
  getEvent: { 404: ['not_found'] },
  getEmail: { 404: ['not_found'] },
  getWebhookEndpoint: { 404: ['not_found'] },
  updateWebhookEndpoint: { 404: ['not_found'], 412: ['precondition_failed'] },
  deleteWebhookEndpoint: { 404: ['not_found'] },
  rotateWebhookSecret: { 404: ['not_found'] },
  listWebhookDeliveries: { 404: ['not_found'] },
  markInvoiceUncollectible: { 404: ['not_found'], 409: ['invalid_transition'] },
  rotateInvoiceLink: { 404: ['not_found'], 409: ['invalid_transition'] },
  createCreditNote: { 404: ['not_found'], 409: ['invalid_transition'], 422: ['unprocessable'] },
  getCreditNote: { 404: ['not_found'] },
  sendCreditNote: { 404: ['not_found'], 422: ['profile_required', 'unprocessable', 'email_not_configured'] },
  getCreditNoteUbl: { 404: ['not_found'], 422: ['profile_required', 'unprocessable'] },
  getCreditNotePdf: { 404: ['not_found'], 422: ['profile_required', 'unprocessable'] },
  getInvoiceCii: { 404: ['not_found'], 409: ['invalid_transition'], 422: ['profile_required', 'unprocessable'] },
  getCreditNoteCii: { 404: ['not_found'], 422: ['profile_required', 'unprocessable'] },
  createRecurringInvoice: { 422: ['unprocessable'] },
  getRecurringInvoice: { 404: ['not_found'] },
  updateRecurringInvoice: { 404: ['not_found'], 412: ['precondition_failed'] },
  deleteRecurringInvoice: { 404: ['not_found'] },
  pauseRecurringInvoice: { 404: ['not_found'], 409: ['invalid_transition'] },
  resumeRecurringInvoice: { 404: ['not_found'], 409: ['invalid_transition'] },
};

/** Response headers particular to a route, by operation and status. */
const responseHeaders: Record<string, Record<number, string[]>> = {
  registerUser: { 201: ['Set-Cookie', 'Cache-Control'] },
  loginUser: { 200: ['Set-Cookie', 'Cache-Control'] },
  refreshTokens: { 200: ['Set-Cookie', 'Cache-Control'] },
  logoutUser: { 204: ['Set-Cookie'] },
  createApiKey: { 201: ['Location', 'Cache-Control'] },
  createBillingClient: { 201: ['Location', 'ETag'] },
  getBillingClient: { 200: ['ETag'], 304: ['ETag'] },
  updateBillingClient: { 200: ['ETag'] },
  createInvoice: { 201: ['Location', 'ETag'] },
  getInvoice: { 200: ['ETag'], 304: ['ETag'] },
  updateInvoice: { 200: ['ETag'] },
  publishInvoice: { 200: ['ETag'] },
  sendInvoice: { 200: ['ETag'] },
  voidInvoice: { 200: ['ETag'] },
  payInvoice: { 200: ['ETag'] },
  createInvoicePayment: { 201: ['Location'] },
  createWebhookEndpoint: { 201: ['Location'] },
  createRecurringInvoice: { 201: ['Location', 'ETag'] },
  getRecurringInvoice: { 200: ['ETag'], 304: ['ETag'] },
  updateRecurringInvoice: { 200: ['ETag'] },
  pauseRecurringInvoice: { 200: ['ETag'] },
  resumeRecurringInvoice: { 200: ['ETag'] },
  getBusinessLogo: { 200: ['ETag', 'Cache-Control'], 304: ['ETag', 'Cache-Control'] },
  getWebhookEndpoint: { 200: ['ETag'], 304: ['ETag'] },
  updateWebhookEndpoint: { 200: ['ETag'] },
  getBusinessProfile: { 200: ['ETag'], 304: ['ETag'] },
  putBusinessProfile: { 200: ['ETag'] },
  updateBusinessProfile: { 200: ['ETag'] },
  getInvoiceUbl: { 200: ['ETag', 'Content-Disposition', 'Cache-Control'], 304: ['ETag', 'Cache-Control'] },
  getInvoicePdf: { 200: ['ETag', 'Content-Disposition', 'Cache-Control'], 304: ['ETag', 'Cache-Control'] },
  markInvoiceUncollectible: { 200: ['ETag'] },
  rotateInvoiceLink: { 200: ['ETag'] },
  createCreditNote: { 201: ['Location'] },
  getCreditNoteUbl: { 200: ['ETag', 'Content-Disposition', 'Cache-Control'], 304: ['ETag', 'Cache-Control'] },
  getCreditNotePdf: { 200: ['ETag', 'Content-Disposition', 'Cache-Control'], 304: ['ETag', 'Cache-Control'] },
  getInvoiceCii: { 200: ['ETag', 'Content-Disposition', 'Cache-Control'], 304: ['ETag', 'Cache-Control'] },
  getCreditNoteCii: { 200: ['ETag', 'Content-Disposition', 'Cache-Control'], 304: ['ETag', 'Cache-Control'] },
  getAgingReport: { 200: ['Vary', 'Content-Disposition'] },
  getRevenueReport: { 200: ['Vary', 'Content-Disposition'] },
  getTaxReport: { 200: ['Vary', 'Content-Disposition'] },
  exportInvoicesCsv: { 200: ['Content-Disposition'] },
  exportPaymentsCsv: { 200: ['Content-Disposition'] },
  exportCreditNotesCsv: { 200: ['Content-Disposition'] },
  exportClientsCsv: { 200: ['Content-Disposition'] },
};
const rateLimitHeaders = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

/** Every POST under /api/v1 takes an Idempotency-Key, but the auth routes' and createApiKey (its key is shown once). */
const NOT_IDEMPOTENT = new Set([
  'registerUser',
  'loginUser',
  'refreshTokens',
  'logoutUser',
  'requestPasswordReset',
  'confirmPasswordReset',
  'createApiKey',
]);
const isIdempotentPost = (method: string, path: string, id: string) =>
  method === 'post' && path.startsWith('/api/') && !NOT_IDEMPOTENT.has(id);

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

/** The problem codes an error response narrows Problem.code to. */
function problemCodes(found: Operation, status: number): string[] {
  const schema = responseOf(found, status)?.content?.['application/problem+json']?.schema as { allOf?: ObjectSubtype[] } | undefined;
  const code = schema?.allOf?.[1]?.properties?.code as { enum?: string[] } | undefined;
  return code?.enum ?? [];
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
  const t = useTestApp();
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
    const response = await t.app.inject({ url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    document = response.json();
    operations = operationsOf(document);
    // A deep copy: openapi-typescript annotates the document it is given.
    const text = astToString(await openapiTS(structuredClone(document)));
    generated = ts.createSourceFile('api.d.ts', text, ts.ScriptTarget.ES2022, true);
  });

  it('generates syntactically valid declarations with one operation type per operationId', () => {
    const diagnostics = (generated as ts.SourceFile & { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
    expect(diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))).toEqual([]);
    for (const { id } of operations) expect(operationType(id, 'responses').type).toMatch(/^\{/);
  });

  it('carries the info, license, servers and tag list a generator names the SDK and its modules after', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(document.info.license?.name).toBeTruthy();
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
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
    expect([...Object.keys(successes), ...Object.keys(documents), ...Object.keys(reports)].sort()).toEqual(
      operations.filter(({ path }) => path.startsWith('/api/')).map(({ id }) => id).sort(),
    );
  });

  it('names every concept as a component that the operations reference, with no def-N or leftover $id', () => {
    const named = [
      'Invoice', 'InvoiceItem', 'InvoiceSummary', 'InvoicePage', 'BillingClient', 'BillingClientAddress', 'BillingClientPage',
      'Payment', 'PaymentPage', 'User', 'UserPage', 'AuthSession', 'Problem', 'FieldError',
      'InvoiceStatus', 'PaymentMethod', 'BillingClientKind', 'Role', 'BillingClientAddressInput', 'InvoiceItemInput',
      'BusinessProfile', 'InvoiceSeller', 'InvoiceBuyer', 'ElectronicAddress', 'BankAccount', 'TaxCategory',
      'TaxRounding', 'TaxBreakdownEntry', 'TaxExemption', 'CreditNote', 'CreditNoteSummary', 'CreditNotePage',
      'ReminderSettings', 'ReminderSettingsInput',
    ];
    const components = Object.keys(document.components?.schemas ?? {});
    expect(components).toEqual(expect.arrayContaining(named));
    const refs = new Set(refsIn(document).filter((ref) => ref.startsWith('#/components/schemas/')));
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
      expect(Object.keys(responseOf(operation(id), 200)?.content ?? {}), id).toEqual([type].flat());
    }
    for (const [id, name] of Object.entries(reports)) {
      const content = responseOf(operation(id), 200)?.content ?? {};
      expect(Object.keys(content), id).toEqual(['application/json', 'text/csv']);
      expect(content['application/json'], id).toEqual({ schema: { $ref: `#/components/schemas/${name}` } });
    }
    expect(operationType('deleteInvoice', 'responses', 204, 'content')).toEqual({ optional: true, type: 'never' });
    expect(operationType('getInvoice', 'responses', 200, 'content', 'application/json').type).toBe(
      'components["schemas"]["Invoice"]',
    );
  });

  it('types every error response as a Problem narrowed to the codes that operation returns at that status', () => {
    for (const found of operations) {
      for (const status of Object.keys(found.operation.responses ?? {}).filter((code) => /^[45]/.test(code))) {
        const content = responseOf(found, Number(status))?.content ?? {};
        expect(Object.keys(content), `${found.id} ${status}`).toEqual(['application/problem+json']);
        const { allOf } = content['application/problem+json']?.schema as unknown as { allOf: [ReferenceObject, ObjectSubtype] };
        expect(allOf[0], `${found.id} ${status}`).toEqual({ $ref: PROBLEM_REF });
        expect(allOf[1].required, `${found.id} ${status}`).toEqual(['status', 'code']);
        expect(allOf[1].properties?.status, `${found.id} ${status}`).toEqual({ type: 'integer', enum: [Number(status)] });
        for (const code of problemCodes(found, Number(status))) expect(problemTitles[code as ProblemCode][0], code).toBe(Number(status));
      }
    }
    const preconditionFailed = operationType('updateInvoice', 'responses', 412, 'content', 'application/problem+json').type;
    expect(preconditionFailed).toMatch(/^components\["schemas"\]\["Problem"\] & \{/);
    expect(preconditionFailed).toMatch(/status: 412;[\s\S]*code: "precondition_failed";/);
    expect(schema('Problem').required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'requestId']),
    );
    expect(component('Problem', 'errors')).toEqual({ optional: true, type: 'components["schemas"]["FieldError"][]' });
    expect(component('Problem', 'instance').optional).toBe(true);
  });

  it('lists exactly the codes each operation can return: its own, and those of every operation of its kind', () => {
    for (const found of operations.filter(({ path }) => path.startsWith('/api/'))) {
      const { operation: { requestBody, parameters = [], security = [] }, method } = found;
      const validated = requestBody || parameters.some((parameter) => !isRef(parameter) && parameter.in !== 'path') || method !== 'get';
      const expected: Record<number, string[] | undefined> = {
        ...(validated ? { 400: ['validation_failed'] } : {}),
        ...(security.length > 0 ? { 401: ['unauthorized'] } : {}),
        ...(security.length > 0 && method !== 'get' ? { 403: ['insufficient_scope'] } : {}),
        ...(isIdempotentPost(method, found.path, found.id) ? { 422: ['idempotency_key_reused'] } : {}),
        ...(requestBody ? { 413: ['payload_too_large'], 415: ['unsupported_media_type'] } : {}),
        429: ['rate_limited'],
        500: ['internal'],
        503: ['service_unavailable'],
      };
      for (const [status, codes] of Object.entries(domainErrors[found.id] ?? {})) {
        expected[Number(status)] = [...new Set([...(expected[Number(status)] ?? []), ...codes])];
      }
      const documented = Object.keys(found.operation.responses ?? {}).filter((code) => /^[45]/.test(code));
      expect(documented.sort(), found.id).toEqual(Object.keys(expected).sort());
      for (const [status, codes] of Object.entries(expected)) {
        expect(problemCodes(found, Number(status)).sort(), `${found.id} ${status}`).toEqual([...(codes ?? [])].sort());
      }
    }
    expect(Object.keys(operation('getReadiness').operation.responses ?? {})).toEqual(['200', '503']);
    expect(operationType('createInvoicePayment', 'responses', 422, 'content', 'application/problem+json').type).toContain(
      'code: "idempotency_key_reused" | "overpayment";',
    );
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
      InvoiceStatus: '"draft" | "published" | "sent" | "paid" | "void" | "uncollectible"',
      PaymentMethod: '"card" | "bank_transfer" | "cash" | "check" | "other"',
      BillingClientKind: '"customer" | "vendor"',
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
    expect(component('BillingClient', 'kind').type).toBe(named('BillingClientKind'));
    expect(operationType('listBillingClients', 'parameters', 'query', 'kind').type).toBe(named('BillingClientKind'));
    expect(component('User', 'role').type).toBe(named('Role'));
    expect(component('Problem', 'code').type).toContain('"validation_failed"');
  });

  it('marks money fields int64, and money inputs an int64 or a string of digits, with no fractional multipleOf anywhere', () => {
    for (const [name, field] of [['Invoice', 'total'], ['InvoiceItem', 'unitPrice'], ['Payment', 'amount']] as const) {
      expect(schema(name).properties?.[field], `${name}.${field}`).toMatchObject({ type: 'integer', format: 'int64' });
    }
    for (const [name, field, minimum] of [['InvoiceItemInput', 'unitPrice', 0], ['CreatePaymentBody', 'amount', 1]] as const) {
      expect(schema(name).properties?.[field], `${name}.${field}`).toMatchObject({
        anyOf: [
          { type: 'integer', format: 'int64', minimum, maximum: Number.MAX_SAFE_INTEGER },
          { type: 'string', pattern: expect.any(String), maxLength: 16 },
        ],
      });
    }
    const text = JSON.stringify(document);
    expect(text).not.toContain('multipleOf');
    expect(text).not.toContain('normalise');
    expect(component('InvoiceItemInput', 'quantity').type).toBe('number');
  });

  it('types response fields as the API sends them: always present, nullable as T | null, money as integers', () => {
    for (const name of ['Invoice', 'InvoiceSummary', 'InvoiceItem', 'BillingClient', 'Payment', 'User', 'AuthSession', 'UserPage']) {
      const { properties = {}, required = [] } = schema(name);
      expect(required, name).toEqual(expect.arrayContaining(Object.keys(properties)));
    }
    for (const field of ['number', 'notes', 'publishedAt', 'sentAt', 'paidAt', 'voidedAt']) {
      expect(component('Invoice', field), field).toEqual({ optional: false, type: 'string | null' });
    }
    for (const field of ['contactName', 'email', 'phone', 'taxId', 'notes']) {
      expect(component('BillingClient', field), field).toEqual({ optional: false, type: 'string | null' });
    }
    expect(component('BillingClient', 'address')).toEqual({ optional: false, type: 'components["schemas"]["BillingClientAddress"] | null' });
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
    expect(createPayment('amount')).toEqual({ optional: false, type: 'number | string' });
    expect(createPayment('paidAt').optional).toBe(true);
    for (const id of ['listUsers', 'listBillingClients', 'listInvoices', 'listInvoicePayments', 'listPayments']) {
      expect(operationType(id, 'parameters', 'query', 'limit'), id).toEqual({ optional: true, type: 'number' });
      expect(operationType(id, 'parameters', 'query', 'cursor'), id).toEqual({ optional: true, type: 'string' });
      const limit = operation(id).operation.parameters?.find((parameter) => !isRef(parameter) && parameter.name === 'limit');
      expect((limit as ParameterObject).schema, id).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
    }
  });

  it('documents the If-Match and Idempotency-Key request headers', () => {
    expect(operationType('updateInvoice', 'parameters', 'header', 'if-match')).toEqual({ optional: true, type: 'string' });
    const posts = operations.filter(({ method, path, id }) => isIdempotentPost(method, path, id));
    expect(posts.length).toBeGreaterThanOrEqual(11);
    for (const { id } of posts) {
      expect(operationType(id, 'parameters', 'header', 'idempotency-key'), id).toEqual({ optional: true, type: 'string' });
    }
    for (const id of ['updateBillingClient', 'updateWebhookEndpoint', 'putBusinessProfile', 'updateBusinessProfile']) {
      expect(operationType(id, 'parameters', 'header', 'if-match'), id).toEqual({ optional: true, type: 'string' });
    }
    for (const id of ['getBillingClient', 'getInvoice', 'getBusinessProfile', 'getWebhookEndpoint']) {
      expect(operationType(id, 'parameters', 'header', 'if-none-match'), id).toEqual({ optional: true, type: 'string' });
    }
  });

  it('references a shared header component for every header a response carries, numeric ones as integers', () => {
    const headers = document.components?.headers as Record<string, { required: boolean; schema: { type: string } }>;
    for (const name of ['X-Request-Id', 'WWW-Authenticate', 'Retry-After', 'ETag', 'Location', 'Set-Cookie', 'Cache-Control']) {
      expect(headers[name]?.required, name).toBe(true);
    }
    for (const name of [...rateLimitHeaders, 'Retry-After']) expect(headers[name]?.schema.type, name).toBe('integer');
    for (const found of operations) {
      const api = found.path.startsWith('/api/');
      for (const [status, response] of Object.entries(found.operation.responses ?? {})) {
        const scopeCodes = status === '403' ? problemCodes(found, 403) : [];
        // A 403 that may also be another refusal (PATCH /users/me: a wrong current password) challenges only on a want of scope.
        const challengeOptional = scopeCodes.includes('insufficient_scope') && scopeCodes.some((code) => code !== 'insufficient_scope');
        const expected = [
          'X-Request-Id',
          ...(api ? rateLimitHeaders : []),
          ...(status === '429' || status === '503' ? ['Retry-After'] : []),
          ...((status === '401' || scopeCodes.includes('insufficient_scope')) && found.operation.security?.length ? ['WWW-Authenticate'] : []),
          ...(responseHeaders[found.id]?.[Number(status)] ?? []),
          ...(status.startsWith('2') && isIdempotentPost(found.method, found.path, found.id) ? ['Idempotent-Replayed'] : []),
        ];
        const documented = (response as ResponseObject).headers ?? {};
        expect(Object.keys(documented).sort(), `${found.id} ${status}`).toEqual(expected.sort());
        for (const [name, header] of Object.entries(documented)) {
          if (name === 'WWW-Authenticate' && challengeOptional) expect(header, `${found.id} ${status}`).toMatchObject({ required: false, schema: { type: 'string' } });
          else expect(header, `${found.id} ${status} ${name}`).toEqual({ $ref: `#/components/headers/${name}` });
        }
      }
    }
  });

  it('documents no 413 or 415 on an operation that takes no body', () => {
    for (const found of operations.filter(({ operation: { requestBody } }) => !requestBody)) {
      expect(Object.keys(found.operation.responses ?? {}), found.id).not.toContain('413');
      expect(Object.keys(found.operation.responses ?? {}), found.id).not.toContain('415');
    }
  });

  it('names every request body as a component, so a shared part like InvoiceItemInput is one type', () => {
    const bodies: Record<string, string> = {
      registerUser: 'RegisterBody',
      loginUser: 'LoginBody',
      refreshTokens: 'RefreshTokenBody',
      logoutUser: 'RefreshTokenBody',
      requestPasswordReset: 'PasswordResetBody',
      confirmPasswordReset: 'PasswordResetConfirmBody',
      updateCurrentUser: 'UpdateCurrentUserBody',
      createApiKey: 'CreateApiKeyBody',
      createBillingClient: 'CreateBillingClientBody',
      updateBillingClient: 'UpdateBillingClientBody',
      createInvoice: 'CreateInvoiceBody',
      updateInvoice: 'UpdateInvoiceBody',
      payInvoice: 'PayInvoiceBody',
      sendInvoice: 'SendInvoiceBody',
      sendCreditNote: 'SendCreditNoteBody',
      createInvoicePayment: 'CreatePaymentBody',
      createCreditNote: 'CreateCreditNoteBody',
      putBusinessProfile: 'PutBusinessProfileBody',
      updateBusinessProfile: 'PatchBusinessProfileBody',
      createWebhookEndpoint: 'CreateWebhookEndpointBody',
      updateWebhookEndpoint: 'UpdateWebhookEndpointBody',
      createRecurringInvoice: 'CreateRecurringInvoiceBody',
      updateRecurringInvoice: 'UpdateRecurringInvoiceBody',
    };
    // The logo is sent as the image itself.
    expect(Object.keys((operation('putBusinessLogo').operation.requestBody as { content: object }).content)).toEqual(['image/png', 'image/jpeg']);
    for (const found of operations.filter(({ id }) => id !== 'putBusinessLogo')) {
      const content = (found.operation.requestBody as { content?: Record<string, unknown> } | undefined)?.content;
      const name = bodies[found.id];
      if (name === undefined) expect(content, found.id).toBeUndefined();
      else expect(content, found.id).toEqual({ 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } });
    }
    for (const name of ['CreateInvoiceBody', 'UpdateInvoiceBody']) {
      expect(component(name, 'items').type).toBe('components["schemas"]["InvoiceItemInput"][]');
    }
  });

  it('lets refresh, logout, PATCH /users/me and send omit their body, and requires every other body', () => {
    const optional = ['refreshTokens', 'logoutUser', 'updateCurrentUser', 'sendInvoice'];
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

  it('makes line2, postalCode and region required and nullable in responses, optional in requests', () => {
    for (const field of ['line2', 'postalCode', 'region']) {
      expect(component('BillingClientAddress', field), field).toEqual({ optional: false, type: 'string | null' });
      expect(component('BillingClientAddressInput', field).optional, field).toBe(true);
    }
    expect(component('BillingClient', 'address').type).toBe('components["schemas"]["BillingClientAddress"] | null');
    expect(component('CreateBillingClientBody', 'address').type).toBe('components["schemas"]["BillingClientAddressInput"] | null');
  });
});
