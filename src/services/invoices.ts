/**
 * Draft invoices: create, list, edit and delete. Every write is one transaction; the server
 * prices every line (src/domain/document-pricing.ts) and stores the totals (clients never send them).
 */
import { type Insertable, sql, type Transaction } from 'kysely';
import { compiledQuery } from '../../db/compiled-queries.js';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import { DEFAULT_PAGE_SIZE, type PageOf } from '../../schemas/common.js';
import type { CreateInvoiceBody, InvoiceListQuery, InvoiceStatus, InvoiceSummary, UpdateInvoiceBody } from '../../schemas/invoices.js';
import { addDays } from '../domain/calendar.js';
import { assertTransition } from '../domain/invoice-state.js';
import { AppError } from '../errors.js';
import { reportEvent } from '../unit-of-work/events.js';
import { findBusinessProfileRow, toSeller } from './business-profile.js';
import { findClientRow } from './clients.js';
import { isForeignKeyViolation } from '../../db/postgres-errors.js';
import {
  type InvoiceItemRow,
  type InvoiceRecord,
  invoiceEtag,
  invoiceState,
  loadItems,
  lockInvoiceRow,
  overdueStatuses,
  summaryColumns,
  toInvoice,
  toInvoiceSummary,
  todayUtc,
  updateInvoiceRow,
  withItems,
} from './invoice-records.js';
import { loadParties, toBuyer } from './invoice-parties.js';
import {
  type PricedItems,
  assertWellFormed,
  lineColumns,
  pricedLineColumns,
  normaliseExemptions,
  priceItems,
  toAdjustmentInputs,
  toLineInput,
} from './document-lines.js';
import { likeContaining, likePrefix } from './like-patterns.js';
import { metadataColumn, metadataContains } from './metadata.js';
import { decodeCursor, keysetPageQuery, toPage } from './pagination.js';
import { assertIfMatch } from './preconditions.js';

/** The e-invoice fields a create or update body sets; left-out ones stay undefined (Kysely skips them). */
function documentColumns(body: UpdateInvoiceBody) {
  return {
    buyer_reference: body.buyerReference,
    purchase_order_reference: body.purchaseOrderReference,
    delivery_date: body.deliveryDate,
    delivery_country: body.deliveryCountry,
    tax_exemptions: body.taxExemptions && normaliseExemptions(body.taxExemptions),
    tax_rounding: body.taxRounding,
    metadata: metadataColumn(body.metadata),
  };
}

function assertDueNotBeforeIssue(issueDate: string, dueDate: string) {
  if (dueDate < issueDate) {
    const message = `must not be before issueDate (${issueDate})`;
    throw new AppError('validation_failed', `/dueDate ${message}`, [{ path: '/dueDate', message }]);
  }
}

const unknownClient = () => new AppError('unprocessable', 'clientId is not one of your clients');

/** Runs a write that references a client; the foreign key catches a client deleted meanwhile. */
async function referencingClient<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isForeignKeyViolation(error, 'invoices_client_owned_fkey')) throw unknownClient();
    throw error;
  }
}

const insertedItemColumns = ['position', ...pricedLineColumns] as const satisfies readonly (keyof ReturnType<typeof lineColumns>)[];

type ItemArrays = { [C in (typeof insertedItemColumns)[number]]: ReturnType<typeof lineColumns>[C][] };

// One statement, compiled once, for any number of lines: each column travels as one array.
const insertItemRows = compiledQuery('insert_invoice_items', (db, values: ItemArrays & { invoiceId: string }) =>
  db
    .insertInto('invoice_items')
    .columns(['invoice_id', ...insertedItemColumns])
    .expression(
      sql`select ${values.invoiceId}::uuid, * from unnest(${values.position}::int[], ${values.description}::text[],
        ${values.quantity}::numeric[], ${values.unit_code}::text[], ${values.unit_price}::bigint[], ${values.tax_category}::text[],
        ${values.tax_rate}::numeric[], ${values.discount_percent}::numeric[], ${values.discount_amount}::bigint[],
        ${values.discount_reason}::text[], ${values.subtotal}::bigint[], ${values.tax}::bigint[], ${values.total}::bigint[])`,
    )
    .returningAll(),
);

