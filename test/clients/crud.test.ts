import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../schemas/clients.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, useTestUser } from '../helpers/users.js';
import { type Problem, clientBody, createClient, expectFieldError, snapshot } from './helpers.js';

describe('clients CRUD', () => {
  const t = useTestApp();
  const user = useTestUser(t);

  const full = {
    kind: 'vendor',
    companyName: 'Globex Corporation',
    contactName: 'Hank Scorpio',
    email: 'billing@globex.example',
    phone: '+1 555 0100',
    address: { line1: '1 Cypress Creek', line2: 'Suite 9', city: 'Springfield', postalCode: '49007', region: 'OR', country: 'US' },
    taxId: 'US-123456789',
    currency: 'USD',
    notes: 'Pays on time',
  };

  it('creates a client with every field and stores it', async () => {
    const { body, response } = await call<Client>(t.app, { method: 'POST', url: '/api/v1/clients', token: user.token, body: full }, 201);
    expect(body).toMatchObject({ ...full, id: expect.any(String) });
    expect(response.headers.location).toBe(`/api/v1/clients/${body.id}`);
    expect(body.createdAt).toBe(body.updatedAt);
    const row = await t.app.db.selectFrom('clients').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      user_id: user.id,
      kind: 'vendor',
      company_name: 'Globex Corporation',
      contact_name: 'Hank Scorpio',
      email: 'billing@globex.example',
      tax_id: 'US-123456789',
      currency: 'USD',
      address: full.address,
    });
  });

  it('returns absent optional fields as null', async () => {
    const client = await createClient(t.app, user.token, { address: { line1: 'Hauptstr. 1', city: 'Berlin', country: 'DE' } });
    expect(client).toMatchObject({
      contactName: null,
      email: null,
      phone: null,
      taxId: null,
      notes: null,
      language: null,
      address: { line1: 'Hauptstr. 1', line2: null, city: 'Berlin', postalCode: null, region: null, country: 'DE' },
    });
    const { body } = await call(t.app, { method: 'GET', url: `/api/v1/clients/${client.id}`, token: user.token }, 200);
    expect(body).toEqual(client);
    const bare = await createClient(t.app, user.token);
    expect(bare.address).toBeNull();
  });

  it('patches only the given fields, clears optional ones with null, and bumps updatedAt', async () => {
    const created = (await call<Client>(t.app, { method: 'POST', url: '/api/v1/clients', token: user.token, body: full }, 201)).body;
    const { body } = await call<Client>(
      t.app,
      { method: 'PATCH', url: `/api/v1/clients/${created.id}`, token: user.token, body: { companyName: 'Globex Inc.', email: null, address: null } },
      200,
    );
    expect(body).toEqual({
      ...created,
      companyName: 'Globex Inc.',
      email: null,
      address: null,
      updatedAt: expect.any(String),
    });
    expect(Date.parse(body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    const row = await t.app.db.selectFrom('clients').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ company_name: 'Globex Inc.', email: null, address: null, contact_name: 'Hank Scorpio', phone: '+1 555 0100' });
  });

  it('tags every single-client response with an ETag that changes exactly when the client does', async () => {
    const created = await call<Client>(t.app, { method: 'POST', url: '/api/v1/clients', token: user.token, body: full }, 201);
    const url = `/api/v1/clients/${created.body.id}`;
    const read = await call<Client>(t.app, { method: 'GET', url, token: user.token }, 200);
    expect(created.response.headers.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(read.response.headers.etag).toBe(created.response.headers.etag);
    const patched = await call<Client>(t.app, { method: 'PATCH', url, token: user.token, body: { notes: 'Changed' } }, 200);
    expect(patched.response.headers.etag).not.toBe(created.response.headers.etag);
    expect((await call(t.app, { method: 'GET', url, token: user.token }, 200)).response.headers.etag).toBe(patched.response.headers.etag);
  });

  it('replaces the address whole on PATCH', async () => {
    const created = (await call<Client>(t.app, { method: 'POST', url: '/api/v1/clients', token: user.token, body: full }, 201)).body;
    const { body } = await call<Client>(
      t.app,
      { method: 'PATCH', url: `/api/v1/clients/${created.id}`, token: user.token, body: { address: { line1: 'Rue 2', city: 'Paris', country: 'FR' } } },
      200,
    );
    expect(body.address).toEqual({ line1: 'Rue 2', line2: null, city: 'Paris', postalCode: null, region: null, country: 'FR' });
  });

  it('deletes a client without invoices', async () => {
    const client = await createClient(t.app, user.token);
    const { response } = await call(t.app, { method: 'DELETE', url: `/api/v1/clients/${client.id}`, token: user.token }, 204);
    expect(response.body).toBe('');
    expect(await t.app.db.selectFrom('clients').where('id', '=', client.id).select('id').executeTakeFirst()).toBeUndefined();
    await call(t.app, { method: 'GET', url: `/api/v1/clients/${client.id}`, token: user.token }, 404);
    await call(t.app, { method: 'DELETE', url: `/api/v1/clients/${client.id}`, token: user.token }, 404);
  });

  it('refuses to delete a client with an invoice: 409 conflict, nothing deleted', async () => {
    const client = await createClient(t.app, user.token);
    await call(t.app, { method: 'POST', url: '/api/v1/invoices', token: user.token, body: { clientId: client.id, dueDate: '2099-01-01' } }, 201);
    const before = await snapshot(t.app, 'clients');
    const { body } = await call<Problem>(t.app, { method: 'DELETE', url: `/api/v1/clients/${client.id}`, token: user.token }, 409);
    expect(body.code).toBe('conflict');
    expect(await snapshot(t.app, 'clients')).toEqual(before);
  });

  it('never leaves an invoice without its client when a delete races an invoice create', async () => {
    for (let round = 0; round < 5; round += 1) {
      const client = await createClient(t.app, user.token);
      const [deleted, created] = await Promise.all([
        t.app.inject({ method: 'DELETE', url: `/api/v1/clients/${client.id}`, headers: { authorization: `Bearer ${user.token}` } }),
        t.app.inject({
          method: 'POST',
          url: '/api/v1/invoices',
          headers: { authorization: `Bearer ${user.token}` },
          payload: { clientId: client.id, dueDate: '2099-01-01' },
        }),
      ]);
      const outcome = [deleted.statusCode, created.statusCode];
      expect([[409, 201], [204, 422]]).toContainEqual(outcome);
      const clientLeft = await t.app.db.selectFrom('clients').select('id').where('id', '=', client.id).executeTakeFirst();
      expect(Boolean(clientLeft)).toBe(outcome[0] === 409);
    }
  });

  it('answers 404 for unknown and malformed ids', async () => {
    for (const id of ['4f0e6d2e-9a53-4b9e-a0c4-6f7c0a1f2b3c', 'not-a-uuid', '1']) {
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const { body } = await call<Problem>(
          t.app,
          { method, url: `/api/v1/clients/${id}`, token: user.token, ...(method === 'PATCH' ? { body: { notes: 'x' } } : {}) },
          404,
        );
        expect(body.code).toBe('not_found');
      }
    }
  });

  it("answers 404 on another user's client for every verb and changes nothing", async () => {
    const owner = await createUser(t.app);
    const intruder = await createUser(t.app);
    const client = await createClient(t.app, owner.token);
    const before = await snapshot(t.app, 'clients');
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const { body } = await call<Problem>(
        t.app,
        { method, url: `/api/v1/clients/${client.id}`, token: intruder.token, ...(method === 'PATCH' ? { body: { companyName: 'Mine now' } } : {}) },
        404,
      );
      expect(body.code).toBe('not_found');
    }
    expect(await snapshot(t.app, 'clients')).toEqual(before);
  });

  it('needs authentication on every route', async () => {
    const client = await createClient(t.app, user.token);
    for (const [method, url] of [
      ['POST', '/api/v1/clients'],
      ['GET', '/api/v1/clients'],
      ['GET', `/api/v1/clients/${client.id}`],
      ['PATCH', `/api/v1/clients/${client.id}`],
      ['DELETE', `/api/v1/clients/${client.id}`],
    ] as const) {
      const { body } = await call<Problem>(t.app, { method, url, body: method === 'POST' ? clientBody() : undefined }, 401);
      expect(body.code).toBe('unauthorized');
    }
  });

  it('answers 401, not 500, to a still-valid token of a deleted user, and writes nothing', async () => {
    const gone = await createUser(t.app);
    await t.app.db.deleteFrom('users').where('id', '=', gone.id).execute();
    const before = await snapshot(t.app, 'clients');
    const { body } = await call<Problem>(t.app, { method: 'POST', url: '/api/v1/clients', token: gone.token, body: clientBody() }, 401);
    expect(body.code).toBe('unauthorized');
    expect(await snapshot(t.app, 'clients')).toEqual(before);
  });
});

