/**
 * Keyset pagination shared by every list: newest first (`created_at desc, id desc`), one query
 * per page, cost independent of depth. The cursor is opaque to clients: base64url of
 * `[createdAt, id]` of the last row, strictly validated when it comes back.
 */
import { type SelectQueryBuilder, sql } from 'kysely';
import { DEFAULT_PAGE_SIZE, type PageOf, type PageQuery } from '../../schemas/common.js';
import { AppError } from '../errors.js';

export interface KeysetRow {
  created_at: string;
  id: string;
}


const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Date.parse accepts 2026-02-30 (as 2 March); PostgreSQL would not, so require a round trip. */
function isRealInstant(iso: string): boolean {
  const ms = Date.parse(iso);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === iso;
}

function encodeCursor({ created_at, id }: KeysetRow): string {
  return Buffer.from(JSON.stringify([created_at, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const malformed = () =>
    new AppError('validation_failed', 'cursor is not one this API issued', [
      { path: '/cursor', message: 'must be the nextCursor of a previous page' },
    ]);
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw malformed();
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw malformed();
  const [createdAt, id] = decoded as unknown[];
  if (typeof createdAt !== 'string' || !isoPattern.test(createdAt) || !isRealInstant(createdAt)) {
    throw malformed();
  }
  if (typeof id !== 'string' || !uuidPattern.test(id)) throw malformed();
  return { createdAt, id };
}

export interface KeysetColumns {
  /** Qualified, e.g. `invoices.created_at`. */
  createdAt: string;
  id: string;
}

/** `query` newest first, after the row of `after` when given, limited to `take` rows. */
export function keysetPageQuery<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  columns: KeysetColumns,
  take: number,
  after?: { createdAt: string; id: string },
): SelectQueryBuilder<DB, TB, O> {
  const createdAt = sql.ref(columns.createdAt);
  const id = sql.ref(columns.id);
  const page = query.orderBy(sql`${createdAt} desc, ${id} desc`).limit(take);
  return after ? page.where(sql<boolean>`(${createdAt}, ${id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`) : page;
}

/** The page of `limit` rows out of up to `limit + 1` fetched, with the next page's cursor when there is one. */
export function toPage<O extends KeysetRow>(rows: O[], limit: number): PageOf<O> {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data.at(-1);
  return { data, nextCursor: hasMore && last ? encodeCursor(last) : null };
}

/** Runs one page of `query`, ordered by the given `created_at` and `id` columns. */
export async function paginate<DB, TB extends keyof DB, O extends KeysetRow>(
  query: SelectQueryBuilder<DB, TB, O>,
  { limit = DEFAULT_PAGE_SIZE, cursor }: PageQuery,
  columns: KeysetColumns,
): Promise<PageOf<O>> {
  const rows = await keysetPageQuery(query, columns, limit + 1, cursor ? decodeCursor(cursor) : undefined).execute();
  return toPage(rows, limit);
}
