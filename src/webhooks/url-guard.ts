/**
 * SSRF defence for webhook URLs. A URL must be https without credentials, and its host must
 * resolve only to public unicast addresses: loopback, private, link-local (cloud metadata),
 * CGNAT, unique-local, multicast, reserved and the IPv6 forms that embed IPv4 (6to4, NAT64…) are
 * refused. `allowPrivate` (WEBHOOK_ALLOW_PRIVATE_URLS) lifts the address rule and allows plain
 * http. The same check runs when an endpoint is saved and inside the delivery's DNS lookup, so
 * the connection goes to the address that was checked (no DNS rebinding in between).
 */
import { type LookupAddress, lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export class UnsafeUrlError extends Error {}

/** Whether a literal address may be contacted when private addresses are not allowed. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // process() turns an IPv4-mapped IPv6 address (::ffff:127.0.0.1) into the IPv4 it carries.
  return ipaddr.process(address).range() === 'unicast';
}

/** The URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Checks what can be checked without DNS: scheme, credentials, and a literal address host. */
export function checkUrlShape(text: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UnsafeUrlError('must be an absolute URL');
  }
  const schemes = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) {
    throw new UnsafeUrlError(allowPrivate ? 'must be an http or https URL' : 'must be an https URL');
  }
  if (url.username || url.password) throw new UnsafeUrlError('must not contain credentials');
  const host = hostOf(url);
  if (!allowPrivate && isIP(host) && !isPublicAddress(host)) {
    throw new UnsafeUrlError('must not point to a loopback, private, link-local or reserved address');
  }
  return url;
}

/** The URL as stored: its scheme in lower case (schemes are case-insensitive; the database accepts `http`/`https`). */
export const withLowerCaseScheme = (text: string): string => text.replace(/^[A-Za-z][A-Za-z0-9+.-]*:/, (scheme) => scheme.toLowerCase());

type LookupAll = (hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;

const systemLookupAll: LookupAll = (hostname, callback) => dnsLookup(hostname, { all: true, verbatim: true }, callback);

/**
 * Resolves `hostname` and refuses it when any of its addresses is not public (a host with one
 * public and one private address could be steered to the private one).
 */
export function resolvePublic(hostname: string, resolveAll: LookupAll = systemLookupAll): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    resolveAll(hostname, (error, addresses) => {
      if (error) return reject(new UnsafeUrlError(`host ${hostname} does not resolve`));
      if (addresses.length === 0) return reject(new UnsafeUrlError(`host ${hostname} does not resolve`));
      const refused = addresses.find(({ address }) => !isPublicAddress(address));
      if (refused) {
        return reject(new UnsafeUrlError(`host ${hostname} resolves to a non-public address (${refused.address})`));
      }
      resolve(addresses);
    });
  });
}

/** The whole check for a URL being saved: shape, then (unless private is allowed) its addresses. */
export async function checkWebhookUrl(text: string, allowPrivate: boolean, resolveAll?: LookupAll): Promise<URL> {
  const url = checkUrlShape(text, allowPrivate);
  const host = hostOf(url);
  if (!allowPrivate && !isIP(host)) await resolvePublic(host, resolveAll);
  return url;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls connect options that only ever hands out checked public addresses:
 * the socket connects to exactly what was checked. Honours `all` (Node's happy-eyeballs asks for it).
 */
export function publicOnlyLookup(resolveAll: LookupAll = systemLookupAll) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    resolvePublic(hostname, resolveAll).then(
      (addresses) => {
        if (options.all) callback(null, addresses);
        else {
          const [first] = addresses as [LookupAddress];
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}
