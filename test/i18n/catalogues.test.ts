import { describe, expect, it } from 'vitest';
import { catalogues } from '../../src/i18n/catalogues.js';
import { languages } from '../../src/i18n/languages.js';
import { translate } from '../../src/i18n/translate.js';
import { type CatalogueUnderTest, catalogueProblems } from './catalogue-check.js';

const english = catalogues.en;

describe('message catalogues', () => {
  it.each(languages)('%s has every key, valid messages, the English arguments and its own plural forms', (language) => {
    expect(catalogueProblems(english, catalogues[language])).toEqual([]);
  });

  it('every message of every language formats with the arguments the documents pass', () => {
    const args = { number: 'INV-000001', amount: '€1.00', state: 'void', date: '06.12.2026', currency: 'EUR', name: 'X', vatId: 'DE1', legalId: '1', scheme: '0088', iban: 'DE89', bic: 'B', reference: 'R', page: 1, pages: 2, category: 'S', rate: '19 %', count: 2, kind: 'percent', percent: '10 %', withReason: 'yes', reason: 'Treue', code: '95', seller: 'S', invoiceNumber: 'INV-000001', files: 'INV-000001.pdf' };
    for (const language of languages) {
      for (const key of Object.keys(english.messages) as (keyof typeof english.messages)[]) {
        expect(translate(language, key, args), `${language} ${key}`).not.toBe('');
      }
    }
  });

  it('fails a catalogue that misses a key, adds one, breaks the syntax or changes the arguments', () => {
    const reference: CatalogueUnderTest = {
      locale: 'en-US',
      messages: { title: 'Invoice', due: 'Due {date}', unit: '{count, plural, one {day} other {days}}', reference: '{state, select, draft {Draft} other {Invoice {number}}}' },
    };
    const broken: CatalogueUnderTest = {
      locale: 'de-DE',
      messages: { due: 'Fällig am {datum}', unit: '{count, plural, one {Tag} few {Tage} other {Tage}', reference: '{state, select, draft {Entwurf} other {Rechnung}}', extra: 'Mehr' },
    };
    expect(catalogueProblems(reference, broken)).toEqual([
      'extra: not an English key',
      'title: missing',
      'due: uses {datum}, which the English message does not have',
      'due: drops {date}',
      expect.stringMatching(/^unit: not valid ICU MessageFormat/),
      'reference: drops {number}',
    ]);
    expect(catalogueProblems(reference, { locale: 'de-DE', messages: { ...reference.messages, unit: '{count, plural, one {Tag} few {Tage} other {Tage}}' } })).toEqual([
      'unit: plural form "few" does not exist in de-DE',
    ]);
    expect(catalogueProblems(reference, { locale: 'de-DE', messages: { ...reference.messages, due: 'Fällig am {date, number}' } })).toEqual([
      'due: uses {date} as number, the English as value',
      'due: drops {date}',
    ]);
  });

  it('lets a language drop a plural it does not need, but not a value', () => {
    const reference: CatalogueUnderTest = { locale: 'en-US', messages: { unit: '{count, plural, one {month} other {months}}' } };
    expect(catalogueProblems(reference, { locale: 'fr-FR', messages: { unit: 'mois' } })).toEqual([]);
  });

  it('treats arguments as text, never as message syntax', () => {
    expect(translate('de', 'party.tradingAs', { name: '{evil} <b>' })).toBe('Handelsname: {evil} <b>');
  });
});
