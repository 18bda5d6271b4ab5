/**
 * E-invoice files (UBL or CII, of any profile) from the document model: refused with 422 naming
 * every field the official rules need, else built through the one EN 16931 mapping
 * (business-terms.ts) and one of its syntax bindings.
 */
import type { Executor } from '../../db/database.js';
import { businessTerms } from '../domain/e-invoice/business-terms.js';
import { buildCii } from '../domain/e-invoice/cii.js';
import { type EInvoiceProfile, profileNames } from '../domain/e-invoice/profiles.js';
import { documentGaps } from '../domain/e-invoice/requirements.js';
import type { TradeDocument } from '../domain/e-invoice/trade-document.js';
import { buildUbl } from '../domain/e-invoice/ubl.js';
import { AppError } from '../errors.js';

export type EInvoiceSyntax = 'ubl' | 'cii';

/** Bump it whenever what a file says for the same document changes, so ETags of files built before no longer match. */
const MAPPING_VERSION = '2';

export interface EInvoiceFile {
  xml: string;
  number: string;
  /** Strong validator of this representation */
  etag: string;
}

/** 422 naming every field the e-invoice of `profile` would need, or nothing. */
export function assertDocumentComplete(document: TradeDocument, profile: EInvoiceProfile) {
  const gaps = documentGaps(document, profile);
  if (gaps.length > 0) {
    const summary = gaps.map((gap) => `${gap.path} ${gap.message}`).join('; ');
    throw new AppError('unprocessable', `The ${profileNames[profile]} e-invoice needs more data: ${summary}`, gaps);
  }
}

/** The `syntax` file of `document` for `profile`; `version` changes whenever the document does. */
export function eInvoiceFile(document: TradeDocument, syntax: EInvoiceSyntax, profile: EInvoiceProfile, version: string): EInvoiceFile {
  assertDocumentComplete(document, profile);
  const terms = businessTerms(document, profile);
  return {
    xml: syntax === 'ubl' ? buildUbl(terms) : buildCii(terms),
    number: document.number,
    etag: `"${syntax}.${profile}.${MAPPING_VERSION}.${version}"`,
  };
}

/**
 * The e-invoice download of a document kind, from its loader (which answers 404, 409 or 422
 * profile_required as the kind requires): load, then build the file.
 */
export const eInvoiceOf =
  (load: (db: Executor, userId: string, id: string) => Promise<{ document: TradeDocument; version: string }>) =>
  async (db: Executor, userId: string, id: string, syntax: EInvoiceSyntax, profile: EInvoiceProfile): Promise<EInvoiceFile> => {
    const { document, version } = await load(db, userId, id);
    return eInvoiceFile(document, syntax, profile, version);
  };
