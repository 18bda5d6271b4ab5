/** Business profile fixtures: a complete, valid Belgian seller and the call that sets it. */
import type { BusinessProfile } from '../../schemas/business.js';
import type { App } from '../../src/app.js';
import { call } from '../helpers/app.js';

export const profileBody = (overrides: Record<string, unknown> = {}) => ({
  legalName: 'Åström & Søn Consulting BVBA',
  tradingName: 'Åström Consulting',
  address: { line1: 'Rue de la Loi 16', city: 'Bruxelles', postalCode: '1000', country: 'BE' },
  vatId: 'BE0456789034',
  legalId: '0456789034',
  legalIdScheme: '0208',
  contactName: 'Åsa Lind, accounts receivable',
  email: 'billing@astrom.example',
  phone: '+32 2 123 45 67',
  electronicAddress: { scheme: '0208', value: '0456789034' },
  bankAccount: { iban: 'BE68539007547034', bic: 'GEBABEBB', accountName: 'Åström & Søn' },
  ...overrides,
});

export async function putProfile(app: App, token: string, overrides: Record<string, unknown> = {}): Promise<BusinessProfile> {
  const { body } = await call<BusinessProfile>(app, { method: 'PUT', url: '/api/v1/business', token, body: profileBody(overrides) }, 200);
  return body;
}

/** The user's profile row, or undefined: compare before and after a refused request. */
export function profileRow(app: App, userId: string) {
  return app.db.selectFrom('business_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst();
}
