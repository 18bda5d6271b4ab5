/**
 * The hosted pages, without authentication: the token in the URL is the capability. `/i/:token`
 * is an issued invoice as HTML (its first view recorded), `/c/:token` a credit note; `…/pdf` and
 * `…/ubl` download what the authenticated routes serve. Every answer is `no-store`, sends no
 * referrer, asks not to be indexed, sets no cookie and allows no script; unknown, rotated and
 * malformed tokens are one indexed digest lookup each and answer 404 alike. Rate limited per IP.
 * Browser pages, not API operations: hidden from the OpenAPI document.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import view from '@fastify/view';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Eta } from 'eta';
import type { Config } from '../base/config.js';
import { AppError } from '../src/errors.js';
import { hostedPathPrefixes } from '../src/hosted-links.js';
import { defaultLanguage, translate } from '../src/i18n/index.js';
import { creditNotePage, invoicePage } from '../src/pages/hosted-page.js';
import { creditNoteEInvoice } from '../src/services/credit-note-documents.js';
import { renderedPageCache } from '../src/rendered-page-cache.js';
import {
  findHostedCreditNote,
  findHostedInvoice,
  findHostedInvoiceRow,
  hostedCreditNote,
  invoicePageStamp,
  pageLogo,
  pageSeller,
  recordInvoiceView,
} from '../src/services/hosted-documents.js';
import { invoiceEInvoice } from '../src/services/invoice-documents.js';
import { withItems } from '../src/services/invoice-records.js';
import { creditNotePdf } from './credit-note-pdf.js';
import { sendDocument, xmlDownload } from './document-reply.js';
import { invoicePdf } from './invoice-pdf.js';

const pagesDirectory = fileURLToPath(new URL('../src/pages/', import.meta.url));
export const STYLESHEET_PATH = '/hosted/page.css';
const stylesheet = readFileSync(`${pagesDirectory}hosted-page.css`);

/** No script at all, the one stylesheet, nothing framed, posted or loaded from elsewhere. */
const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** About 8 MB of pages (a page without a logo is 10–20 kB): a reload or a second look costs no rendering. */
const PAGE_CACHE_CHARACTERS = 8_000_000;

const TokenParams = Type.Object({ token: Type.String() });

/** What every hosted answer carries, pages, downloads and 404s alike (a download's `private, no-cache` included). */
const hostedHeaders = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
};

const wantsJson = (request: FastifyRequest) => /json/i.test(request.headers.accept ?? '');

const hostedPageRoutes = (config: Config): FastifyPluginAsyncTypebox =>
  async (app) => {
    const invoicePages = renderedPageCache(PAGE_CACHE_CHARACTERS);
    await app.register(view, {
      engine: { eta: new Eta({ autoEscape: true }) },
      root: `${pagesDirectory}templates`,
      production: config.NODE_ENV !== 'development',
    });

    const limit = {
      rateLimit: {
        max: config.RATE_LIMIT_MAX,
        timeWindow: config.RATE_LIMIT_WINDOW * 1_000,
        keyGenerator: (request: FastifyRequest) => `hosted:${request.ip}`,
      },
    };
    const schema = { hide: true, params: TokenParams };

    app.addHook('onSend', (request, reply, payload, done) => {
      if (request.routeOptions.url !== STYLESHEET_PATH) reply.headers(hostedHeaders);
      done(null, payload);
    });

    /** The page, or for a link that opens nothing a 404: HTML for people, problem+json for programs. */
    async function answerPage(request: FastifyRequest, reply: FastifyReply, render: () => Promise<string>) {
      reply.header('content-security-policy', PAGE_CSP);
      try {
        const html = await render();
        return reply.type('text/html; charset=utf-8').send(html);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'not_found' || wantsJson(request)) throw error;
        const language = defaultLanguage;
        const html = await reply.viewAsync('not-found', {
          language,
          stylesheet: STYLESHEET_PATH,
          title: translate(language, 'page.notFoundTitle'),
          text: translate(language, 'page.notFoundText'),
        });
        return reply.code(404).type('text/html; charset=utf-8').send(html);
      }
    }

    const linksOf = (prefix: string, token: string) => ({ pdf: `${prefix}/${token}/pdf`, ubl: `${prefix}/${token}/ubl` });

    app.get('/i/:token', { schema, config: limit }, (request, reply) =>
      answerPage(request, reply, async () => {
        const { token } = request.params;
        const { row: found, language } = await findHostedInvoice(app.db, token);
        const viewed = found.viewed_at === null ? await app.unitOfWork.run((trx) => recordInvoiceView(trx, found)) : null;
        const row = viewed?.row ?? found;
        const stamp = invoicePageStamp(row, language, token);
        const cached = stamp === null ? undefined : invoicePages.get(row.id, stamp);
        if (cached !== undefined) return cached;
        const { invoice } = viewed ?? (await withItems(app.db, row));
        const number = invoice.number;
        if (number === null) throw new Error(`invoice ${invoice.id} has a link but no number`);
        const [seller, logo] = await Promise.all([pageSeller(app.db, row.user_id, invoice.seller), pageLogo(app.db, row.user_id, row)]);
        const page = await invoicePage(language, { ...invoice, number }, seller, linksOf(hostedPathPrefixes.invoice, token));
        const html = await reply.viewAsync('document', { page, logo, stylesheet: STYLESHEET_PATH });
        if (stamp !== null) invoicePages.set(row.id, stamp, html);
        return html;
      }),
    );

    app.get('/c/:token', { schema, config: limit }, (request, reply) =>
      answerPage(request, reply, async () => {
        const { creditNote, creditedInvoice, seller, language, logo } = await hostedCreditNote(app.db, request.params.token);
        const page = creditNotePage(language, creditNote, creditedInvoice, seller, linksOf(hostedPathPrefixes['credit-note'], request.params.token));
        return reply.viewAsync('document', { page, logo, stylesheet: STYLESHEET_PATH });
      }),
    );

    app.get('/i/:token/pdf', { schema, config: limit }, async (request, reply) => {
      app.assertPdfCapacity();
      const row = await findHostedInvoiceRow(app.db, request.params.token);
      return sendDocument(request, reply, await invoicePdf(app, row.user_id, row.id, {}));
    });

    app.get('/i/:token/ubl', { schema, config: limit }, async (request, reply) => {
      const row = await findHostedInvoiceRow(app.db, request.params.token);
      return sendDocument(request, reply, xmlDownload(await invoiceEInvoice(app.db, row.user_id, row.id, 'ubl', 'en16931')));
    });

    app.get('/c/:token/pdf', { schema, config: limit }, async (request, reply) => {
      app.assertPdfCapacity();
      const note = await findHostedCreditNote(app.db, request.params.token);
      return sendDocument(request, reply, await creditNotePdf(app, note.user_id, note.id, {}));
    });

    app.get('/c/:token/ubl', { schema, config: limit }, async (request, reply) => {
      const note = await findHostedCreditNote(app.db, request.params.token);
      return sendDocument(request, reply, xmlDownload(await creditNoteEInvoice(app.db, note.user_id, note.id, 'ubl', 'en16931')));
    });

    app.get(STYLESHEET_PATH, { schema: { hide: true } }, (_request, reply) =>
      reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(stylesheet),
    );
  };

export default hostedPageRoutes;