async function insertItems(trx: Transaction<DB>, invoiceId: string, { lines }: PricedItems): Promise<InvoiceItemRow[]> {
  if (lines.length === 0) return [];
  const rows = lines.map(lineColumns);
  const arrays = Object.fromEntries(insertedItemColumns.map((column) => [column, rows.map((row) => row[column])])) as ItemArrays;
  const inserted = await insertItemRows(trx, { invoiceId, ...arrays });
  return inserted.sort((a, b) => a.position - b.position);
}

/** 400 when there is no dueDate and no profile to default it from. */
const dueDateRequired = () =>
  new AppError('validation_failed', '/dueDate is required until a business profile sets paymentTermsDays', [
    { path: '/dueDate', message: 'is required (no business profile to take paymentTermsDays from)' },
  ]);

/** Which recurring schedule and period generated an invoice (src/services/recurring-generation.ts). */
export interface RecurringOrigin {
  recurring_invoice_id: string;
  recurring_period_date: string;
}

/** Compiled once per set of columns given (the body's optional fields, the recurring origin). */
const insertInvoice = compiledQuery('insert_invoice', (db, values: Insertable<DB['invoices']>) =>
  db.insertInto('invoices').values(values).returningAll(),
);

export async function createInvoice(
  trx: Transaction<DB>,
  userId: string,
  body: CreateInvoiceBody,
  origin?: RecurringOrigin,
): Promise<InvoiceRecord> {
  const issueDate = body.issueDate ?? todayUtc();
  if (body.dueDate) assertDueNotBeforeIssue(issueDate, body.dueDate);
  const documentFields = documentColumns(body);
  const profile = await findBusinessProfileRow(trx, userId);
  const dueDate = body.dueDate ?? (profile ? addDays(issueDate, profile.payment_terms_days) : undefined);
  if (!dueDate) throw dueDateRequired();
  const taxRounding = body.taxRounding ?? profile?.tax_rounding ?? 'line';
  const priced = priceItems(body.items ?? [], taxRounding, { allowances: body.allowances, charges: body.charges });
  const client = await findClientRow(trx, userId, body.clientId);
  if (!client) throw unknownClient();
  const [row] = await referencingClient(
    insertInvoice(trx, {
      user_id: userId,
      client_id: client.id,
      currency: body.currency ?? client.currency,
      issue_date: issueDate,
      due_date: dueDate,
      notes: body.notes ?? null,
      ...documentFields,
      tax_rounding: taxRounding,
      ...priced.totals,
      ...origin,
    }),
  );
  if (!row) throw new Error('the invoice was not inserted');
  // A draft shows the current profile and client: the ones just read.
  const parties = { seller: profile ? toSeller(profile) : null, buyer: toBuyer(client) };
  const created = { row, invoice: toInvoice(row, await insertItems(trx, row.id, priced), parties) };
  reportEvent(trx, { userId, type: 'invoice.created', object: created.invoice });
  return created;
}

interface InvoicePageValues {
  userId: string;
  take: number;
  afterCreatedAt?: string;
  afterId?: string;
  status?: InvoiceStatus;
  clientId?: string;
  overdue?: boolean;
  today?: string;
  recurringInvoiceId?: string;
  /** The metadata filter's JSON text. */
  metadata?: string;
  number?: string;
  /** `q` as an ILIKE prefix of the number and an ILIKE substring of the client's companyName: both or neither. */
  numberPrefix?: string;
  companyNamePart?: string;
  currency?: string;
  issueDateFrom?: string;
  issueDateTo?: string;
  dueDateFrom?: string;
  dueDateTo?: string;
  totalMin?: number;
  totalMax?: number;
}

