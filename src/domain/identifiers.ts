/**
 * Checks of the identifiers a seller or buyer gives: IBAN (ISO 13616 mod-97) and BIC (ISO 9362)
 * with ibantools, the code lists of code-lists.ts, and the VAT number shape EN 16931 expects.
 */
import { isValidBIC, isValidIBAN } from 'ibantools';
import { easCodes, icdCodes, unitCodes } from './code-lists.js';

/** Two letters (the country prefix, `EL` for Greece) then 2–13 letters or digits. */
const VAT_ID = /^[A-Z]{2}[A-Z0-9]{2,13}$/;

export const isIban = (value: string) => isValidIBAN(value);
export const isBic = (value: string) => isValidBIC(value);
export const isVatId = (value: string) => VAT_ID.test(value);
export const isEasCode = (value: string) => easCodes.has(value);
export const isIcdCode = (value: string) => icdCodes.has(value);
export const isUnitCode = (value: string) => unitCodes.has(value);
