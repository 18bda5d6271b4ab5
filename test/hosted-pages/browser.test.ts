/**
 * The hosted page in a real browser: Debian's Chromium driven by playwright-core against the app
 * listening on loopback. Accessibility (axe-core, WCAG 2.1 A and AA), no sideways scrolling at
 * 360 px, print media, JavaScript off, the QR code read back from a screenshot, hostile text.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
// CommonJS whose typings declare `export default`: under NodeNext the function is `.default`.
import jsQR from 'jsqr';
import { type Browser, type Page, chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import { epcPayload } from '../../src/domain/epc-qr.js';
import { putProfile } from '../business/helpers.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { type TestUser, createUser } from '../helpers/users.js';
import { allowances, charges, lines } from '../invoices/adjustment-cases.js';
import { issueInvoice, pathOf } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeResults {
  violations: { id: string; help: string; nodes: { target: string[] }[] }[];
  passes: unknown[];
}

describe.skipIf(!existsSync(CHROMIUM))(`hosted page in Chromium (skipped without ${CHROMIUM}: apt-get install chromium)`, { timeout: 60_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  let owner: TestUser;
  const invoices: Record<string, Invoice> = {};

  beforeAll(async () => {
    t = await createTestApp();
    origin = await t.app.listen({ host: '127.0.0.1', port: 0 });
    owner = await createUser(t.app);
    await putProfile(t.app, owner.token);
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    invoices.due = await issueInvoice(t.app, owner, { notes: 'Thank you for your business.\nSecond line.' });
    invoices.overdue = await issueInvoice(t.app, owner, { issueDate: '2026-01-01', dueDate: '2026-01-31' });
    invoices.paid = await issueInvoice(t.app, owner, {}, [{ action: 'pay', body: { method: 'card' } }]);
    invoices.void = await issueInvoice(t.app, owner, {}, [{ action: 'void' }]);
    invoices.adjusted = await issueInvoice(t.app, owner, { items: lines, allowances, charges });
    invoices.hostile = await issueInvoice(
      t.app,
      owner,
      {
        notes: hostile,
        items: [
          { description: `${hostile} ${'Averyveryverylongwordwithoutanyspaces'.repeat(4)}`, quantity: 123.5, unitPrice: 999_999, taxRate: 21 },
          { description: 'Second line', quantity: 1, unitPrice: 1, taxRate: 0 },
        ],
      },
      [],
      { companyName: hostile },
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Opens an invoice's page at 360 × 740; fails the test on any dialog or request to another origin. */
  async function open(invoice: Invoice, options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, ...options });
    const page = await context.newPage();
    const foreign: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(origin)) foreign.push(request.url());
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const response = await page.goto(`${origin}${pathOf(invoice.hostedUrl)}`);
    expect(response?.status()).toBe(200);
    await page.waitForLoadState('load');
    page.once('close', () => {
      expect(foreign).toEqual([]);
      expect(dialogs).toEqual([]);
    });
    return page;
  }

  async function axeViolations(page: Page) {
    await page.addScriptTag({ path: axePath });
    const results = await page.evaluate<AxeResults>("axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })");
    expect(results.passes.length, 'axe ran its rules').toBeGreaterThan(10);
    return results.violations.map(({ id, help, nodes }) => `${id}: ${help} (${nodes.map((node) => node.target.join(' ')).join(', ')})`);
  }

  it.each(['due', 'overdue', 'paid', 'void', 'hostile', 'adjusted'])('has no axe violation and no sideways scroll at 360 px (%s)', async (name) => {
    // The page's CSP allows no script, axe's included: the test lifts it for axe alone.
    const page = await open(invoices[name] as Invoice, { bypassCSP: true });
    expect(await axeViolations(page)).toEqual([]);
    const widths = await page.evaluate<{ scroll: number; client: number }>(
      '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
    );
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    expect(widths.client).toBe(360);
    // A table shown as blocks once left its caption a column one letter wide.
    const narrowCaptions = await page.evaluate<string[]>(
      `[...document.querySelectorAll('caption')]
        .filter((caption) => caption.getBoundingClientRect().width < caption.closest('table').getBoundingClientRect().width - 1)
        .map((caption) => caption.textContent)`,
    );
    expect(narrowCaptions).toEqual([]);
    await page.close();
  });

  it('shows the status badge of each invoice', async () => {
    const badges: Record<string, string> = {};
    for (const name of ['due', 'overdue', 'paid', 'void']) {
      const page = await open(invoices[name] as Invoice);
      badges[name] = (await page.locator('.badge').textContent()) ?? '';
      await page.close();
    }
    expect(badges).toEqual({ due: 'Due Dec 2, 2099', overdue: 'Overdue', paid: 'Paid', void: 'Void' });
  });

  it('renders the hostile invoice as text: no dialog, no injected element', async () => {
    const page = await open(invoices.hostile as Invoice);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('.party-name').first().textContent()).toBe('Åström & Søn Consulting BVBA');
    expect(await page.locator('.party-name').nth(1).textContent()).toBe('<script>alert(1)</script><img src=x onerror=alert(2)>');
    await page.close();
  });

  it('works with JavaScript disabled', async () => {
    const page = await open(invoices.due as Invoice, { javaScriptEnabled: false });
    expect(await page.locator('h1').textContent()).toBe(`Invoice ${invoices.due?.number}`);
    expect(await page.locator('.qr-code svg').isVisible()).toBe(true);
    expect(await page.locator('.downloads a').count()).toBe(2);
    await page.close();
  });

  it('prints without the download links, everything else kept', async () => {
    const page = await open(invoices.due as Invoice);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.downloads').isVisible()).toBe(false);
    for (const selector of ['h1', '.badge', '.parties', '.lines', '.totals', '.payment', '.qr-code svg', '.note']) {
      expect(await page.locator(selector).first().isVisible(), selector).toBe(true);
    }
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });

  it('draws a QR code that decodes to the EPC payload of the amount due', async () => {
    const page = await open(invoices.due as Invoice);
    const png = PNG.sync.read(await page.locator('.qr-code').screenshot());
    const decoded = jsQR.default(new Uint8ClampedArray(png.data), png.width, png.height);
    const invoice = invoices.due as Invoice;
    expect(decoded?.data).toBe(
      epcPayload({ name: 'Åström & Søn', iban: 'BE68539007547034', bic: 'GEBABEBB', amountCents: invoice.amountDue, remittance: invoice.number ?? '' }),
    );
    await page.close();
  });
});
