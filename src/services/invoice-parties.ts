/**
 * The `seller` and `buyer` an invoice shows: frozen into the row when it is published, the
 * current business profile and client while it is a draft.
 */
import { sql } from 'kysely';
import { compiledQuery } from '../../db/compiled-queries.js';
import type { Executor } from '../../db/database.js';
import type { InvoiceBuyer, InvoiceSeller } from '../../schemas/parties.js';
import { findBusinessProfileRow, toSeller } from './business-profile.js';
import { type ClientRow, normaliseAddress } from './clients.js';
import type { InvoiceRow } from './invoice-records.js';

export interface InvoiceParties {
  seller: InvoiceSeller | null;
  buyer: InvoiceBuyer;
}

type PartiesRow = Pick<InvoiceRow, 'status' | 'client_id' | 'seller' | 'buyer'>;

export function toBuyer(client: ClientRow): InvoiceBuyer {
  return {
    name: client.company_name,
    contactName: client.contact_name,
    email: client.email,
    address: client.address === null ? null : normaliseAddress(client.address),
    vatId: client.tax_id,
    electronicAddress: client.electronic_address,
  };
}

// Publishing freezes the parties. A row issued without them (written before snapshots existed, or by
// hand) reads its live client as a draft does rather than failing the whole list.
const isFrozen = (row: PartiesRow): row is PartiesRow & { buyer: InvoiceBuyer } => row.status !== 'draft' && row.buyer !== null;

// One statement whatever the number of ids: they travel as one uuid[] parameter.
const clientsOfUser = compiledQuery('clients_of_user', (db, { userId, ids }: { userId: string; ids: string[] }) =>
  db.selectFrom('clients').selectAll().where('user_id', '=', userId).where('id', '=', sql<string>`any(${ids}::uuid[])`),
);

/**
 * The parties of each row, in two queries whatever the number of rows: the user's profile and
 * the clients of the drafts among them.
 */
export async function loadParties(db: Executor, userId: string, rows: readonly PartiesRow[]): Promise<(row: PartiesRow) => InvoiceParties> {
  const draftClientIds = [...new Set(rows.filter((row) => !isFrozen(row)).map((row) => row.client_id))];
  const [profile, clients] =
    draftClientIds.length === 0 ? [undefined, []] : await Promise.all([findBusinessProfileRow(db, userId), clientsOfUser(db, { userId, ids: draftClientIds })]);
  const seller = profile ? toSeller(profile) : null;
  const buyers = new Map(clients.map((client) => [client.id, toBuyer(client)]));
  return (row) => {
    if (isFrozen(row)) return { seller: row.seller, buyer: row.buyer };
    const buyer = buyers.get(row.client_id);
    if (!buyer) throw new Error(`client ${row.client_id} of a draft is missing`);
    return { seller, buyer };
  };
}
