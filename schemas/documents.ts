/** Query strings of the document downloads: which e-invoice profile, which PDF format. */
import { Type } from '@sinclair/typebox';
import { ciiProfiles, eInvoiceProfiles } from '../base/vocabulary.js';
import { StringEnum } from './common.js';
import { languageQuery } from './languages.js';

const xrechnung =
  'xrechnung: XRechnung 3.0 (CustomizationID urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0, ' +
  'BT-23 the Peppol billing process); it needs buyerReference (the Leitweg-ID), both parties’ electronicAddress, the ' +
  'seller’s bankAccount, contactName, email and phone, and both parties’ postalCode. A deliveryCountry must be the ' +
  'buyer’s country: the buyer’s address is then the delivery address.';

export const UblQuery = Type.Object({
  profile: Type.Optional(
    StringEnum(eInvoiceProfiles, {
      default: 'en16931',
      description: `en16931: CustomizationID urn:cen.eu:en16931:2017; peppol: Peppol BIS Billing 3.0; ${xrechnung}`,
    }),
  ),
});

export const CiiQuery = Type.Object({
  profile: Type.Optional(
    StringEnum(ciiProfiles, {
      default: 'en16931',
      description: `en16931: GuidelineSpecifiedDocumentContextParameter urn:cen.eu:en16931:2017; ${xrechnung}`,
    }),
  ),
});

export const pdfFormats = ['pdf', 'facturx'] as const;

export const PdfQuery = Type.Object({
  format: Type.Optional(
    StringEnum(pdfFormats, {
      default: 'pdf',
      description:
        'pdf: the printable document; facturx: Factur-X 1.07 / ZUGFeRD 2.3, profile EN 16931: a PDF/A-3b of the same ' +
        'document with its EN 16931 CII embedded as factur-x.xml (AFRelationship Alternative). Factur-X follows the ' +
        'e-invoice rules: a draft is 409 and missing data 422, as for the CII.',
    }),
  ),
  ...languageQuery,
});
