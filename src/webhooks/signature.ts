/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the `standardwebhooks` package
 * (the specification's reference library) computes `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`
 * keyed by the secret's decoded bytes, so receivers verifying with any Standard Webhooks library agree.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

const SECRET_BYTES = 32;

/** A new endpoint secret: `whsec_` and the base64 of 32 random bytes. */
export function generateSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The three headers of a delivery, with one signature per live secret, space-separated. */
export function signDelivery(messageId: string, body: string, secrets: readonly string[], at: Date): SignedHeaders {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, at, body));
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
