import { describe, expect, it } from 'vitest';
import type { WebhookEndpoint, WebhookEndpointWithSecret } from '../../schemas/webhooks.js';
import { call, useTestApp } from '../helpers/app.js';
import { useTestUser } from '../helpers/users.js';
import type { Problem } from '../clients/helpers.js';

const url = '/api/v1/webhook-endpoints';
const publicUrl = 'https://93.184.215.14/hooks';

describe('webhook endpoints (public URLs only)', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  const other = useTestUser(t);

  const endpointRows = () => t.app.db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute();
  const create = (body: unknown, status = 201, token = user.token) =>
    call<WebhookEndpointWithSecret>(t.app, { method: 'POST', url, token, body }, status);

  it('creates an endpoint listening to every event by default, showing the secret once', async () => {
    const { body, response } = await create({ url: publicUrl, description: 'ERP sync' });
    expect(body).toEqual({
      id: expect.any(String),
      url: publicUrl,
      description: 'ERP sync',
      events: ['*'],
      enabled: true,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(response.headers.location).toBe(`${url}/${body.id}`);
    const row = await t.app.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: user.id, secret: body.secret, events: ['*'], previous_secret: null });

    const { body: fetched } = await call<WebhookEndpoint>(t.app, { method: 'GET', url: `${url}/${body.id}`, token: user.token }, 200);
    expect(fetched).not.toHaveProperty('secret');
    const { body: page } = await call<{ data: WebhookEndpoint[] }>(t.app, { method: 'GET', url, token: user.token }, 200);
    expect(page.data.map((endpoint) => endpoint.id)).toContain(body.id);
    expect(page.data.every((endpoint) => !('secret' in endpoint))).toBe(true);
  });

  it.each([
    ['an empty events list', { url: publicUrl, events: [] }, '/events'],
    ['an unknown event type', { url: publicUrl, events: ['invoice.exploded'] }, '/events/0'],
    ['a repeated event type', { url: publicUrl, events: ['invoice.paid', 'invoice.paid'] }, '/events'],
    ['plain http', { url: 'http://93.184.215.14/hooks' }, '/url'],
    ['credentials in the URL', { url: 'https://user:secret@93.184.215.14/hooks' }, '/url'],
    ['a loopback address', { url: 'https://127.0.0.1:8443/hooks' }, '/url'],
    ['an IPv6 loopback', { url: 'https://[::1]/hooks' }, '/url'],
    ['a private address', { url: 'https://10.0.0.5/hooks' }, '/url'],
    ['the metadata address', { url: 'https://169.254.169.254/latest/meta-data' }, '/url'],
    ['a CGNAT address', { url: 'https://100.64.0.1/hooks' }, '/url'],
    ['an IPv4-mapped loopback', { url: 'https://[::ffff:127.0.0.1]/hooks' }, '/url'],
    ['a host that resolves to loopback', { url: 'https://localhost/hooks' }, '/url'],
    ['a non-http scheme', { url: 'ftp://93.184.215.14/hooks' }, '/url'],
    ['not a URL', { url: 'hooks' }, '/url'],
    ['an unknown field', { url: publicUrl, secret: 'whsec_mine' }, ''],
  ])('refuses %s with 400, writing nothing', async (_name, body, path) => {
    const before = await endpointRows();
    const { body: problem } = await call<Problem>(t.app, { method: 'POST', url, token: user.token, body }, 400);
    expect(problem.code).toBe('validation_failed');
    if (path) expect(problem.errors?.map((error) => error.path)).toContain(path);
    expect(await endpointRows()).toEqual(before);
  });

  it('updates url, events, description and enabled; refuses a private URL on update', async () => {
    const { body: created } = await create({ url: publicUrl, events: ['invoice.paid'] });
    const { body: updated } = await call<WebhookEndpoint>(
      t.app,
      {
        method: 'PATCH',
        url: `${url}/${created.id}`,
        token: user.token,
        body: { url: 'https://93.184.215.15/v2', events: ['invoice.paid', 'payment.created'], description: 'v2', enabled: false },
      },
      200,
    );
    expect(updated).toMatchObject({ url: 'https://93.184.215.15/v2', events: ['invoice.paid', 'payment.created'], description: 'v2', enabled: false });
    const before = await endpointRows();
    const { body: problem } = await call<Problem>(
      t.app,
      { method: 'PATCH', url: `${url}/${created.id}`, token: user.token, body: { url: 'https://192.168.1.1/x' } },
      400,
    );
    expect(problem.errors?.[0]?.path).toBe('/url');
    await call(t.app, { method: 'PATCH', url: `${url}/${created.id}`, token: user.token, body: {} }, 400);
    await call(t.app, { method: 'PATCH', url: `${url}/${created.id}`, token: user.token, body: { events: [] } }, 400);
    expect(await endpointRows()).toEqual(before);
  });

  it('rotates the secret, keeping the previous one for 24 hours', async () => {
    const { body: created } = await create({ url: publicUrl });
    const { body: rotated } = await call<WebhookEndpointWithSecret>(
      t.app,
      { method: 'POST', url: `${url}/${created.id}/rotate-secret`, token: user.token },
      200,
    );
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    const row = await t.app.db
      .selectFrom('webhook_endpoints')
      .select(['secret', 'previous_secret', 'previous_secret_expires_at', 'updated_at'])
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.secret).toBe(rotated.secret);
    expect(row.previous_secret).toBe(created.secret);
    const overlapMs = Date.parse(row.previous_secret_expires_at ?? '') - Date.parse(row.updated_at);
    expect(overlapMs).toBe(24 * 3_600_000);
  });

  it('deletes an endpoint (204) and then it is gone', async () => {
    const { body: created } = await create({ url: publicUrl });
    await call(t.app, { method: 'DELETE', url: `${url}/${created.id}`, token: user.token }, 204);
    await call(t.app, { method: 'GET', url: `${url}/${created.id}`, token: user.token }, 404);
    await call(t.app, { method: 'DELETE', url: `${url}/${created.id}`, token: user.token }, 404);
  });

  it("never shows or changes another user's endpoint (404)", async () => {
    const { body: created } = await create({ url: publicUrl });
    const before = await endpointRows();
    for (const [method, path, body] of [
      ['GET', `${url}/${created.id}`, undefined],
      ['PATCH', `${url}/${created.id}`, { enabled: false }],
      ['DELETE', `${url}/${created.id}`, undefined],
      ['POST', `${url}/${created.id}/rotate-secret`, undefined],
      ['GET', `${url}/${created.id}/deliveries`, undefined],
    ] as const) {
      const { body: problem } = await call<Problem>(t.app, { method, url: path, token: other.token, body }, 404);
      expect(problem.code).toBe('not_found');
    }
    expect(await endpointRows()).toEqual(before);
    const { body: page } = await call<{ data: unknown[] }>(t.app, { method: 'GET', url, token: other.token }, 200);
    expect(page.data).toEqual([]);
  });

  it('requires authentication', async () => {
    await call(t.app, { method: 'GET', url }, 401);
    await call(t.app, { method: 'POST', url, body: { url: publicUrl } }, 401);
  });
});

