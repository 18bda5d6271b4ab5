import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { UnsafeUrlError, checkWebhookUrl, isPublicAddress, publicOnlyLookup } from '../../src/webhooks/url-guard.js';

/** A resolver answering from a table, as DNS would (no network in tests). */
const fakeDns =
  (table: Record<string, string[]>) =>
  (hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => {
    const addresses = table[hostname];
    if (!addresses) return callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };

const dns = fakeDns({
  'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'localhost.example.com': ['127.0.0.1'],
  'metadata.example.com': ['169.254.169.254'],
  'mixed.example.com': ['93.184.215.14', '10.0.0.7'],
  'rebind.example.com': ['192.168.1.1'],
});

describe('webhook URL guard', () => {
  it.each([
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '255.255.255.255', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00:ec2::254', '::ffff:127.0.0.1',
    '::ffff:10.0.0.1', '64:ff9b::a00:1', '2002:7f00:1::', '2001:db8::1', 'not-an-address',
  ])('refuses the address %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111'])('accepts the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    ['http://hooks.example.com/in', /https/],
    ['ftp://hooks.example.com/in', /https/],
    ['https://user:pass@hooks.example.com/in', /credentials/],
    ['https://token@hooks.example.com/in', /credentials/],
    ['https://127.0.0.1/in', /loopback/],
    ['https://[::1]:8443/in', /loopback/],
    ['https://[::ffff:169.254.169.254]/latest', /loopback/],
    ['https://2130706433/in', /loopback/],
    ['https://0x7f.1/in', /loopback/],
    ['https://localhost.example.com/in', /non-public address \(127\.0\.0\.1\)/],
    ['https://metadata.example.com/in', /non-public/],
    ['https://mixed.example.com/in', /non-public address \(10\.0\.0\.7\)/],
    ['https://nowhere.example.com/in', /does not resolve/],
    ['not a url', /absolute URL/],
  ])('refuses %s', async (url, reason) => {
    await expect(checkWebhookUrl(url, false, dns)).rejects.toThrow(reason);
  });

  it('accepts https to a host whose every address is public, and a public literal', async () => {
    await expect(checkWebhookUrl('https://hooks.example.com/in?x=1', false, dns)).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('https://93.184.215.14/in', false, dns)).resolves.toBeInstanceOf(URL);
  });

  it('allows plain http and private addresses only when told to, still without credentials', async () => {
    await expect(checkWebhookUrl('http://127.0.0.1:8080/in', true, dns)).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://rebind.example.com/in', true, dns)).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://a:b@127.0.0.1/in', true, dns)).rejects.toThrow(UnsafeUrlError);
    await expect(checkWebhookUrl('file:///etc/passwd', true, dns)).rejects.toThrow(/http or https/);
  });

  it('hands the socket only checked addresses at connect time (DNS rebinding)', async () => {
    const lookup = publicOnlyLookup(dns);
    const resolve = (hostname: string, all: boolean) =>
      new Promise((ok, fail) => lookup(hostname, { all }, (error, address) => (error ? fail(error) : ok(address))));
    await expect(resolve('hooks.example.com', false)).resolves.toBe('93.184.215.14');
    await expect(resolve('hooks.example.com', true)).resolves.toHaveLength(2);
    await expect(resolve('rebind.example.com', false)).rejects.toThrow(/non-public address \(192\.168\.1\.1\)/);
    await expect(resolve('mixed.example.com', true)).rejects.toThrow(UnsafeUrlError);
  });
});
