import { describe, expect, it } from 'vitest';
import type { BusinessProfile } from '../../schemas/business.js';
import type { Client } from '../../schemas/clients.js';
import { profileBody, profileRow, putProfile } from '../business/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, useTestUser } from '../helpers/users.js';
import { type Problem, clientBody, createClient, expectFieldError, snapshot } from './helpers.js';

const badLanguages: [string, unknown][] = [
  ['an unknown code', 'xx'],
  ['upper case', 'DE'],
  ['a locale', 'de-DE'],
  ['a language without a catalogue', 'sv'],
  ['a number', 7],
];

describe('client language', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  const clientRow = (id: string) => t.app.db.selectFrom('clients').select('language').where('id', '=', id).executeTakeFirstOrThrow();

  it('is stored and returned; null by default; PATCH changes it and null clears it', async () => {
    const german = await createClient(t.app, user.token, { language: 'de' });
    expect(german.language).toBe('de');
    expect(await clientRow(german.id)).toEqual({ language: 'de' });
    expect((await createClient(t.app, user.token)).language).toBeNull();

    const url = `/api/v1/clients/${german.id}`;
    const polish = await call<Client>(t.app, { method: 'PATCH', url, token: user.token, body: { language: 'pl' } }, 200);
    expect(polish.body.language).toBe('pl');
    const cleared = await call<Client>(t.app, { method: 'PATCH', url, token: user.token, body: { language: null } }, 200);
    expect(cleared.body.language).toBeNull();
    expect(await clientRow(german.id)).toEqual({ language: null });
    expect((await call<Client>(t.app, { method: 'GET', url, token: user.token }, 200)).body.language).toBeNull();
  });

  it.each(badLanguages)('refuses %s with 400 naming /language, on POST and PATCH, and writes nothing', async (_case, language) => {
    const client = await createClient(t.app, user.token, { language: 'fr' });
    const before = await snapshot(t.app, 'clients');
    const created = await call<Problem>(t.app, { method: 'POST', url: '/api/v1/clients', token: user.token, body: clientBody({ language }) }, 400);
    expectFieldError(created.body, '/language');
    const patched = await call<Problem>(
      t.app,
      { method: 'PATCH', url: `/api/v1/clients/${client.id}`, token: user.token, body: { language } },
      400,
    );
    expectFieldError(patched.body, '/language');
    expect(await snapshot(t.app, 'clients')).toEqual(before);
  });
});

describe('business profile defaultLanguage', () => {
  const t = useTestApp();
  const url = '/api/v1/business';

  it('is en unless set; PUT and PATCH set it; a PUT leaving it out puts en back', async () => {
    const user = await createUser(t.app);
    expect((await putProfile(t.app, user.token)).defaultLanguage).toBe('en');
    expect((await putProfile(t.app, user.token, { defaultLanguage: 'fr' })).defaultLanguage).toBe('fr');
    expect(await profileRow(t.app, user.id)).toMatchObject({ default_language: 'fr' });
    const patched = await call<BusinessProfile>(t.app, { method: 'PATCH', url, token: user.token, body: { defaultLanguage: 'pt' } }, 200);
    expect(patched.body.defaultLanguage).toBe('pt');
    expect((await putProfile(t.app, user.token)).defaultLanguage).toBe('en');
  });

  it.each([...badLanguages, ['null', null] as [string, unknown]])('refuses %s with 400 naming /defaultLanguage and changes nothing', async (_case, defaultLanguage) => {
    const user = await createUser(t.app);
    await putProfile(t.app, user.token, { defaultLanguage: 'de' });
    const before = await profileRow(t.app, user.id);
    for (const [method, body] of [['PUT', profileBody({ defaultLanguage })], ['PATCH', { defaultLanguage }]] as const) {
      const refused = await call<Problem>(t.app, { method, url, token: user.token, body }, 400);
      expectFieldError(refused.body, '/defaultLanguage');
    }
    expect(await profileRow(t.app, user.id)).toEqual(before);
  });
});
