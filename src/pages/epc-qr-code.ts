/** The EPC QR code as inline SVG: error correction M, as EPC069-12 requires. */
import QRCode from 'qrcode';
import { type SepaTransfer, epcPayload } from '../domain/epc-qr.js';

export const epcQrSvg = (transfer: SepaTransfer): Promise<string> =>
  QRCode.toString(epcPayload(transfer), { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