/** 400 for a search range whose start is after its end (every range is inclusive). */
function assertRanges(query: InvoiceListQuery) {
  const ranges = [
    ['issueDateFrom', 'issueDateTo'],
    ['dueDateFrom', 'dueDateTo'],
    ['totalMin', 'totalMax'],
  ] as const;
  const errors = ranges.flatMap(([from, to]) => {
    const [start, end] = [query[from], query[to]];
    return start !== undefined && end !== undefined && start > end ? [{ path: `/${from}`, message: `must not be after ${to} (${end})` }] : [];
  });
  if (errors.length > 0) throw new AppError('validation_failed', errors.map(({ path, message }) => `${path} ${message}`).join('; '), errors);
}

const invoicePage = compiledQuery('invoice_page', (db, values: InvoicePageValues) => {
  let invoices = db.selectFrom('invoices').select(summaryColumns).where('user_id', '=', values.userId);
  if (values.status !== undefined) invoices = invoices.where('status', '=', values.status);
  if (values.clientId !== undefined) invoices = invoices.where('client_id', '=', values.clientId);
  if (values.recurringInvoiceId !== undefined) invoices = invoices.where('recurring_invoice_id', '=', values.recurringInvoiceId);
  if (values.metadata !== undefined) invoices = invoices.where(metadataContains('invoices', values.userId, values.metadata));
  if (values.number !== undefined) invoices = invoices.where('number', '=', values.number);
  if (values.numberPrefix !== undefined && values.companyNamePart !== undefined) {
    const { userId, numberPrefix, companyNamePart } = values;
    // = any(array(…)): the matching clients' ids become one array, so the client_id arm is an index condition too.
    invoices = invoices.where((eb) =>
      eb.or([
        eb('number', 'ilike', numberPrefix),
        sql<boolean>`invoices.client_id = any(array(${eb
          .selectFrom('clients')
          .select('clients.id')
          .where('clients.user_id', '=', userId)
          .where('clients.company_name', 'ilike', companyNamePart)}))`,
      ]),
    );
  }
  if (values.currency !== undefined) invoices = invoices.where('currency', '=', values.currency);
  if (values.issueDateFrom !== undefined) invoices = invoices.where('issue_date', '>=', values.issueDateFrom);
  if (values.issueDateTo !== undefined) invoices = invoices.where('issue_date', '<=', values.issueDateTo);
  if (values.dueDateFrom !== undefined) invoices = invoices.where('due_date', '>=', values.dueDateFrom);
  if (values.dueDateTo !== undefined) invoices = invoices.where('due_date', '<=', values.dueDateTo);
  if (values.totalMin !== undefined) invoices = invoices.where('total', '>=', values.totalMin);
  if (values.totalMax !== undefined) invoices = invoices.where('total', '<=', values.totalMax);
  if (values.overdue !== undefined) {
    invoices = invoices.where((eb) => {
      const isOverdue = eb.and([eb('status', 'in', [...overdueStatuses]), eb('due_date', '<', values.today ?? '')]);
      return sql<boolean>`(${isOverdue}) = ${values.overdue}`;
    });
  }
  const after = values.afterCreatedAt !== undefined && values.afterId !== undefined ? { createdAt: values.afterCreatedAt, id: values.afterId } : undefined;
  return keysetPageQuery(invoices, { createdAt: 'invoices.created_at', id: 'invoices.id' }, values.take, after);
});

export async function listInvoices(
  db: Executor,
  userId: string,
  query: InvoiceListQuery,
): Promise<PageOf<InvoiceSummary>> {
  const { limit = DEFAULT_PAGE_SIZE, cursor, status, clientId, overdue, recurringInvoiceId, metadata, q } = query;
  assertRanges(query);
  const today = todayUtc();
  const after = cursor ? decodeCursor(cursor) : undefined;
  const rows = await invoicePage(db, {
    userId,
    take: limit + 1,
    afterCreatedAt: after?.createdAt,
    afterId: after?.id,
    status,
    clientId,
    overdue,
    today: overdue === undefined ? undefined : today,
    recurringInvoiceId,
    metadata: metadataColumn(metadata),
    number: query.number,
    numberPrefix: q === undefined ? undefined : likePrefix(q),
    companyNamePart: q === undefined ? undefined : likeContaining(q),
    currency: query.currency,
    issueDateFrom: query.issueDateFrom,
    issueDateTo: query.issueDateTo,
    dueDateFrom: query.dueDateFrom,
    dueDateTo: query.dueDateTo,
    totalMin: query.totalMin,
    totalMax: query.totalMax,
  });
  const page = toPage(rows, limit);
  const partiesOf = await loadParties(db, userId, page.data);
  return { data: page.data.map((row) => toInvoiceSummary(row, partiesOf(row), today)), nextCursor: page.nextCursor };
}

