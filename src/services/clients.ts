/** Clients (customers and vendors): every query is scoped by the owner's user_id. */
import { type Selectable, type Transaction, sql } from 'kysely';
import { compiledQuery } from '../../db/compiled-queries.js';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { PageOf } from '../../schemas/common.js';
import type {
  Client,
  ClientAddress,
  ClientAddressInput,
  ClientListQuery,
  CreateClientBody,
  UpdateClientBody,
} from '../../schemas/clients.js';
import { representationEtag } from '../etag.js';
import { AppError, notFound } from '../errors.js';
import { reportEvent } from '../unit-of-work/events.js';
import { isForeignKeyViolation } from '../../db/postgres-errors.js';
import { likeContaining } from './like-patterns.js';
import { metadataColumn, metadataContains } from './metadata.js';
import { paginate } from './pagination.js';
import { assertIfMatch } from './preconditions.js';

export type ClientRow = Selectable<DB['clients']>;

/** Stored with every optional key present, so responses show null rather than omitting it. */
export function normaliseAddress(address: ClientAddressInput): ClientAddress {
  return {
    line1: address.line1,
    line2: address.line2 ?? null,
    city: address.city,
    postalCode: address.postalCode ?? null,
    region: address.region ?? null,
    country: address.country,
  };
}

export function toClient(row: ClientRow): Client {
  return {
    id: row.id,
    kind: row.kind,
    companyName: row.company_name,
    contactName: row.contact_name,
    email: row.email,
    phone: row.phone,
    address: row.address === null ? null : normaliseAddress(row.address),
    taxId: row.tax_id,
    electronicAddress: row.electronic_address,
    currency: row.currency,
    notes: row.notes,
    language: row.language,
    metadata: row.metadata,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns a body sets; fields left out stay undefined, which Kysely skips. */
function clientColumns(body: UpdateClientBody) {
  return {
    kind: body.kind,
    company_name: body.companyName,
    contact_name: body.contactName,
    email: body.email,
    phone: body.phone,
    address: body.address ? normaliseAddress(body.address) : body.address,
    tax_id: body.taxId,
    electronic_address: body.electronicAddress,
    currency: body.currency,
    notes: body.notes,
    language: body.language,
    metadata: metadataColumn(body.metadata),
  };
}

export async function createClient(trx: Transaction<DB>, userId: string, body: CreateClientBody): Promise<Client> {
  const row = await trx
    .insertInto('clients')
    .values({
      ...clientColumns(body),
      user_id: userId,
      kind: body.kind,
      company_name: body.companyName,
      currency: body.currency,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const client = toClient(row);
  reportEvent(trx, { userId, type: 'client.created', object: client });
  return client;
}


export async function listClients(db: Executor, userId: string, query: ClientListQuery): Promise<PageOf<Client>> {
  let clients = db.selectFrom('clients').selectAll().where('user_id', '=', userId);
  if (query.kind) clients = clients.where('kind', '=', query.kind);
  if (query.metadata) clients = clients.where(metadataContains('clients', userId, metadataColumn(query.metadata)));
  if (query.q) {
    const pattern = likeContaining(query.q);
    clients = clients.where((eb) => eb.or([eb('company_name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
  }
  const page = await paginate(clients, query, { createdAt: 'clients.created_at', id: 'clients.id' });
  return { data: page.data.map(toClient), nextCursor: page.nextCursor };
}

/** The user's client, or undefined when it does not exist or belongs to someone else. */
const clientById = compiledQuery('client_by_id', (db, { userId, id }: { userId: string; id: string }) =>
  db.selectFrom('clients').selectAll().where('user_id', '=', userId).where('id', '=', id),
);

export async function findClientRow(db: Executor, userId: string, id: string): Promise<ClientRow | undefined> {
  const [row] = await clientById(db, { userId, id });
  return row;
}

export async function getClient(db: Executor, userId: string, id: string): Promise<Client> {
  const row = await findClientRow(db, userId, id);
  if (!row) throw notFound('Client');
  return toClient(row);
}

export async function updateClient(
  trx: Transaction<DB>,
  userId: string,
  id: string,
  body: UpdateClientBody,
  ifMatch?: string,
): Promise<Client> {
  if (ifMatch !== undefined) {
    const current = await trx.selectFrom('clients').selectAll().where('user_id', '=', userId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) throw notFound('Client');
    assertIfMatch(ifMatch, representationEtag(toClient(current)));
  }
  const row = await trx
    .updateTable('clients')
    .set({ ...clientColumns(body), updated_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('Client');
  const client = toClient(row);
  reportEvent(trx, { userId, type: 'client.updated', object: client });
  return client;
}

const clientHasInvoices = () => new AppError('conflict', 'The client has invoices; it cannot be deleted');

export async function deleteClient(trx: Transaction<DB>, userId: string, id: string): Promise<void> {
  const invoice = await trx
    .selectFrom('invoices')
    .select('id')
    .where('user_id', '=', userId)
    .where('client_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  if (invoice) throw clientHasInvoices();
  let deleted: ClientRow | undefined;
  try {
    deleted = await trx.deleteFrom('clients').where('user_id', '=', userId).where('id', '=', id).returningAll().executeTakeFirst();
  } catch (error) {
    // An invoice created between the check and the delete: the foreign key refuses.
    if (isForeignKeyViolation(error, 'invoices_client_owned_fkey')) throw clientHasInvoices();
    throw error;
  }
  // No invoice can reference a client that does not exist, so a missing one lands here: 404.
  if (!deleted) throw notFound('Client');
  reportEvent(trx, { userId, type: 'client.deleted', object: toClient(deleted) });
}
