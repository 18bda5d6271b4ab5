/**
 * Errors a person can act on: one plain message per field at its JSON Pointer, no regular
 * expression quoted back, JSON syntax errors with their line and column, and a 415 that says
 * which Content-Type to send. Each refused request writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { REGEX_LIKE } from '../helpers/plain-messages.js';
import { useTestUser } from '../helpers/users.js';
import { clientBody, createClient, snapshot } from '../clients/helpers.js';
import { invalidInvoiceFields, invoiceBody, item } from '../invoices/helpers.js';

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}


const MONEY = 'must be an integer amount in minor units (cents), e.g. 1999';
const DATE = 'must be a date, YYYY-MM-DD';

describe('validation messages', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  let clientId: string;
  let before: unknown[];

  beforeAll(async () => {
    clientId = (await createClient(t.app, user.token)).id;
    before = [await snapshot(t.app, 'clients'), await snapshot(t.app, 'invoices'), await snapshot(t.app, 'invoice_items')];
  });
  afterAll(async () => {
    expect([await snapshot(t.app, 'clients'), await snapshot(t.app, 'invoices'), await snapshot(t.app, 'invoice_items')]).toEqual(before);
  });

  async function refused(method: 'POST' | 'PATCH' | 'GET' | 'PUT', url: string, payload?: string, contentType = 'application/json') {
    const response = await t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${user.token}`, ...(payload === undefined ? {} : { 'content-type': contentType }) },
      ...(payload === undefined ? {} : { payload }),
    });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return { status: response.statusCode, body: response.json() as Problem };
  }

  /** A 400 whose errors[] names each field once, says it plainly, and quotes no pattern. */
  function expectPlain(body: Problem) {
    expect(body.code).toBe('validation_failed');
    const paths = (body.errors ?? []).map((error) => error.path);
    expect(new Set(paths).size, JSON.stringify(body.errors)).toBe(paths.length);
    for (const { path, message } of body.errors ?? []) {
      expect(path).toMatch(/^\//);
      expect(message, path).not.toMatch(REGEX_LIKE);
    }
    expect(body.detail).not.toMatch(REGEX_LIKE);
  }

  it.each([
    ['a fractional unitPrice', { items: [item({ unitPrice: 19.99 })] }, '/items/0/unitPrice', MONEY],
    ['a decimal string as unitPrice', { items: [item({ unitPrice: '19.99' })] }, '/items/0/unitPrice', MONEY],
    ['a unitPrice of 17 digits', { items: [item({ unitPrice: '12345678901234567' })] }, '/items/0/unitPrice', MONEY],
    ['true as unitPrice', { items: [item({ unitPrice: true })] }, '/items/0/unitPrice', MONEY],
    ['a negative unitPrice', { items: [item({ unitPrice: -1 })] }, '/items/0/unitPrice', 'must be at least 0'],
    ['a unitPrice past 2^53', { items: [item({ unitPrice: 2 ** 53 })] }, '/items/0/unitPrice', `must be at most ${Number.MAX_SAFE_INTEGER}`],
    ['digits past 2^53', { items: [item({ unitPrice: '9007199254740992' })] }, '/items/0/unitPrice', `must be at most ${Number.MAX_SAFE_INTEGER}`],
    ['a lower-case currency', { currency: 'usd' }, '/currency', 'must be an ISO 4217 currency code in upper case, e.g. USD, EUR, JPY'],
    ['an unknown currency', { currency: 'XXQ' }, '/currency', 'must be an ISO 4217 currency code in upper case, e.g. USD, EUR, JPY'],
    ['an impossible date', { dueDate: '2026-02-30' }, '/dueDate', DATE],
    ['a date past midnight', { dueDate: '2099-01-01T00:00:01Z' }, '/dueDate', DATE],
    ['a number as a date', { dueDate: 20991231 }, '/dueDate', DATE],
    ['a malformed clientId', { clientId: 'not-a-uuid' }, '/clientId', 'must be a UUID'],
    ['a urn clientId', { clientId: 'urn:uuid:4f0e6d2e-9a53-4b9e-a0c4-6f7c0a1f2b3c' }, '/clientId', 'must be a UUID'],
    ['an empty description', { items: [item({ description: '' })] }, '/items/0/description', 'must not be empty'],
    ['a blank description', { items: [item({ description: '   ' })] }, '/items/0/description', 'must not be blank'],
    ['a long description', { items: [item({ description: 'x'.repeat(501) })] }, '/items/0/description', 'must be at most 500 characters long'],
    ['a zero quantity', { items: [item({ quantity: 0 })] }, '/items/0/quantity', 'must be greater than 0'],
    ['a lower-case unit code', { items: [item({ unitCode: 'hur' })] }, '/items/0/unitCode', 'must be a UN/ECE Recommendation 20 or 21 unit code, e.g. C62, HUR, DAY, KGM'],
    ['an unknown tax category', { items: [item({ taxCategory: 'X' })] }, '/items/0/taxCategory', expect.stringMatching(/^must be one of (\w+, )+Z$/)],
    ['an unknown property', { colour: 'red' }, '/colour', 'is not an allowed property'],
    ['a bad VATEX code', { taxExemptions: [{ category: 'E', reasonCode: 'vatex-eu-79-c' }] }, '/taxExemptions/0/reasonCode', expect.stringMatching(/^is not in the expected format: VATEX/)],
  ])('POST /invoices with %s: %s says one plain message', async (_name, overrides, path, message) => {
    const { status, body } = await refused('POST', '/api/v1/invoices', JSON.stringify(invoiceBody(clientId, overrides)));
    expect(status).toBe(400);
    expectPlain(body);
    expect(body.errors).toEqual([{ path, message }]);
  });

  it.each(invalidInvoiceFields)('POST /invoices with %s: one plain message per field, no pattern', async (_name, overrides, path) => {
    const { status, body } = await refused('POST', '/api/v1/invoices', JSON.stringify(invoiceBody(clientId, overrides)));
    // A few rows are business rules (422, 400 from the service); every 400 must read plainly.
    expect([400, 422]).toContain(status);
    if (status === 400) {
      expectPlain(body);
      expect(body.errors?.map((error) => error.path)).toContain(path);
    }
  });

  it.each([
    ['a missing field', '/api/v1/clients', { kind: 'customer', currency: 'EUR' }, [{ path: '/companyName', message: 'is required' }]],
    ['an unknown country in a nested object', '/api/v1/clients', clientBody({ address: { line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'de' } }), [{ path: '/address/country', message: 'must be an ISO 3166-1 alpha-2 country code in upper case, e.g. DE, FR, US' }]],
    ['a number where text or null goes', '/api/v1/clients', clientBody({ notes: 7 }), [{ path: '/notes', message: 'must be a string or null' }]],
    ['a number where an address or null goes', '/api/v1/clients', clientBody({ address: 7 }), [{ path: '/address', message: 'must be an object or null' }]],
    ['an unknown kind', '/api/v1/clients', clientBody({ kind: 'partner' }), [{ path: '/kind', message: 'must be one of customer, vendor' }]],
  ] as [string, string, object, Problem['errors']][])(
    'POST %s: %s',
    async (_name, url, payload, errors) => {
      const { status, body } = await refused('POST', url, JSON.stringify(payload));
      expect(status).toBe(400);
      expectPlain(body);
      expect(body.errors).toEqual(errors);
    },
  );

  it.each([
    ['/api/v1/invoices?limit=0', '/limit', 'must be at least 1'],
    ['/api/v1/invoices?limit=many', '/limit', 'must be an integer'],
    ['/api/v1/invoices?status=lost', '/status', expect.stringMatching(/^must be one of draft, /)],
    ['/api/v1/events?createdAfter=yesterday', '/createdAfter', expect.stringMatching(/^must be a date and time in ISO 8601/)],
  ])('GET %s names %s plainly', async (url, path, message) => {
    const { status, body } = await refused('GET', url);
    expect(status).toBe(400);
    expectPlain(body);
    expect(body.errors).toEqual([{ path, message }]);
  });

  it.each([
    ['a missing value', '{"companyName": }', 'at line 1, column 17: expected a value, found \'}\''],
    ['a trailing comma', '{"kind":"customer",}', "at line 1, column 20: expected a property name in double quotes, found '}'"],
    ['an unquoted key', '{kind: "customer"}', "at line 1, column 2: expected a property name in double quotes or '}', found 'k'"],
    ['a missing comma on line 3', '{\n  "kind": "customer"\n  "companyName": "Acme"\n}', "at line 3, column 3: expected ',' or the end of the object or array, found '\"'"],
    ['a cut-off body', '{"companyName": "Acme', 'at line 1, column 22: expected a string'],
    ['a bad escape', '{"companyName": "A\\x"}', 'at line 1, column 19: expected a string'],
    ['single quotes', "{'kind': 1}", "at line 1, column 2: expected a property name in double quotes or '}', found '''"],
    ['two documents', '{} {}', "at line 1, column 4: expected nothing more, found '{'"],
    ['a misspelt literal', '{"notes": nul}', "at line 1, column 11: expected a value, found 'n'"],
  ])('JSON with %s is a 400 naming line and column', async (_name, payload, where) => {
    const { status, body } = await refused('POST', '/api/v1/clients', payload);
    expect(status).toBe(400);
    expect(body.code).toBe('validation_failed');
    expect(body.detail).toContain(`Request body is not valid JSON: ${where}`);
  });

  it.each([
    ['text/plain', 'POST', '/api/v1/clients', 'Content-Type text/plain is not accepted here: send application/json'],
    ['application/x-www-form-urlencoded', 'POST', '/api/v1/clients', 'Content-Type application/x-www-form-urlencoded is not accepted here: send application/json'],
    ['text/plain', 'PUT', '/api/v1/business/logo', 'Content-Type text/plain is not accepted here: send image/png or image/jpeg'],
  ] as const)('a %s body on %s %s is a 415 unsupported_media_type that says what to send', async (type, method, url, detail) => {
    const { status, body } = await refused(method, url, 'kind=customer', type);
    expect(status).toBe(415);
    expect(body).toMatchObject({ status: 415, code: 'unsupported_media_type', detail });
  });
});