describe('webhook endpoints with WEBHOOK_ALLOW_PRIVATE_URLS=true', () => {
  const t = useTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: true });
  const user = useTestUser(t);

  it('accepts plain http to loopback and private addresses, but never credentials', async () => {
    for (const target of ['http://127.0.0.1:9999/hooks', 'http://localhost/hooks', 'https://10.0.0.5/hooks']) {
      await call(t.app, { method: 'POST', url, token: user.token, body: { url: target } }, 201);
    }
    await call(t.app, { method: 'POST', url, token: user.token, body: { url: 'http://a:b@127.0.0.1/x' } }, 400);
  });

  it('stores an upper-case scheme in lower case (once a database constraint violation: 500)', async () => {
    const { body: created } = await call<WebhookEndpointWithSecret>(t.app, { method: 'POST', url, token: user.token, body: { url: 'HTTP://127.0.0.1:9999/Hooks' } }, 201);
    expect(created.url).toBe('http://127.0.0.1:9999/Hooks');
    const { body: updated } = await call<WebhookEndpointWithSecret>(
      t.app,
      { method: 'PATCH', url: `${url}/${created.id}`, token: user.token, body: { url: 'HTTPS://10.0.0.5/Next' } },
      200,
    );
    expect(updated.url).toBe('https://10.0.0.5/Next');
    const stored = await t.app.db.selectFrom('webhook_endpoints').select('url').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.url).toBe('https://10.0.0.5/Next');
  });
});
