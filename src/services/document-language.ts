/**
 * The language a document is written in (contract v1.2): `?language=` when asked, else the one
 * frozen into the document when it was issued, else the current one: the client's, else the
 * profile's default, else English.
 */
import { compiledQuery } from '../../db/compiled-queries.js';
import type { Executor } from '../../db/database.js';
import { type Language, defaultLanguage } from '../i18n/index.js';

const languagesOfClient = compiledQuery('languages_of_client', (db, { userId, clientId }: { userId: string; clientId: string }) =>
  db
    .selectFrom('clients')
    .leftJoin('business_profiles', 'business_profiles.user_id', 'clients.user_id')
    .select(['clients.language', 'business_profiles.default_language'])
    .where('clients.user_id', '=', userId)
    .where('clients.id', '=', clientId),
);

/** The language of a client's documents now, from its own and its profile's default: English without either. */
export const clientDocumentLanguage = (client: Language | null | undefined, profileDefault: Language | null | undefined): Language =>
  client ?? profileDefault ?? defaultLanguage;

/** The language of the client's documents now: its own, else the profile's default, else English. */
export async function currentLanguage(db: Executor, userId: string, clientId: string): Promise<Language> {
  const [row] = await languagesOfClient(db, { userId, clientId });
  return clientDocumentLanguage(row?.language, row?.default_language);
}

interface IssuedLanguage {
  user_id: string;
  client_id: string;
  /** Frozen when issued; null for a draft or a document issued before documents had languages. */
  language: Language | null;
}

/** The language to write a document in: the one asked for, else its own, else the current one. */
export async function documentLanguage(db: Executor, row: IssuedLanguage, asked: Language | undefined): Promise<Language> {
  return asked ?? row.language ?? (await currentLanguage(db, row.user_id, row.client_id));
}
