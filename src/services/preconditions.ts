/** Conditional requests (RFC 9110 section 13): the checks every ETag-carrying resource shares. */
import { AppError } from '../errors.js';

/**
 * Whether an `If-Match` header lets a write to the representation tagged `etag` proceed:
 * absent or `*` always do (the row exists), otherwise one listed tag must match strongly.
 */
export function ifMatchAllows(ifMatch: string | undefined, etag: string): boolean {
  if (ifMatch === undefined || ifMatch.trim() === '*') return true;
  return ifMatch.split(',').some((tag) => tag.trim() === etag);
}

/** Whether an `If-None-Match` header names the representation tagged `etag` (weak comparison): answer 304. */
export function ifNoneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** Refuses a change whose `If-Match` names another version than `etag` (412). */
export function assertIfMatch(ifMatch: string | undefined, etag: string): void {
  if (!ifMatchAllows(ifMatch, etag)) throw new AppError('precondition_failed', `If-Match does not match the current ETag ${etag}`);
}
