/**
 * Factur-X 1.07 / ZUGFeRD 2.3, profile EN 16931: the PDF is a PDF/A-3b (pdfkit writes the PDF/A
 * identification and an sRGB output intent from the ICC profile its npm package ships; every font
 * the renderer uses is embedded), its CII is embedded as factur-x.xml with AFRelationship
 * Alternative (listed in the catalog's AF array and its EmbeddedFiles), and its XMP metadata
 * carries the Factur-X extension schema and the fx: properties readers look for.
 */
import type PDFDocument from 'pdfkit';

declare global {
  // pdfkit 0.20 writes AFRelationship from this option; its typings do not list it yet.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace PDFKit.Mixins {
    interface PDFAttachmentOptions {
      relationship?: 'Source' | 'Data' | 'Alternative' | 'Supplement' | 'EncryptedPayload' | 'FormData' | 'Schema' | 'Unspecified';
    }
  }
}

type Doc = InstanceType<typeof PDFDocument>;

export const FACTUR_X_FILE_NAME = 'factur-x.xml';
export const FACTUR_X_NAMESPACE = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';
/** fx:ConformanceLevel of the EN 16931 profile (ZUGFeRD 2.x's former COMFORT). */
export const FACTUR_X_CONFORMANCE = 'EN 16931';

/** The PDFDocument options of a Factur-X PDF: PDF/A-3b on PDF 1.7. */
export const pdfA3bOptions = { pdfVersion: '1.7', subset: 'PDF/A-3b' } as const;

const property = (name: string, description: string) => `
            <rdf:li rdf:parseType="Resource">
              <pdfaProperty:name>${name}</pdfaProperty:name>
              <pdfaProperty:valueType>Text</pdfaProperty:valueType>
              <pdfaProperty:category>external</pdfaProperty:category>
              <pdfaProperty:description>${description}</pdfaProperty:description>
            </rdf:li>`;

/** The XMP a PDF/A reader needs to accept the fx: properties (an extension schema), then the properties. */
const facturXXmp = `
        <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
            xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
          <pdfaExtension:schemas>
            <rdf:Bag>
              <rdf:li rdf:parseType="Resource">
                <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
                <pdfaSchema:namespaceURI>${FACTUR_X_NAMESPACE}</pdfaSchema:namespaceURI>
                <pdfaSchema:prefix>fx</pdfaSchema:prefix>
                <pdfaSchema:property>
                  <rdf:Seq>${[
                    property('DocumentFileName', 'The name of the embedded XML document'),
                    property('DocumentType', 'The type of the hybrid document in capital letters, e.g. INVOICE or ORDER'),
                    property('Version', 'The actual version of the standard applying to the embedded XML document'),
                    property('ConformanceLevel', 'The conformance level of the embedded XML document'),
                  ].join('')}
                  </rdf:Seq>
                </pdfaSchema:property>
              </rdf:li>
            </rdf:Bag>
          </pdfaExtension:schemas>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:fx="${FACTUR_X_NAMESPACE}">
          <fx:DocumentType>INVOICE</fx:DocumentType>
          <fx:DocumentFileName>${FACTUR_X_FILE_NAME}</fx:DocumentFileName>
          <fx:Version>1.0</fx:Version>
          <fx:ConformanceLevel>${FACTUR_X_CONFORMANCE}</fx:ConformanceLevel>
        </rdf:Description>`;

/** Embeds `ciiXml` into `doc` (made with pdfA3bOptions) as its Factur-X invoice. Call before doc.end(). */
export function attachFacturX(doc: Doc, ciiXml: string, now = new Date()): void {
  doc.file(Buffer.from(ciiXml, 'utf8'), {
    name: FACTUR_X_FILE_NAME,
    type: 'text/xml',
    relationship: 'Alternative',
    description: 'Factur-X / ZUGFeRD invoice data (UN/CEFACT CII, EN 16931)',
    creationDate: now,
    modifiedDate: now,
  });
  doc.appendXML(facturXXmp);
}
