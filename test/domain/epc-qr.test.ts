import { describe, expect, it } from 'vitest';
import { EPC_MAX_CENTS, epcPayload } from '../../src/domain/epc-qr.js';

const transfer = { name: 'Acme GmbH', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', amountCents: 1230, remittance: 'INV-000001' };

describe('epcPayload (EPC069-12 version 002)', () => {
  it('writes the eleven lines of a SEPA credit transfer with unstructured remittance', () => {
    expect(epcPayload(transfer).split('\n')).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      'COBADEFFXXX',
      'Acme GmbH',
      'DE89370400440532013000',
      'EUR12.30',
      '',
      '',
      'INV-000001',
    ]);
  });

  it('leaves the BIC line empty without a BIC', () => {
    expect(epcPayload({ ...transfer, bic: null }).split('\n')[4]).toBe('');
  });

  it.each([
    [1, 'EUR0.01'],
    [100, 'EUR1.00'],
    [123456789, 'EUR1234567.89'],
    [EPC_MAX_CENTS, 'EUR999999999.99'],
  ])('writes %i cents as %s', (amountCents, amount) => {
    expect(epcPayload({ ...transfer, amountCents }).split('\n')[7]).toBe(amount);
  });

  it.each([0, -1, EPC_MAX_CENTS + 1, 1.5])('refuses %d cents', (amountCents) => {
    expect(() => epcPayload({ ...transfer, amountCents })).toThrow(RangeError);
  });

  it('cuts the name to 70 characters and the remittance to 140, counting characters not bytes', () => {
    expect(epcPayload({ ...transfer, name: 'Ä'.repeat(80) }).split('\n')[5]).toBe('Ä'.repeat(70));
    expect(epcPayload({ ...transfer, remittance: 'x'.repeat(200) }).split('\n')[10]).toBe('x'.repeat(140));
  });

  it('turns line breaks inside a value into spaces, so no line shifts', () => {
    const lines = epcPayload({ ...transfer, name: 'Acme\nGmbH\r\n', remittance: 'INV-1\r\nBCD' }).split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[5]).toBe('Acme GmbH');
    expect(lines[10]).toBe('INV-1 BCD');
  });

  it('cuts the remittance further, by whole characters, so the whole stays within 331 bytes', () => {
    const longest = epcPayload({ ...transfer, name: '€'.repeat(70), remittance: 'é'.repeat(140), amountCents: EPC_MAX_CENTS });
    expect(Buffer.byteLength(longest)).toBeLessThanOrEqual(331);
    expect(Buffer.byteLength(longest)).toBeGreaterThan(329);
    expect(longest.split('\n')[5]).toBe('€'.repeat(70));
    expect(longest.split('\n')[10]).toMatch(/^é+$/);
  });
});