export async function updateInvoice(
  trx: Transaction<DB>,
  userId: string,
  id: string,
  body: UpdateInvoiceBody,
  ifMatch?: string,
): Promise<InvoiceRecord> {
  if (Object.keys(body).every((field) => field === 'metadata')) return updateInvoiceMetadata(trx, userId, id, body, ifMatch);
  if (body.issueDate && body.dueDate) assertDueNotBeforeIssue(body.issueDate, body.dueDate);
  // Bad input is a 400 before the invoice is looked at; it is priced for real below, with what the body leaves as it was.
  assertWellFormed(body.items ?? [], { allowances: body.allowances, charges: body.charges });
  const documentFields = documentColumns(body);
  const current = await lockInvoiceRow(trx, userId, id);
  assertTransition(invoiceState(current), 'edit');
  assertIfMatch(ifMatch, invoiceEtag(current));
  assertDueNotBeforeIssue(body.issueDate ?? current.issue_date, body.dueDate ?? current.due_date);
  if (body.clientId && body.clientId !== current.client_id && !(await findClientRow(trx, userId, body.clientId))) {
    throw unknownClient();
  }
  const rounding = body.taxRounding ?? current.tax_rounding;
  const priced =
    body.items || body.taxRounding || body.allowances || body.charges
      ? priceItems(body.items ?? (await loadItems(trx, current.id)).map(toLineInput), rounding, {
          allowances: body.allowances ?? toAdjustmentInputs(current.allowances),
          charges: body.charges ?? toAdjustmentInputs(current.charges),
        })
      : undefined;
  const row = await referencingClient(
    updateInvoiceRow(trx, current, {
      client_id: body.clientId,
      currency: body.currency,
      issue_date: body.issueDate,
      due_date: body.dueDate,
      notes: body.notes,
      ...documentFields,
      ...priced?.totals,
    }),
  );
  if (body.items && priced) await trx.deleteFrom('invoice_items').where('invoice_id', '=', row.id).execute();
  const items = body.items && priced ? await insertItems(trx, row.id, priced) : undefined;
  const updated = await withItems(trx, row, items);
  reportEvent(trx, { userId, type: 'invoice.updated', object: updated.invoice });
  return updated;
}

/** A PATCH of metadata alone, which an invoice takes in any status (its document stays as issued). */
async function updateInvoiceMetadata(
  trx: Transaction<DB>,
  userId: string,
  id: string,
  { metadata }: UpdateInvoiceBody,
  ifMatch?: string,
): Promise<InvoiceRecord> {
  const current = await lockInvoiceRow(trx, userId, id);
  assertIfMatch(ifMatch, invoiceEtag(current));
  const updated = await withItems(trx, await updateInvoiceRow(trx, current, { metadata: metadataColumn(metadata) }));
  reportEvent(trx, { userId, type: 'invoice.updated', object: updated.invoice });
  return updated;
}

export async function deleteInvoice(trx: Transaction<DB>, userId: string, id: string): Promise<void> {
  const current = await lockInvoiceRow(trx, userId, id);
  assertTransition(invoiceState(current), 'delete');
  const { invoice } = await withItems(trx, current);
  await trx.deleteFrom('invoices').where('id', '=', current.id).where('user_id', '=', userId).execute();
  reportEvent(trx, { userId, type: 'invoice.deleted', object: invoice });
}
