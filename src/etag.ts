import { createHash } from 'node:crypto';

/**
 * A strong ETag for a resource without a version column: a digest of its JSON representation,
 * so it changes exactly when what a client would read changes.
 */
export function representationEtag(representation: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(representation)).digest('base64url').slice(0, 32)}"`;
}
