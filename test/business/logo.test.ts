import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import { createClient } from '../clients/helpers.js';
import { issueCreditNote } from '../credit-notes/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/users.js';
import { createInvoice } from '../invoices/helpers.js';
import { pdfImages } from '../pdf/pdf-text.js';
import { putProfile } from './helpers.js';
import { gifImage, jpegLogo, pngImage } from './logo-images.js';

const url = '/api/v1/business/logo';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('business logo', () => {
  const t = useTestApp();
  const upload = (user: TestUser, body: Buffer, contentType: string) =>
    t.app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${user.token}`, 'content-type': contentType }, payload: body });
  const download = (user: TestUser, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${user.token}`, ...headers } });
  const remove = (user: TestUser) => t.app.inject({ method: 'DELETE', url, headers: { authorization: `Bearer ${user.token}` } });
  const stored = async (userId: string) => ({
    profile: await t.app.db.selectFrom('business_profiles').select(['logo_sha256', 'version']).where('user_id', '=', userId).executeTakeFirst(),
    logos: await t.app.db.selectFrom('business_logos').select(['sha256', 'media_type', 'width', 'height']).where('user_id', '=', userId).orderBy('sha256').execute(),
  });
  async function withProfile() {
    const user = await createUser(t.app);
    await putProfile(t.app, user.token);
    return user;
  }

  it('PUT stores a PNG by its hash (204), GET returns it with an ETag (304 on a match), DELETE removes it (204), then 404', async () => {
    const user = await withProfile();
    const png = pngImage(300, 100, { alpha: true });
    const put = await upload(user, png, 'image/png');
    expect(put.statusCode, put.body).toBe(204);
    expect(await stored(user.id)).toEqual({
      profile: { logo_sha256: sha256(png), version: 2 },
      logos: [{ sha256: sha256(png), media_type: 'image/png', width: 300, height: 100 }],
    });

    const got = await download(user);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(png)).toBe(true);
    expect(got.headers.etag).toBe(`"logo.${sha256(png)}"`);
    expect((await download(user, { 'if-none-match': String(got.headers.etag) })).statusCode).toBe(304);

    const jpeg = jpegLogo();
    expect((await upload(user, jpeg, 'image/jpeg')).statusCode).toBe(204);
    const replaced = await download(user);
    expect(replaced.headers['content-type']).toBe('image/jpeg');
    expect(replaced.rawPayload.equals(jpeg)).toBe(true);

    expect((await remove(user)).statusCode).toBe(204);
    expect((await stored(user.id)).profile?.logo_sha256).toBeNull();
    const gone = await download(user);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ code: 'not_found' });
    const again = await remove(user);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'not_found' });
  });

  it('needs a profile: PUT before one is 404 and stores nothing', async () => {
    const user = await createUser(t.app);
    const response = await upload(user, pngImage(10, 10), 'image/png');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not_found' });
    expect(await stored(user.id)).toEqual({ profile: undefined, logos: [] });
    expect((await download(user)).statusCode).toBe(404);
    expect((await remove(user)).statusCode).toBe(404);
  });

  it('a whole-profile PUT keeps the logo', async () => {
    const user = await withProfile();
    const png = pngImage(20, 20);
    await upload(user, png, 'image/png');
    await putProfile(t.app, user.token, { legalName: 'Renamed SA' });
    expect((await stored(user.id)).profile?.logo_sha256).toBe(sha256(png));
  });

  const refusals: [string, string, number, string, () => Buffer][] = [
    ['a GIF', 'image/gif', 415, 'unsupported_media_type', gifImage],
    ['a GIF', 'image/png', 415, 'unsupported_media_type', gifImage],
    ['a JPEG', 'image/png', 415, 'unsupported_media_type', jpegLogo],
    ['a PNG', 'image/jpeg', 415, 'unsupported_media_type', () => pngImage(10, 10)],
    ['JSON', 'application/json', 415, 'unsupported_media_type', () => Buffer.from('{"logo":"x"}')],
    ['text', 'image/png', 415, 'unsupported_media_type', () => Buffer.from('not an image at all')],
    ['an empty body', 'image/png', 415, 'unsupported_media_type', () => Buffer.alloc(0)],
    ['a PNG whose pixels are not deflate data', 'image/png', 400, 'validation_failed', () => pngImage(50, 50, { idat: Buffer.from('garbage') })],
    // 10 rows of 50 RGB pixels with their filter bytes, where the header promises 50 rows.
    ['a PNG with fewer pixels than its header says', 'image/png', 400, 'validation_failed', () => pngImage(50, 50, { idat: deflateSync(Buffer.alloc(10 * 151)) })],
    ['a PNG cut short', 'image/png', 400, 'validation_failed', () => pngImage(50, 50).subarray(0, 60)],
    ['a PNG 4001 px wide', 'image/png', 400, 'validation_failed', () => pngImage(4001, 1)],
    ['a PNG 4001 px high', 'image/png', 400, 'validation_failed', () => pngImage(1, 4001)],
    ['a PNG over 512 KiB', 'image/png', 413, 'payload_too_large', () => pngImage(400, 400, { noise: true, alpha: true })],
  ];

  it.each(refusals)('refuses %s sent as %s with %i %s and changes nothing', async (_case, contentType, status, code, image) => {
    const user = await withProfile();
    const kept = pngImage(30, 30);
    await upload(user, kept, 'image/png');
    const before = await stored(user.id);
    const response = await upload(user, image(), contentType);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status, code });
    expect(await stored(user.id)).toEqual(before);
  });

  it('names the limit in the 413: 512 KiB', async () => {
    const user = await withProfile();
    const response = await upload(user, pngImage(400, 400, { noise: true, alpha: true }), 'image/png');
    expect(response.json()).toMatchObject({ status: 413, detail: 'Request body exceeds 512 KiB' });
  });

  it('accepts 4000 × 4000 px', async () => {
    const user = await withProfile();
    expect((await upload(user, pngImage(4000, 1), 'image/png')).statusCode).toBe(204);
    expect((await upload(user, pngImage(1, 4000), 'image/png')).statusCode).toBe(204);
  });
});

