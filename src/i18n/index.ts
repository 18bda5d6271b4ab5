/**
 * Languages for documents, pages and emails: one ICU message catalogue per language
 * (catalogues/<code>.ts) and Intl formats for its locale. Pure: no I/O, imports only src/domain.
 */
export { type Language, defaultLanguage, isLanguage, languages } from './languages.js';
export { type MessageKey } from './catalogue.js';
export { localeOf } from './catalogues.js';
export { type MessageArguments, translate } from './translate.js';
export {
  countryName,
  formatAmount,
  formatDate,
  formatDecimal,
  formatMoney,
  formatMonth,
  formatPercent,
  monthName,
  unitName,
} from './format.js';
export { type AmountRow, adjustmentRows, discountText } from './adjustment-texts.js';
export { type PartyText, buyerParty, present, sellerParty } from './party-texts.js';
