import type { SendEmailOptions } from '../schemas/emails.js';
import type { EInvoiceFile } from '../src/services/e-invoice-files.js';
import type { EmailAttachment } from '../src/services/emails.js';
import { type DocumentFile, documentFileName } from './document-reply.js';

/**
 * The files a document's message carries, as `options` asks: the UBL is built first, so a document
 * the rules refuse answers 422 (naming what is missing) before any PDF is rendered, then the PDF.
 */
export async function emailAttachments(
  options: SendEmailOptions,
  ubl: () => Promise<EInvoiceFile>,
  pdf: () => Promise<DocumentFile>,
): Promise<EmailAttachment[]> {
  const xml = options.attachUbl ? await ubl() : null;
  const files: EmailAttachment[] = [];
  if (options.attachPdf !== false) {
    const file = await pdf();
    const body = await file.body();
    files.push({ fileName: file.fileName, contentType: 'application/pdf', content: typeof body === 'string' ? Buffer.from(body) : body });
  }
  if (xml) files.push({ fileName: documentFileName(xml.number, 'xml'), contentType: 'application/xml', content: Buffer.from(xml.xml) });
  return files;
}
