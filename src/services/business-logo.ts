/**
 * The seller's logo: images kept by content (SHA-256) per user, the profile naming the one in
 * force. Invoices and credit notes name the one in force when they were issued (see
 * invoice-lifecycle.ts and credit-notes.ts), so a new logo or none leaves them as they were.
 */
import { createHash } from 'node:crypto';
import { type Transaction, sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { LogoMediaType } from '../../base/vocabulary.js';
import { notFound } from '../errors.js';
import { reportEvent } from '../unit-of-work/events.js';
import { type BusinessProfileRow, toBusinessProfile } from './business-profile.js';

export interface Logo {
  sha256: string;
  mediaType: LogoMediaType;
  image: Buffer;
}

export interface CheckedLogo {
  mediaType: LogoMediaType;
  width: number;
  height: number;
}

const noProfile = () => notFound('Business profile');
const noLogo = () => notFound('Logo');

/** The ETag of a logo: its content hash. */
export const logoEtag = (sha256: string) => `"logo.${sha256}"`;

function lockProfile(trx: Transaction<DB>, userId: string) {
  return trx.selectFrom('business_profiles').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst();
}

async function setProfileLogo(trx: Transaction<DB>, userId: string, sha256: string | null): Promise<BusinessProfileRow> {
  const row = await trx
    .updateTable('business_profiles')
    .set({ logo_sha256: sha256, version: sql`version + 1`, updated_at: sql`now()` })
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
  reportEvent(trx, { userId, type: 'business.updated', object: toBusinessProfile(row) });
  return row;
}

/** Makes `image` (already decoded and checked) the profile's logo; 404 without a profile. */
export async function putLogo(trx: Transaction<DB>, userId: string, image: Buffer, checked: CheckedLogo): Promise<string> {
  if (!(await lockProfile(trx, userId))) throw noProfile();
  const sha256 = createHash('sha256').update(image).digest('hex');
  await trx
    .insertInto('business_logos')
    .values({ user_id: userId, sha256, media_type: checked.mediaType, width: checked.width, height: checked.height, image })
    .onConflict((conflict) => conflict.columns(['user_id', 'sha256']).doNothing())
    .execute();
  await setProfileLogo(trx, userId, sha256);
  return sha256;
}

/** Removes the profile's logo (issued documents keep theirs); 404 without a profile or a logo. */
export async function deleteLogo(trx: Transaction<DB>, userId: string): Promise<void> {
  const profile = await lockProfile(trx, userId);
  if (!profile) throw noProfile();
  if (profile.logo_sha256 === null) throw noLogo();
  await setProfileLogo(trx, userId, null);
}

/** A stored logo of the user by its hash, or undefined. */
export async function findLogo(db: Executor, userId: string, sha256: string | null): Promise<Logo | undefined> {
  if (sha256 === null) return undefined;
  const row = await db
    .selectFrom('business_logos')
    .select(['sha256', 'media_type', 'image'])
    .where('user_id', '=', userId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row && { sha256: row.sha256, mediaType: row.media_type, image: Buffer.from(row.image) };
}

/**
 * The logo a document shows: `frozen` is the one it was issued with, undefined for a document
 * that takes the profile's current one (a draft, or one issued before its user had a profile).
 */
export async function documentLogoFile(db: Executor, userId: string, frozen: string | null | undefined): Promise<Logo | undefined> {
  const sha256 =
    frozen === undefined
      ? ((await db.selectFrom('business_profiles').select('logo_sha256').where('user_id', '=', userId).executeTakeFirst())?.logo_sha256 ?? null)
      : frozen;
  return findLogo(db, userId, sha256);
}

/** The image of documentLogoFile, as the PDF renderer takes it. */
export async function documentLogo(db: Executor, userId: string, frozen: string | null | undefined): Promise<Buffer | null> {
  return (await documentLogoFile(db, userId, frozen))?.image ?? null;
}

/** The profile's logo now; 404 without a profile or a logo. */
export async function getProfileLogo(db: Executor, userId: string): Promise<Logo> {
  const profile = await db.selectFrom('business_profiles').select('logo_sha256').where('user_id', '=', userId).executeTakeFirst();
  if (!profile) throw noProfile();
  const logo = await findLogo(db, userId, profile.logo_sha256);
  if (!logo) throw noLogo();
  return logo;
}
