import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateSecret, signDelivery } from '../../src/webhooks/signature.js';

const body = JSON.stringify({ id: 'evt', type: 'client.created', data: { object: { name: 'Zoë & “Co” 東京' } } });

describe('webhook signatures', () => {
  it('makes secrets of whsec_ and the base64 of 32 random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
  });

  it('signs so that the Standard Webhooks verifier accepts it', () => {
    const secret = generateSecret();
    const headers = signDelivery('01900000-0000-7000-8000-000000000000', body, [secret], new Date());
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+={0,2}$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('sends one signature per live secret, each verifiable on its own', () => {
    const [current, previous] = [generateSecret(), generateSecret()];
    const headers = signDelivery('msg_1', body, [current, previous], new Date());
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(previous).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(generateSecret()).verify(body, { ...headers })).toThrow();
  });

  it('is refused by the verifier when the body or the id changes', () => {
    const secret = generateSecret();
    const headers = signDelivery('msg_1', body, [secret], new Date());
    expect(() => new Webhook(secret).verify(`${body} `, { ...headers })).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'msg_2' })).toThrow();
  });
});
