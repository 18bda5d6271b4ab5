/**
 * Hosted links: the bearer capability of one issued invoice (`/i/<token>`) or credit note
 * (`/c/<token>`). A token is 32 random bytes, base64url (43 characters); the database finds it by
 * its SHA-256, so a lookup compares digests and its time says nothing about how close a guess was.
 */
import { createHash, randomBytes } from 'node:crypto';

export type HostedKind = 'invoice' | 'credit-note';

export const hostedPathPrefixes: Readonly<Record<HostedKind, string>> = { invoice: '/i', 'credit-note': '/c' };

export const HOSTED_TOKEN_PATTERN = '^[A-Za-z0-9_-]{43}$';

export const newHostedToken = () => randomBytes(32).toString('base64url');

/** What the token column's unique index holds: sha256(hosted_token::bytea). */
export const hostedTokenDigest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** A token as logs may show it: enough to tell links apart, never enough to open one. */
export const maskHostedTokens = (url: string) => url.replace(/^\/([ic])\/([A-Za-z0-9_-]{6})[^/?#]*/, '/$1/$2…');

/**
 * Where hosted pages are reached: PUBLIC_URL; while it is unset, the origin of the request being
 * answered (so a link works wherever the API was reached), and outside any request (background work)
 * the local development address. Set once by buildApp; process-wide because API objects carrying
 * `hostedUrl` are also built inside transactions for events, far from the route, and one process
 * serves one deployment.
 */
const LOCAL_BASE = 'http://localhost:3000';
let publicUrl: string | undefined;
let requestOrigin: () => string | undefined = () => undefined;

export function setHostedLinkBase(url: string | undefined, originOfCurrentRequest: () => string | undefined) {
  publicUrl = url;
  requestOrigin = originOfCurrentRequest;
}

export const hostedLinkBase = () => publicUrl ?? requestOrigin() ?? LOCAL_BASE;

/**
 * PUBLIC_URL, or the local development address: never the request's Host. For links an anonymous
 * request makes the server send to someone else (a password reset), where a forged Host would
 * hand the victim's token to the forger.
 */
export const configuredLinkBase = () => publicUrl ?? LOCAL_BASE;

export function hostedUrl(kind: HostedKind, token: string): string;
export function hostedUrl(kind: HostedKind, token: string | null): string | null;
export function hostedUrl(kind: HostedKind, token: string | null): string | null {
  return token === null ? null : `${hostedLinkBase()}${hostedPathPrefixes[kind]}/${token}`;
}
