/**
 * `metadata` in and out of the database (jsonb columns, migration 2302) and the list filter
 * `metadata[key]=value`: a containment test on `metadata_of_user(user_id, metadata)`, the
 * expression each table's GIN index holds, so the index finds exactly the user's rows with the pair.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Metadata } from '../../schemas/metadata.js';

/** The JSON text a metadata column is written with; undefined (not given) leaves it as it is. */
export const metadataColumn = (metadata: Metadata | undefined): string | undefined =>
  metadata === undefined ? undefined : JSON.stringify(metadata);

/**
 * The rows of `table` owned by `userId` whose metadata holds the filter's pair. `json` is the
 * filter's JSON text (metadataColumn); either value may be a compiled query's placeholder.
 */
export const metadataContains = (table: string, userId: unknown, json: unknown): RawBuilder<boolean> =>
  sql<boolean>`metadata_of_user(${sql.ref(`${table}.user_id`)}, ${sql.ref(`${table}.metadata`)}) @> metadata_of_user(${userId}::uuid, ${json}::jsonb)`;
