/**
 * The EPC QR code as inline SVG: error correction M, as EPC069-12 requires. qrcode (with pngjs, its
 * PNG renderer) is imported by the first page that shows one, not at start.
 */
import { type SepaTransfer, epcPayload } from '../domain/epc-qr.js';

export async function epcQrSvg(transfer: SepaTransfer): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(epcPayload(transfer), { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}
