/**
 * How documents (PDFs, hosted pages) present their seller and buyer, in one place so both say the
 * same: a heading, the name, and the lines beneath it (the address with the country named in the
 * language, the VAT and registration numbers worded by its catalogue, contact details).
 */
import type { Address, Buyer, Seller } from '../../base/stored-shapes.js';
import { countryName } from './format.js';
import type { Language } from './languages.js';
import { translate } from './translate.js';

export interface PartyText {
  heading: string;
  name: string;
  details: string[];
}

/** The values that hold something visible, in their order. */
export const present = (values: readonly (string | null | undefined)[]): string[] =>
  values.filter((value): value is string => typeof value === 'string' && value.trim() !== '');

function addressLines(language: Language, address: Address | null): string[] {
  if (!address) return [];
  const cityLine = present([address.postalCode, address.city]).join(' ');
  return present([address.line1, address.line2, cityLine, address.region, countryName(language, address.country)]);
}

export function sellerParty(language: Language, seller: Seller): PartyText {
  const { legalId, legalIdScheme } = seller;
  return {
    heading: translate(language, 'party.seller'),
    name: seller.legalName,
    details: present([
      seller.tradingName && translate(language, 'party.tradingAs', { name: seller.tradingName }),
      ...addressLines(language, seller.address),
      seller.vatId && translate(language, 'party.vatId', { vatId: seller.vatId }),
      legalId &&
        (legalIdScheme
          ? translate(language, 'party.legalIdWithScheme', { legalId, scheme: legalIdScheme })
          : translate(language, 'party.legalId', { legalId })),
      seller.email,
      seller.phone,
    ]),
  };
}

export function buyerParty(language: Language, buyer: Buyer): PartyText {
  return {
    heading: translate(language, 'party.buyer'),
    name: buyer.name,
    details: present([
      buyer.contactName && translate(language, 'party.attention', { name: buyer.contactName }),
      ...addressLines(language, buyer.address),
      buyer.vatId && translate(language, 'party.vatId', { vatId: buyer.vatId }),
      buyer.email,
    ]),
  };
}
