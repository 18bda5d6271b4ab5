import { type Static, Type } from '@sinclair/typebox';
import { Text } from './common.js';

export const ElectronicAddress = Type.Object(
  {
    scheme: Type.String({ format: 'eas-code', description: 'EAS code (CEF Electronic Address Scheme), e.g. 0208, 9930, 0088' }),
    value: Text(100, 'The identifier within that scheme (EN 16931 BT-34 / BT-49)'),
  },
  { $id: 'ElectronicAddress', additionalProperties: false, description: 'Where e-invoices are delivered (a Peppol participant id)' },
);
export type ElectronicAddress = Static<typeof ElectronicAddress>;