describe('clients validation', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  let existing: Client;
  beforeAll(async () => {
    existing = await createClient(t.app, user.token);
  });

  const address = { line1: 'Hauptstr. 1', city: 'Berlin', country: 'DE' };
  const invalidFields: [string, Record<string, unknown>, string][] = [
    ['lower-case currency', { currency: 'usd' }, '/currency'],
    ['unknown currency XXX', { currency: 'XXX' }, '/currency'],
    ['two-letter currency', { currency: 'US' }, '/currency'],
    ['null currency', { currency: null }, '/currency'],
    ['unknown country', { address: { ...address, country: 'XX' } }, '/address/country'],
    ['lower-case country', { address: { ...address, country: 'de' } }, '/address/country'],
    ['address without city', { address: { line1: 'x', country: 'DE' } }, '/address/city'],
    ['unknown address property', { address: { ...address, street: 'x' } }, '/address/street'],
    ['empty company name', { companyName: '' }, '/companyName'],
    ['201-character company name', { companyName: 'x'.repeat(201) }, '/companyName'],
    ['null company name', { companyName: null }, '/companyName'],
    ['whitespace-only company name', { companyName: ' \t ' }, '/companyName'],
    ['whitespace-only contact name', { contactName: '   ' }, '/contactName'],
    ['whitespace-only address city', { address: { ...address, city: ' ' } }, '/address/city'],
    ['unknown kind', { kind: 'partner' }, '/kind'],
    ['invalid email', { email: 'not-an-email' }, '/email'],
    ['overlong notes', { notes: 'x'.repeat(2001) }, '/notes'],
    ['overlong phone', { phone: '1'.repeat(51) }, '/phone'],
    ['unknown property', { role: 'admin' }, '/role'],
    ['number as company name', { companyName: 42 }, '/companyName'],
  ];

  it.each(invalidFields)('POST with %s → 400 naming the field, no row written', async (_name, fields, path) => {
    const before = await snapshot(t.app, 'clients');
    const { body } = await call<Problem>(
      t.app,
      { method: 'POST', url: '/api/v1/clients', token: user.token, body: clientBody(fields) },
      400,
    );
    expectFieldError(body, path);
    expect(await snapshot(t.app, 'clients')).toEqual(before);
  });

  it.each(invalidFields)('PATCH with %s → 400 naming the field, row unchanged', async (_name, fields, path) => {
    const before = await snapshot(t.app, 'clients');
    const { body } = await call<Problem>(
      t.app,
      { method: 'PATCH', url: `/api/v1/clients/${existing.id}`, token: user.token, body: fields },
      400,
    );
    expectFieldError(body, path);
    expect(await snapshot(t.app, 'clients')).toEqual(before);
  });

  it.each([
    ['an unknown kind', { kind: 'partner' }, [{ path: '/kind', message: 'must be one of customer, vendor' }]],
    ['an unknown country', { address: { ...address, country: 'XX' } }, [{ path: '/address/country', message: 'must be an ISO 3166-1 alpha-2 country code in upper case, e.g. DE, FR, US' }]],
    ['a number as notes', { notes: 7 }, [{ path: '/notes', message: 'must be a string or null' }]],
    ['a blank company name', { companyName: '  ' }, [{ path: '/companyName', message: 'must not be blank' }]],
  ])('names only the real error for %s, not every failed branch of a union', async (_name, fields, errors) => {
    const before = await snapshot(t.app, 'clients');
    const { body } = await call<Problem>(t.app, { method: 'POST', url: '/api/v1/clients', token: user.token, body: clientBody(fields) }, 400);
    expect(body).toMatchObject({ code: 'validation_failed', errors });
    expect(body.errors).toHaveLength(errors.length);
    expect(await snapshot(t.app, 'clients')).toEqual(before);
  });

  it('POST without required fields names each of them', async () => {
    const { body } = await call<Problem>(t.app, { method: 'POST', url: '/api/v1/clients', token: user.token, body: {} }, 400);
    for (const path of ['/kind', '/companyName', '/currency']) expectFieldError(body, path);
  });

  it('PATCH with an empty body is refused', async () => {
    const before = await snapshot(t.app, 'clients');
    const { body } = await call<Problem>(t.app, { method: 'PATCH', url: `/api/v1/clients/${existing.id}`, token: user.token, body: {} }, 400);
    expect(body.code).toBe('validation_failed');
    expect(await snapshot(t.app, 'clients')).toEqual(before);
  });

  it('validates before looking the client up: a bad body on an unknown id is 400', async () => {
    const { body } = await call<Problem>(
      t.app,
      { method: 'PATCH', url: '/api/v1/clients/4f0e6d2e-9a53-4b9e-a0c4-6f7c0a1f2b3c', token: user.token, body: { currency: 'usd' } },
      400,
    );
    expectFieldError(body, '/currency');
  });
});
