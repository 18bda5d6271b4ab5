/**
 * A batch of messages delivered by the background engine over SMTP (issue 28): several at once
 * over the transport's pool, far fewer connections than messages, each message exactly once, and
 * one the server refuses for good fails alone while the others of the batch are sent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import { MAX_CONNECTIONS } from '../../src/mail/transport.js';
import { call } from '../helpers/app.js';
import { type TestUser, createUser } from '../helpers/users.js';
import { eventually } from '../webhooks/helpers.js';
import { emailRows, issuedInvoice } from './helpers.js';
import { useMailingApp } from './smtp-sink.js';

const MESSAGES = 8;
const REFUSED = 'refused@mueller.example';

describe('a batch of emails', { timeout: 120_000 }, () => {
  const t = useMailingApp({ EMAIL_RETRY_BASE_MS: 200 });
  let user: TestUser;
  beforeAll(async () => {
    user = await createUser(t.app);
  });

  it('is sent over a few pooled connections, each message once, and a refused one fails alone', async () => {
    t.sink.answers.onRecipient = (address) => (address === REFUSED ? 550 : undefined);
    const invoices: Invoice[] = [];
    for (let n = 0; n < MESSAGES; n++) {
      const email = n === 3 ? REFUSED : `accounts${n}@mueller.example`;
      invoices.push(await issuedInvoice(t.app, user, { email }, { profile: n === 0 ? {} : false }));
    }
    // At once: the engine runs several of the deliveries concurrently.
    await Promise.all(
      invoices.map((invoice) => call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/send`, token: user.token, body: { email: {} } }, 200)),
    );

    const rows = await eventually(async () => {
      const all = await emailRows(t.app, user.id);
      return all.length === MESSAGES && all.every((row) => row.status !== 'queued') && all;
    });
    const refused = rows.filter((row) => row.to_addresses[0] === REFUSED);
    expect(refused.map((row) => [row.status, row.attempts])).toEqual([['failed', 1]]);
    expect(refused[0]?.last_error).toContain('550');
    const sent = rows.filter((row) => row.status === 'sent');
    expect(sent).toHaveLength(MESSAGES - 1);
    expect(sent.every((row) => row.attempts === 1)).toBe(true);

    const arrived = t.sink.received.map((mail) => mail.parsed.messageId);
    expect(arrived.sort()).toEqual(sent.map((row) => `<${row.message_id}>`).sort());
    expect(t.sink.received.map((mail) => mail.recipients.join()).sort()).toEqual(sent.map((row) => row.to_addresses.join()).sort());
    expect(t.sink.received.every((mail) => mail.parsed.attachments.length === 1)).toBe(true);
    expect(t.sink.connections()).toBeGreaterThan(0);
    expect(t.sink.connections()).toBeLessThanOrEqual(MAX_CONNECTIONS);
    // Final messages drop their attachments.
    const left = await t.app.db.selectFrom('email_attachments').select('email_id').where('email_id', 'in', rows.map((row) => row.id)).execute();
    expect(left).toEqual([]);
  });
});