describe('the logo on PDFs', () => {
  const t = useTestApp();
  const pdfOf = (token: string, path: string) => t.app.inject({ method: 'GET', url: `/api/v1/${path}`, headers: { authorization: `Bearer ${token}` } });
  const upload = (token: string, body: Buffer, contentType: string) =>
    call(t.app, { method: 'PUT', url, token, body, headers: { 'content-type': contentType } }, 204);

  async function publishedInvoice(token: string): Promise<Invoice> {
    const client = await createClient(t.app, token, { address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' } });
    const draft = await createInvoice(t.app, token, client.id);
    return (await call<Invoice>(t.app, { method: 'POST', url: `/api/v1/invoices/${draft.id}/publish`, token }, 200)).body;
  }

  it('draws the logo in force: a draft the current one, an issued invoice or credit note the one it was issued with', async () => {
    const user = await createUser(t.app);
    await putProfile(t.app, user.token);
    const client = await createClient(t.app, user.token);
    const draft = await createInvoice(t.app, user.token, client.id);
    expect(await pdfImages((await pdfOf(user.token, `invoices/${draft.id}/pdf`)).rawPayload)).toEqual([]);

    await upload(user.token, pngImage(300, 100, { alpha: true }), 'image/png');
    const withPng = await pdfOf(user.token, `invoices/${draft.id}/pdf`);
    expect(await pdfImages(withPng.rawPayload)).toEqual([expect.objectContaining({ width: 300, height: 100, type: 'image' })]);

    const invoice = await publishedInvoice(user.token);
    const issuedRow = await t.app.db.selectFrom('invoices').select('logo_sha256').where('id', '=', invoice.id).executeTakeFirstOrThrow();
    expect(issuedRow.logo_sha256).toMatch(/^[0-9a-f]{64}$/);
    const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason: 'Return' }, 201);

    await upload(user.token, jpegLogo(), 'image/jpeg');
    const draftNow = await pdfImages((await pdfOf(user.token, `invoices/${draft.id}/pdf`)).rawPayload);
    expect(draftNow).toEqual([expect.objectContaining({ width: 240, height: 80, encoding: 'jpeg' })]);
    for (const path of [`invoices/${invoice.id}/pdf`, `credit-notes/${note.id}/pdf`, `invoices/${invoice.id}/pdf?format=facturx`]) {
      const response = await pdfOf(user.token, path);
      expect(response.statusCode, response.body).toBe(200);
      expect(await pdfImages(response.rawPayload)).toEqual([expect.objectContaining({ width: 300, height: 100 })]);
    }

    const etagBefore = (await pdfOf(user.token, `invoices/${draft.id}/pdf`)).headers.etag;
    await t.app.inject({ method: 'DELETE', url, headers: { authorization: `Bearer ${user.token}` } });
    const draftAfter = await pdfOf(user.token, `invoices/${draft.id}/pdf`);
    expect(draftAfter.headers.etag).not.toBe(etagBefore);
    expect(await pdfImages(draftAfter.rawPayload)).toEqual([]);
    expect(await pdfImages((await pdfOf(user.token, `invoices/${invoice.id}/pdf`)).rawPayload)).toHaveLength(1);
  });
});
