/**
 * What the e-invoice suites (invoices and credit notes, UBL and CII) share: a seller with the full
 * business profile and a buyer client, invoices issued on fixed dates, and e-invoice downloads
 * checked the way every document must be.
 */
import { beforeAll, expect } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import { putProfile } from '../business/helpers.js';
import { createClient } from '../clients/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { type TestUser, useTestUser } from '../helpers/users.js';
import { type ValidationProfile, officialFatalErrors } from './official-rules.js';
import { expectConsistentSums, parseEInvoice } from './e-invoice-document.js';

/**
 * Call at the top of a `describe`: `user` is the seller; `buyerClient.id`, their client made of
 * `buyer`, is set before the tests.
 */
export function useEInvoiceSuite(buyer: Record<string, unknown>, profile: Record<string, unknown> = {}) {
  const t = useTestApp();
  const user = useTestUser(t);
  const buyerClient = { id: '' };
  beforeAll(async () => {
    await putProfile(t.app, user.token, profile);
    buyerClient.id = (await createClient(t.app, user.token, buyer)).id;
  });

  /** Creates and publishes an invoice issued 2026-11-02, due 2026-12-02, for `clientId` (the buyer's by default). */
  async function issue(owner: TestUser, fields: Record<string, unknown>, clientId = buyerClient.id): Promise<Invoice> {
    const body = { clientId, issueDate: '2026-11-02', dueDate: '2026-12-02', ...fields };
    const { body: draft } = await call<Invoice>(t.app, { method: 'POST', url: '/api/v1/invoices', token: owner.token, body }, 201);
    return (await call<Invoice>(t.app, { method: 'POST', url: `/api/v1/invoices/${draft.id}/publish`, token: owner.token }, 200)).body;
  }

  /**
   * GET of an e-invoice (`…/ubl` or `…/cii`, `?profile=`): the raw response after checking its
   * status; every 200 is parsed back, its sums checked, and run through the official rules of its
   * syntax and profile when they are configured.
   */
  async function getDocument(url: string, token: string, status: number, headers: Record<string, string> = {}) {
    const response = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers } });
    expect(response.statusCode, response.body).toBe(status);
    if (status !== 200) return { response, parsed: undefined };
    expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
    const syntax = new URL(url, 'http://test').pathname.endsWith('/cii') ? 'cii' : 'ubl';
    const parsed = await parseEInvoice(response.body, syntax);
    expectConsistentSums(parsed);
    const profile = (new URL(url, 'http://test').searchParams.get('profile') ?? 'en16931') as ValidationProfile;
    const errors = await officialFatalErrors(response.body, profile, { syntax });
    if (errors) expect(errors, url).toEqual([]);
    return { response, parsed };
  }

  /** `getDocument` of an e-invoice that must be there. */
  async function getUbl(url: string, token: string) {
    const { response, parsed } = await getDocument(url, token, 200);
    if (!parsed) throw new Error('no document');
    return { response, parsed };
  }

  return { t, user, buyerClient, issue, getDocument, getUbl };
}
