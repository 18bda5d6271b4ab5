/**
 * The four CSV exports parsed back (csv-parse) and compared field by field with the API's own
 * objects; date filters at the edges of a day; CSV injection; another user's rows never present.
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportColumns } from '../../schemas/exports.js';
import { useTestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/users.js';
import { book, type Ledger, readLedger } from '../reports/book.js';
import { major } from '../reports/model.js';
import { writeScenario } from '../reports/scenario.js';

/** The contract's rule, restated: text beginning like a formula gets a leading quote. */
const guard = (text: string | null | undefined) => (text ? (/^[=+\-@\t\r＝＋－＠]/.test(text) ? `'${text}` : text) : '');
const byDateThenId = <T extends { id: string }>(date: (row: T) => string) => (a: T, b: T) =>
  date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : a.id < b.id ? -1 : 1;
const dayOf = (timestamp: string) => timestamp.slice(0, 10);

describe('CSV exports', () => {
  const t = useTestApp();
  let alice: TestUser;
  let bob: TestUser;
  let ledger: Ledger;
  let bobIds: string[];

  beforeAll(async () => {
    [alice, bob] = [await createUser(t.app), await createUser(t.app)];
    await writeScenario(t.app, alice);
    const b = book(t.app, alice);
    // Every text column of clients.csv, attacked.
    for (const [companyName, extra] of [
      ['\tTabbed Ltd', { contactName: '@admin', phone: '+49 30 1234567', taxId: '-DE123' }],
      ['\rReturn Ltd', { contactName: '＝1+1', email: 'ap@return.test', address: { line1: '1 Main St', city: 'Cork', country: 'IE' } }],
      ['Line one\nline two, "quoted"', { contactName: 'O’Brien, Siobhán', phone: '-1' }],
    ] as const) {
      await b.client(companyName, 'GBP', extra);
    }
    const bobs = book(t.app, bob);
    const bobClient = await bobs.client('Bob’s client', 'EUR');
    const bobInvoice = await bobs.invoice({ clientId: bobClient.id, issueDate: '2026-02-01', dueDate: '2026-02-01', lines: [{ unitPrice: 999 }] });
    const bobPayment = await bobs.pay(bobInvoice, 100, '2026-02-01T12:00:00.000Z');
    const bobNote = await bobs.credit(bobInvoice, '2026-02-01', [{ unitPrice: 50 }]);
    bobIds = [bobClient.id, bobInvoice.id, bobPayment.id, bobNote.id];
    ledger = await readLedger(t.app, alice);
  });

  const download = async (file: string, query = '') => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/exports/${file}${query}`, headers: { authorization: `Bearer ${alice.token}` } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${file}"`);
    for (const id of bobIds) expect(response.body).not.toContain(id);
    return { text: response.body, rows: parse(response.body, { columns: true }) as Record<string, string>[] };
  };

  const invoiceRow = (invoice: Ledger['invoices'][number]) => ({
    number: guard(invoice.number),
    status: invoice.status,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    clientId: invoice.clientId,
    clientName: guard(invoice.buyer.name),
    currency: invoice.currency,
    subtotal: major(invoice.subtotal, invoice.currency),
    tax: major(invoice.tax, invoice.currency),
    total: major(invoice.total, invoice.currency),
    amountPaid: major(invoice.amountPaid, invoice.currency),
    amountCredited: major(invoice.amountCredited, invoice.currency),
    amountDue: major(invoice.amountDue, invoice.currency),
    paidAt: invoice.paidAt ?? '',
    id: invoice.id,
  });

  const invoiceOf = (id: string) => {
    const invoice = ledger.invoices.find((candidate) => candidate.id === id);
    if (!invoice) throw new Error(`no invoice ${id}`);
    return invoice;
  };

  const paymentRow = (payment: Ledger['payments'][number]) => ({
    id: payment.id,
    invoiceId: payment.invoiceId,
    invoiceNumber: guard(invoiceOf(payment.invoiceId).number),
    paidAt: payment.paidAt,
    method: payment.method,
    reference: guard(payment.reference),
    currency: invoiceOf(payment.invoiceId).currency,
    amount: major(payment.amount, invoiceOf(payment.invoiceId).currency),
    createdAt: payment.createdAt,
  });

  const creditNoteRow = (note: Ledger['creditNotes'][number]) => ({
    number: guard(note.number),
    issueDate: note.issueDate,
    invoiceId: note.invoiceId,
    invoiceNumber: guard(invoiceOf(note.invoiceId).number),
    currency: note.currency,
    subtotal: major(note.subtotal, note.currency),
    tax: major(note.tax, note.currency),
    total: major(note.total, note.currency),
    appliedToBalance: major(note.appliedToBalance, note.currency),
    refundDue: major(note.refundDue, note.currency),
    reason: guard(note.reason),
    id: note.id,
  });

  const clientRow = (client: Ledger['clients'][number]) => ({
    id: client.id,
    kind: client.kind,
    companyName: guard(client.companyName),
    contactName: guard(client.contactName),
    email: guard(client.email),
    phone: guard(client.phone),
    currency: client.currency,
    taxId: guard(client.taxId),
    country: client.address?.country ?? '',
    createdAt: client.createdAt,
  });

  it('invoices.csv: every invoice, drafts included, by issueDate then id, field by field', async () => {
    const { text, rows } = await download('invoices.csv');
    expect(text.slice(0, text.indexOf('\r\n'))).toBe(exportColumns.invoices.join(','));
    expect(rows).toEqual([...ledger.invoices].sort(byDateThenId((invoice) => invoice.issueDate)).map(invoiceRow));
    expect(rows.some((row) => row.status === 'draft' && row.number === '')).toBe(true);
    expect(rows.map((row) => row.currency)).toEqual(expect.arrayContaining(['EUR', 'USD', 'JPY', 'KWD']));
  });

  it('payments.csv: every payment by paidAt then id, with its invoice’s number and currency', async () => {
    const { text, rows } = await download('payments.csv');
    expect(text.slice(0, text.indexOf('\r\n'))).toBe(exportColumns.payments.join(','));
    expect(rows).toEqual([...ledger.payments].sort(byDateThenId((payment) => payment.paidAt)).map(paymentRow));
    expect(rows.map((row) => row.reference)).toContain("'+31 transfer");
  });

  it('credit-notes.csv: every credit note by issueDate then id', async () => {
    const { text, rows } = await download('credit-notes.csv');
    expect(text.slice(0, text.indexOf('\r\n'))).toBe(exportColumns['credit-notes'].join(','));
    expect(rows).toEqual([...ledger.creditNotes].sort(byDateThenId((note) => note.issueDate)).map(creditNoteRow));
    expect(rows.map((row) => row.reason)).toContain("'-10% goodwill");
  });

  it('clients.csv: every client by createdAt then id, text that looks like a formula guarded, quotes and line breaks kept', async () => {
    const { text, rows } = await download('clients.csv');
    expect(text.slice(0, text.indexOf('\r\n'))).toBe(exportColumns.clients.join(','));
    expect(rows).toEqual([...ledger.clients].sort(byDateThenId((client) => client.createdAt)).map(clientRow));
    expect(rows.map((row) => row.companyName)).toEqual(
      expect.arrayContaining(["'=cmd|' /C calc'!A0", "'\tTabbed Ltd", "'\rReturn Ltd", 'Line one\nline two, "quoted"']),
    );
    expect(rows.map((row) => [row.contactName, row.phone, row.taxId]).flat()).toEqual(
      expect.arrayContaining(["'@admin", "'+49 30 1234567", "'-DE123", "'＝1+1", "'-1"]),
    );
    // RFC 4180 on the wire: CRLF after every record, quotes doubled inside quoted cells.
    expect(text).toContain('"Line one\nline two, ""quoted"""');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(rows.length + 2);
  });

  it('amounts are numbers, never guarded, with the currency’s decimals', async () => {
    const { rows } = await download('invoices.csv');
    const amounts = rows.flatMap((row) => [row.subtotal, row.tax, row.total, row.amountPaid, row.amountCredited, row.amountDue]);
    for (const amount of amounts) expect(amount).toMatch(/^\d+(\.\d{2,3})?$/);
    const yen = rows.find((row) => row.currency === 'JPY');
    const dinar = rows.find((row) => row.currency === 'KWD');
    expect(yen?.total).toMatch(/^\d+$/);
    expect(dinar?.total).toMatch(/^\d+\.\d{3}$/);
  });

  it('from/to filter by the export’s date, inclusive, timestamps by their UTC date', async () => {
    const [from, to] = ['2026-02-01', '2026-03-31'];
    const inRange = (day: string) => from <= day && day <= to;
    const invoices = await download('invoices.csv', `?from=${from}&to=${to}`);
    expect(invoices.rows).toEqual(
      ledger.invoices.filter((invoice) => inRange(invoice.issueDate)).sort(byDateThenId((invoice) => invoice.issueDate)).map(invoiceRow),
    );
    const payments = await download('payments.csv', `?from=${from}&to=${to}`);
    expect(payments.rows).toEqual(
      ledger.payments.filter((payment) => inRange(dayOf(payment.paidAt))).sort(byDateThenId((payment) => payment.paidAt)).map(paymentRow),
    );
    // The scenario pays at 2026-01-31T23:59:59.999Z (out), 2026-02-01T00:00:00.000Z and 2026-03-31T23:30Z (in), 2026-04-01T00:00Z (out).
    expect(payments.rows.map((row) => row.paidAt)).toEqual(expect.arrayContaining(['2026-02-01T00:00:00.000Z', '2026-03-31T23:30:00.000Z']));
    expect(payments.rows.map((row) => row.paidAt)).not.toContain('2026-01-31T23:59:59.999Z');
    expect(payments.rows.map((row) => row.paidAt)).not.toContain('2026-04-01T00:00:00.000Z');
    const notes = await download('credit-notes.csv', '?from=2026-01-10&to=2026-01-10');
    expect(notes.rows).toEqual(ledger.creditNotes.filter((note) => note.issueDate === '2026-01-10').map(creditNoteRow));
    expect(notes.rows).toHaveLength(1);
    const today = dayOf(ledger.clients[0]?.createdAt ?? '');
    expect((await download('clients.csv', `?from=${today}&to=${today}`)).rows).toHaveLength(ledger.clients.length);
    expect((await download('clients.csv', '?to=2000-01-01')).rows).toEqual([]);
    expect((await download('invoices.csv', '?from=2026-03-15')).rows.map((row) => row.issueDate ?? '').every((day) => day >= '2026-03-15')).toBe(true);
  });

  it('an export with no rows is its header row', async () => {
    const { text } = await download('credit-notes.csv', '?from=1999-01-01&to=1999-12-31');
    expect(text).toBe(`${exportColumns['credit-notes'].join(',')}\r\n`);
  });
});
