/**
 * The payload of an EPC069-12 "SEPA credit transfer" QR code (GiroCode), version 002: twelve
 * lines (trailing empty ones left out) that a banking app reads into a transfer form. The name is
 * cut to 70 characters, the remittance text to 140; line breaks inside a value would shift every
 * line after it, so they become spaces.
 */
import { decimalText } from './currency-amounts.js';

export interface SepaTransfer {
  /** The beneficiary: the account holder, else the seller's legal name. */
  name: string;
  iban: string;
  bic: string | null;
  /** Euro cents, 1 to 99,999,999,999 (EUR 999,999,999.99). */
  amountCents: number;
  /** Unstructured remittance information: the invoice number. */
  remittance: string;
}

export const EPC_MAX_CENTS = 99_999_999_999;
const EPC_MAX_BYTES = 331;
const utf8Length = (text: string) => new TextEncoder().encode(text).length;

const oneLine = (text: string, maxLength: number) => [...text.replace(/[\r\n]+/g, ' ').trim()].slice(0, maxLength).join('');

/** The longest start of `text` that takes at most `bytes` bytes in UTF-8, whole characters only. */
function cutToBytes(text: string, bytes: number): string {
  let kept = '';
  for (const character of text) {
    if (utf8Length(kept + character) > bytes) break;
    kept += character;
  }
  return kept;
}

export function epcPayload({ name, iban, bic, amountCents, remittance }: SepaTransfer): string {
  if (!Number.isSafeInteger(amountCents) || amountCents < 1 || amountCents > EPC_MAX_CENTS) {
    throw new RangeError(`An EPC QR code carries EUR 0.01 to 999,999,999.99, not ${amountCents} cents`);
  }
  const lines = [
    'BCD', // service tag
    '002', // version: BIC optional within the EEA
    '1', // character set: UTF-8
    'SCT', // SEPA credit transfer
    bic ?? '',
    oneLine(name, 70),
    iban.replace(/\s+/g, '').toUpperCase(),
    `EUR${decimalText(BigInt(amountCents), 2)}`,
    '', // purpose
    '', // structured remittance (creditor reference): none, the text below instead
  ];
  const head = `${lines.join('\n')}\n`;
  return head + cutToBytes(oneLine(remittance, 140), EPC_MAX_BYTES - utf8Length(head));
}
