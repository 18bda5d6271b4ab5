/**
 * The e-invoice profiles (EN 16931 and the CIUS built on it) and the identifiers a document of
 * each states: the specification identifier (BT-24) and the business process (BT-23). Both
 * syntaxes (UBL, CII) state the same values.
 */
import type { EInvoiceProfile } from '../../../base/vocabulary.js';

export type { EInvoiceProfile } from '../../../base/vocabulary.js';

/** BT-24 (UBL CustomizationID, CII GuidelineSpecifiedDocumentContextParameter). */
export const specificationIds: Readonly<Record<EInvoiceProfile, string>> = {
  en16931: 'urn:cen.eu:en16931:2017',
  peppol: 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0',
  xrechnung: 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0',
};

/** BT-23 (UBL ProfileID, CII BusinessProcessSpecifiedDocumentContextParameter): Peppol's billing process, which XRechnung adopts. */
export const PEPPOL_BILLING_PROCESS = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

export const businessProcessOf = (profile: EInvoiceProfile): string | null => (profile === 'en16931' ? null : PEPPOL_BILLING_PROCESS);

/** How a profile is named in messages. */
export const profileNames: Readonly<Record<EInvoiceProfile, string>> = {
  en16931: 'EN 16931',
  peppol: 'Peppol',
  xrechnung: 'XRechnung',
};
