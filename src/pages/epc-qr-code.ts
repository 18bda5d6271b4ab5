/**
 * The EPC QR code as inline SVG: error correction M, as EPC069-12 requires, the payload as one
 * byte-mode (UTF-8) segment, which the standard allows. Given plain text, qrcode searches the
 * cheapest mix of numeric, alphanumeric and byte segments (a shortest-path search); for these
 * payloads that took more than half the code's time and gave a symbol of the same version.
 * qrcode (with pngjs, its PNG renderer) is imported by the first page that shows one, not at start.
 */
import { type SepaTransfer, epcPayload } from '../domain/epc-qr.js';

export async function epcQrSvg(transfer: SepaTransfer): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString([{ data: Buffer.from(epcPayload(transfer)), mode: 'byte' }], { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}
