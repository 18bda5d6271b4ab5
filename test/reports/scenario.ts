/**
 * The books the report tests read: four currencies (two, zero and three decimals), dates on both
 * sides of month and quarter ends, payments at the last and first millisecond of a day, partial
 * payments, a payment received before its invoice was issued, credit notes before and after
 * payments (one backdated before a payment it was created after, one that leaves a refund due),
 * void, draft and uncollectible invoices, several tax categories and rates, document rounding, and
 * two clients of the same name.
 */
import type { App } from '../../src/app.js';
import type { TestUser } from '../helpers/users.js';
import { book } from './book.js';

export async function writeScenario(app: App, user: TestUser) {
  const b = book(app, user);
  const acme = await b.client('Acme GmbH', 'EUR');
  const acmeTwin = await b.client('Acme GmbH', 'EUR');
  const beta = await b.client('beta & Co, "quoted"', 'USD');
  const evil = await b.client("=cmd|' /C calc'!A0", 'JPY');
  const gulf = await b.client('Gulf Trading', 'KWD');

  const partlyPaid = await b.invoice({
    clientId: acme.id,
    issueDate: '2026-01-15',
    dueDate: '2026-02-14',
    lines: [
      { unitPrice: 10_000, quantity: 3, taxRate: 19 },
      { unitPrice: 5_000, taxRate: 7 },
    ],
  });
  await b.pay(partlyPaid, 10_000, '2026-01-31T23:59:59.999Z');
  await b.pay(partlyPaid, 5_000, '2026-02-01T00:00:00.000Z', '+31 transfer');

  const paidAtQuarterEnd = await b.invoice({ clientId: acme.id, issueDate: '2026-01-31', dueDate: '2026-03-02', lines: [{ unitPrice: 12_345, taxRate: 19 }] });
  await b.payInFull(paidAtQuarterEnd, '2026-03-31T23:30:00.000Z');

  const voided = await b.invoice({ clientId: acmeTwin.id, issueDate: '2026-02-10', dueDate: '2026-02-10', lines: [{ unitPrice: 50_000 }] });
  await b.act(voided, 'void');

  const uncollectible = await b.invoice({ clientId: beta.id, issueDate: '2026-03-31', dueDate: '2026-04-30', lines: [{ unitPrice: 99_999, taxRate: 20 }] });
  await b.pay(uncollectible, 20_000, '2026-04-15T12:00:00.000Z');
  await b.act(uncollectible, 'mark-uncollectible');

  await b.draft({ clientId: beta.id, issueDate: '2026-02-01', dueDate: '2026-03-01', lines: [{ unitPrice: 77_700 }] });

  const refunded = await b.invoice({ clientId: acmeTwin.id, issueDate: '2026-02-28', dueDate: '2026-03-30', lines: [{ unitPrice: 20_000, taxRate: 19 }] });
  await b.pay(refunded, 15_000, '2026-03-05T09:00:00.000Z');
  await b.credit(refunded, '2026-03-10', [{ unitPrice: 10_000, taxRate: 19 }], '-10% goodwill');

  const yen = await b.invoice({ clientId: evil.id, issueDate: '2025-12-31', dueDate: '2026-01-30', lines: [{ unitPrice: 1_001, quantity: 2.5, taxRate: 10 }] });
  await b.credit(yen, '2026-01-01', [{ unitPrice: 500, taxRate: 10 }]);
  await b.pay(yen, 2_000, '2026-04-01T00:00:00.000Z');

  await b.invoice({
    clientId: gulf.id,
    issueDate: '2026-03-15',
    dueDate: '2026-03-15',
    lines: [{ unitPrice: 1_234_567 }, { unitPrice: 100_001, taxCategory: 'E' }],
  });

  const prepaid = await b.invoice({ clientId: acme.id, issueDate: '2026-03-20', dueDate: '2026-04-19', lines: [{ unitPrice: 30_000, taxRate: 19 }] });
  await b.pay(prepaid, 10_000, '2026-03-01T08:00:00.000Z');

  const creditedBeforePayment = await b.invoice({ clientId: acme.id, issueDate: '2026-01-05', dueDate: '2026-01-20', lines: [{ unitPrice: 40_000, taxRate: 19 }] });
  await b.payInFull(creditedBeforePayment, '2026-01-20T10:00:00.000Z');
  await b.credit(creditedBeforePayment, '2026-01-10');

  await b.invoice({ clientId: acme.id, issueDate: '2025-10-01', dueDate: '2025-10-31', lines: [{ unitPrice: 7_777, taxRate: 19 }] });

  await b.invoice({
    clientId: beta.id,
    issueDate: '2026-02-15',
    dueDate: '2026-05-16',
    taxRounding: 'document',
    lines: [
      { unitPrice: 333, quantity: 3, taxRate: 7.75 },
      { unitPrice: 333, taxRate: 7.75 },
    ],
  });
}
