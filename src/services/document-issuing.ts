/**
 * Issuing a document: the one step publish, credit notes and recurring invoices share. It takes
 * the user's next number in the series, with the profile's prefix, and the seller (the profile),
 * buyer (the client), and the language and logo of its documents as they are now, to be frozen into the
 * issued document.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Language } from '../i18n/index.js';
import type { InvoiceBuyer, InvoiceSeller } from '../../schemas/parties.js';
import { newHostedToken } from '../hosted-links.js';
import { type BusinessProfileRow, findBusinessProfileRow, toSeller } from './business-profile.js';
import { findClientRow } from './clients.js';
import { clientDocumentLanguage } from './document-language.js';
import { toBuyer } from './invoice-parties.js';
import { type NumberSeries, formatDocumentNumber, nextSequence } from './number-series.js';

export const defaultNumberPrefixes = { invoice: 'INV-', creditNote: 'CN-' } as const satisfies Record<NumberSeries, string>;

const prefixOf = (series: NumberSeries, profile: BusinessProfileRow | undefined) =>
  (series === 'invoice' ? profile?.invoice_number_prefix : profile?.credit_note_number_prefix) ?? defaultNumberPrefixes[series];

export interface IssuedDocument {
  number: string;
  seller: InvoiceSeller | null;
  buyer: InvoiceBuyer;
  /** The document's `seller`, `buyer`, `language` and logo columns. */
  partyColumns: { seller: InvoiceSeller | null; buyer: InvoiceBuyer; language: Language; logo_sha256: string | null };
  /** The `hosted_token` of its hosted page (hostedUrl). */
  hostedToken: string;
}

/**
 * Numbers a document of `series` for the user and snapshots its parties, inside the caller's
 * transaction (the number counter stays locked until it ends: gapless under concurrency).
 */
export async function issueDocument(
  trx: Transaction<DB>,
  series: NumberSeries,
  userId: string,
  clientId: string,
): Promise<IssuedDocument> {
  // The profile and the client once each: the seller, the buyer and the language all come from these two rows.
  const [profile, client] = await Promise.all([findBusinessProfileRow(trx, userId), findClientRow(trx, userId, clientId)]);
  if (!client) throw new Error(`client ${clientId} of a document being issued is missing`);
  const seller = profile ? toSeller(profile) : null;
  const buyer = toBuyer(client);
  const language = clientDocumentLanguage(client.language, profile?.default_language);
  const number = formatDocumentNumber(prefixOf(series, profile), await nextSequence(trx, series, userId));
  const partyColumns = { seller, buyer, language, logo_sha256: profile?.logo_sha256 ?? null };
  return { number, seller, buyer, partyColumns, hostedToken: newHostedToken() };
}
