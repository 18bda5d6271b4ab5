import { beforeAll, describe, expect, it } from 'vitest';
import type { BusinessProfile } from '../../schemas/business.js';
import { type Problem, expectFieldError } from '../clients/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, useTestUser } from '../helpers/users.js';
import { profileBody, profileRow, putProfile } from './helpers.js';

const url = '/api/v1/business';

describe('business profile', () => {
  const t = useTestApp();

  it('is 404 before one is set; PUT creates it with defaults, GET returns it with the same ETag', async () => {
    const user = await createUser(t.app);
    const missing = await call<Problem>(t.app, { method: 'GET', url, token: user.token }, 404);
    expect(missing.body.code).toBe('not_found');

    const { body, response } = await call<BusinessProfile>(t.app, { method: 'PUT', url, token: user.token, body: profileBody() }, 200);
    expect(body).toEqual({
      ...profileBody(),
      address: { ...profileBody().address, line2: null, region: null },
      paymentTermsDays: 30,
      taxRounding: 'line',
      invoiceNumberPrefix: 'INV-',
      creditNoteNumberPrefix: 'CN-',
      defaultLanguage: 'en',
      reminders: { enabled: false, daysBeforeDue: [], daysAfterDue: [] },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(response.headers.etag).toBe('"business.1"');
    const read = await call<BusinessProfile>(t.app, { method: 'GET', url, token: user.token }, 200);
    expect(read.body).toEqual(body);
    expect(read.response.headers.etag).toBe('"business.1"');
    expect(await profileRow(t.app, user.id)).toMatchObject({ legal_name: body.legalName, vat_id: 'BE0456789034', contact_name: 'Åsa Lind, accounts receivable', version: 1 });
  });

  it('PUT replaces the whole profile: fields left out are cleared, settings back to their defaults', async () => {
    const user = await createUser(t.app);
    await putProfile(t.app, user.token, { paymentTermsDays: 14, taxRounding: 'document', invoiceNumberPrefix: '2026/' });
    const { body, response } = await call<BusinessProfile>(
      t.app,
      { method: 'PUT', url, token: user.token, body: { legalName: 'Minimal Ltd', address: { line1: '1 High St', city: 'London', country: 'GB' } } },
      200,
    );
    expect(body).toMatchObject({
      legalName: 'Minimal Ltd',
      tradingName: null,
      vatId: null,
      legalId: null,
      legalIdScheme: null,
      email: null,
      phone: null,
      electronicAddress: null,
      bankAccount: null,
      paymentTermsDays: 30,
      taxRounding: 'line',
      invoiceNumberPrefix: 'INV-',
    });
    expect(response.headers.etag).toBe('"business.2"');
  });

  it('PATCH changes only what it names, replaces nested objects whole and clears with null', async () => {
    const user = await createUser(t.app);
    const before = await putProfile(t.app, user.token);
    const { body, response } = await call<BusinessProfile>(
      t.app,
      {
        method: 'PATCH',
        url,
        token: user.token,
        body: { bankAccount: { iban: 'DE89370400440532013000' }, tradingName: null, contactName: null, paymentTermsDays: 0, invoiceNumberPrefix: '' },
      },
      200,
    );
    expect(body).toEqual({
      ...before,
      bankAccount: { iban: 'DE89370400440532013000', bic: null, accountName: null },
      tradingName: null,
      contactName: null,
      paymentTermsDays: 0,
      invoiceNumberPrefix: '',
      updatedAt: expect.any(String),
    });
    expect(response.headers.etag).toBe('"business.2"');
  });

  it('reminders: PUT and PATCH set them whole (what is left out is off or empty), GET returns them, PUT without them turns them off', async () => {
    const user = await createUser(t.app);
    const reminders = { enabled: true, daysBeforeDue: [7, 0], daysAfterDue: [1, 14, 365] };
    expect((await putProfile(t.app, user.token, { reminders })).reminders).toEqual(reminders);
    expect((await call<BusinessProfile>(t.app, { method: 'GET', url, token: user.token }, 200)).body.reminders).toEqual(reminders);
    expect(await profileRow(t.app, user.id)).toMatchObject({ reminders_enabled: true, reminder_days_before: [7, 0], reminder_days_after: [1, 14, 365] });

    const patched = await call<BusinessProfile>(t.app, { method: 'PATCH', url, token: user.token, body: { reminders: { daysAfterDue: [30] } } }, 200);
    expect(patched.body.reminders).toEqual({ enabled: false, daysBeforeDue: [], daysAfterDue: [30] });
    const untouched = await call<BusinessProfile>(t.app, { method: 'PATCH', url, token: user.token, body: { paymentTermsDays: 10 } }, 200);
    expect(untouched.body.reminders).toEqual({ enabled: false, daysBeforeDue: [], daysAfterDue: [30] });

    await putProfile(t.app, user.token, { reminders: { enabled: true, daysAfterDue: [3] } });
    expect((await putProfile(t.app, user.token)).reminders).toEqual({ enabled: false, daysBeforeDue: [], daysAfterDue: [] });
  });

  it('the database refuses reminder days the contract does not allow (the last line of defence)', async () => {
    const user = await createUser(t.app);
    await putProfile(t.app, user.token);
    const write = (columns: { reminder_days_before?: number[]; reminder_days_after?: number[] }) =>
      t.app.db.updateTable('business_profiles').set(columns).where('user_id', '=', user.id).execute();
    await expect(write({ reminder_days_before: [31] })).rejects.toThrow(/reminder_days_before_valid/);
    await expect(write({ reminder_days_after: [0] })).rejects.toThrow(/reminder_days_after_valid/);
    await expect(write({ reminder_days_after: [1, 2, 3, 4, 5, 6] })).rejects.toThrow(/reminder_days_after_valid/);
    await write({ reminder_days_before: [0, 30], reminder_days_after: [1, 365] });
  });

  it('PATCH before a profile exists is 404 and writes nothing', async () => {
    const user = await createUser(t.app);
    const { body } = await call<Problem>(t.app, { method: 'PATCH', url, token: user.token, body: { legalName: 'X' } }, 404);
    expect(body.code).toBe('not_found');
    expect(await profileRow(t.app, user.id)).toBeUndefined();
  });

  it('a stale If-Match is 412 and changes nothing; the current one is accepted', async () => {
    const user = await createUser(t.app);
    await putProfile(t.app, user.token);
    const before = await profileRow(t.app, user.id);
    for (const method of ['PUT', 'PATCH'] as const) {
      const body = method === 'PUT' ? profileBody({ legalName: 'Changed' }) : { legalName: 'Changed' };
      const refused = await call<Problem>(t.app, { method, url, token: user.token, body, headers: { 'if-match': '"business.7"' } }, 412);
      expect(refused.body.code).toBe('precondition_failed');
    }
    expect(await profileRow(t.app, user.id)).toEqual(before);
    await call(t.app, { method: 'PATCH', url, token: user.token, body: { legalName: 'Changed' }, headers: { 'if-match': '"business.1"' } }, 200);
  });

  it('If-Match on the first PUT is 412: there is nothing to match', async () => {
    const user = await createUser(t.app);
    await call<Problem>(t.app, { method: 'PUT', url, token: user.token, body: profileBody(), headers: { 'if-match': '*' } }, 412);
    expect(await profileRow(t.app, user.id)).toBeUndefined();
  });

  it('each user sees only their own profile', async () => {
    const owner = await createUser(t.app);
    const stranger = await createUser(t.app);
    await putProfile(t.app, owner.token);
    await call(t.app, { method: 'GET', url, token: stranger.token }, 404);
    await call(t.app, { method: 'PATCH', url, token: stranger.token, body: { legalName: 'Mine now' } }, 404);
    expect((await profileRow(t.app, owner.id))?.legal_name).toBe(profileBody().legalName);
  });

  it('needs authentication', async () => {
    const { body } = await call<Problem>(t.app, { method: 'GET', url }, 401);
    expect(body.code).toBe('unauthorized');
  });

  describe('bad input is 400 naming the field, nothing written', () => {
    const user = useTestUser(t);
    beforeAll(async () => {
      await putProfile(t.app, user.token);
    });

    const cases: [string, Record<string, unknown>, string][] = [
      ['IBAN with a wrong check digit', { bankAccount: { iban: 'BE68539007547035' } }, '/bankAccount/iban'],
      ['IBAN with spaces', { bankAccount: { iban: 'BE68 5390 0754 7034' } }, '/bankAccount/iban'],
      ['IBAN of an unknown country', { bankAccount: { iban: 'XX68539007547034' } }, '/bankAccount/iban'],
      ['BIC of 9 characters', { bankAccount: { iban: 'BE68539007547034', bic: 'GEBABEBB1' } }, '/bankAccount/bic'],
      ['BIC in lower case', { bankAccount: { iban: 'BE68539007547034', bic: 'gebabebb' } }, '/bankAccount/bic'],
      ['bank account without IBAN', { bankAccount: { bic: 'GEBABEBB' } }, '/bankAccount/iban'],
      ['unknown bank account property', { bankAccount: { iban: 'BE68539007547034', sortCode: '12' } }, '/bankAccount/sortCode'],
      ['VAT number without country prefix', { vatId: '0456789034' }, '/vatId'],
      ['VAT number too long', { vatId: 'BE01234567890123' }, '/vatId'],
      ['VAT number in lower case', { vatId: 'be0456789034' }, '/vatId'],
      ['legalIdScheme not an ICD', { legalIdScheme: '9999' }, '/legalIdScheme'],
      ['legalIdScheme of 3 digits', { legalIdScheme: '208' }, '/legalIdScheme'],
      ['EAS scheme not in the list', { electronicAddress: { scheme: '1234', value: 'x' } }, '/electronicAddress/scheme'],
      ['electronic address without value', { electronicAddress: { scheme: '0208' } }, '/electronicAddress/value'],
      ['blank electronic address value', { electronicAddress: { scheme: '0208', value: '  ' } }, '/electronicAddress/value'],
      ['prefix with a space', { invoiceNumberPrefix: 'INV ' }, '/invoiceNumberPrefix'],
      ['prefix of 21 characters', { invoiceNumberPrefix: 'A'.repeat(21) }, '/invoiceNumberPrefix'],
      ['credit note prefix with a #', { creditNoteNumberPrefix: 'CN#' }, '/creditNoteNumberPrefix'],
      ['paymentTermsDays 366', { paymentTermsDays: 366 }, '/paymentTermsDays'],
      ['negative paymentTermsDays', { paymentTermsDays: -1 }, '/paymentTermsDays'],
      ['fractional paymentTermsDays', { paymentTermsDays: 1.5 }, '/paymentTermsDays'],
      ['unknown taxRounding', { taxRounding: 'bankers' }, '/taxRounding'],
      ['empty legalName', { legalName: '' }, '/legalName'],
      ['legalName of 201 characters', { legalName: 'x'.repeat(201) }, '/legalName'],
      ['unknown country', { address: { line1: 'x', city: 'y', country: 'XX' } }, '/address/country'],
      ['address without city', { address: { line1: 'x', country: 'BE' } }, '/address/city'],
      ['bad email', { email: 'not-an-email' }, '/email'],
      ['blank contactName', { contactName: '   ' }, '/contactName'],
      ['contactName of 201 characters', { contactName: 'x'.repeat(201) }, '/contactName'],
      ['unknown property', { website: 'https://x.example' }, '/website'],
      ['a reminder 31 days before due', { reminders: { daysBeforeDue: [7, 31] } }, '/reminders/daysBeforeDue/1'],
      ['a reminder a day before due given as -1', { reminders: { daysBeforeDue: [-1] } }, '/reminders/daysBeforeDue/0'],
      ['a reminder 0 days after due', { reminders: { daysAfterDue: [0] } }, '/reminders/daysAfterDue/0'],
      ['a reminder 366 days after due', { reminders: { daysAfterDue: [366] } }, '/reminders/daysAfterDue/0'],
      ['six reminder days', { reminders: { daysAfterDue: [1, 2, 3, 4, 5, 6] } }, '/reminders/daysAfterDue'],
      ['a reminder day twice', { reminders: { enabled: true, daysBeforeDue: [3, 1, 3] } }, '/reminders/daysBeforeDue'],
      ['a fractional reminder day', { reminders: { daysAfterDue: [1.5] } }, '/reminders/daysAfterDue/0'],
      ['a reminder day as a string', { reminders: { daysAfterDue: ['7'] } }, '/reminders/daysAfterDue/0'],
      ['reminder days not a list', { reminders: { daysAfterDue: 7 } }, '/reminders/daysAfterDue'],
      ['null reminder days', { reminders: { daysBeforeDue: null } }, '/reminders/daysBeforeDue'],
      ['reminders enabled as a string', { reminders: { enabled: 'yes' } }, '/reminders/enabled'],
      ['reminders not an object', { reminders: true }, '/reminders'],
      ['unknown reminders property', { reminders: { enabled: true, everyDays: 3 } }, '/reminders/everyDays'],
      ['createdAt sent by the client', { createdAt: '2026-01-01T00:00:00Z' }, '/createdAt'],
    ];

    for (const [name, fields, path] of cases) {
      it(`PUT and PATCH: ${name}`, async () => {
        const before = await profileRow(t.app, user.id);
        const put = await call<Problem>(t.app, { method: 'PUT', url, token: user.token, body: profileBody(fields) }, 400);
        expectFieldError(put.body, path);
        const patch = await call<Problem>(t.app, { method: 'PATCH', url, token: user.token, body: fields }, 400);
        expectFieldError(patch.body, path);
        expect(await profileRow(t.app, user.id)).toEqual(before);
      });
    }

    it('PUT without legalName or address names both', async () => {
      const { body } = await call<Problem>(t.app, { method: 'PUT', url, token: user.token, body: {} }, 400);
      expectFieldError(body, '/legalName');
      expectFieldError(body, '/address');
    });

    it('PATCH with an empty body is 400', async () => {
      const { body } = await call<Problem>(t.app, { method: 'PATCH', url, token: user.token, body: {} }, 400);
      expect(body.code).toBe('validation_failed');
    });

    it('the message says what an IBAN must be', async () => {
      const { body } = await call<Problem>(t.app, { method: 'PATCH', url, token: user.token, body: { bankAccount: { iban: 'BE00539007547034' } } }, 400);
      expect(body.errors).toEqual([{ path: '/bankAccount/iban', message: expect.stringContaining('ISO 13616') }]);
    });
  });
});
