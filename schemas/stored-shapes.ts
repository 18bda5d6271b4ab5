/**
 * The jsonb columns' shapes (base/stored-shapes.ts, which db/types.ts and the domain use) are the
 * static types of these schemas, exactly: tsc fails here when one side changes without the other.
 */
import type { Static } from '@sinclair/typebox';
import type * as Stored from '../base/stored-shapes.js';
import type { ClientAddress } from './clients.js';
import type { ElectronicAddress } from './electronic-address.js';
import type {
  AllowanceCharge,
  AllowanceChargeInput,
  InvoiceItemInput,
  LineDiscount,
  TaxBreakdownEntry,
  TaxExemption,
} from './invoices.js';
import type { BankAccount, InvoiceBuyer, InvoiceSeller } from './parties.js';

/** True when A and B are the same type (not merely assignable either way: an extra optional key differs). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Holds<Check extends true> = Check;

export type StoredShapesAreTheSchemas = [
  Holds<Same<Static<typeof ClientAddress>, Stored.Address>>,
  Holds<Same<Static<typeof ElectronicAddress>, Stored.ElectronicAddress>>,
  Holds<Same<Static<typeof BankAccount>, Stored.BankAccount>>,
  Holds<Same<Static<typeof InvoiceSeller>, Stored.Seller>>,
  Holds<Same<Static<typeof InvoiceBuyer>, Stored.Buyer>>,
  Holds<Same<Static<typeof TaxExemption>, Stored.TaxExemption>>,
  Holds<Same<Static<typeof TaxBreakdownEntry>, Stored.TaxBreakdownEntry>>,
  Holds<Same<Static<typeof LineDiscount>, Stored.DiscountInput>>,
  Holds<Same<Static<typeof InvoiceItemInput>, Stored.LineInput>>,
  Holds<Same<Static<typeof AllowanceChargeInput>, Stored.AdjustmentInput>>,
  Holds<Same<Static<typeof AllowanceCharge>, Stored.PricedAdjustment>>,
];
