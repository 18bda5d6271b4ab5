/** Short names people read for the UN/ECE Rec 20 unit codes invoices use most; others print as their code. */
const labels: Readonly<Record<string, string>> = {
  C62: 'pcs',
  H87: 'pcs',
  EA: 'each',
  SET: 'set',
  HUR: 'h',
  MIN: 'min',
  SEC: 's',
  DAY: 'day',
  WEE: 'week',
  MON: 'month',
  ANN: 'year',
  KGM: 'kg',
  GRM: 'g',
  TNE: 't',
  MTR: 'm',
  KMT: 'km',
  CMT: 'cm',
  MMT: 'mm',
  MTK: 'm²',
  MTQ: 'm³',
  LTR: 'l',
  KWH: 'kWh',
  E48: 'service',
};

export const unitLabel = (unitCode: string): string => labels[unitCode] ?? unitCode;
