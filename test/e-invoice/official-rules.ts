/**
 * The official validation artefacts, run with saxon-js when their checkouts are configured:
 * EN16931_VALIDATION_DIR (ConnectingEurope/eInvoicing-EN16931: ubl/xslt/EN16931-UBL-validation.xslt),
 * PEPPOL_VALIDATION_DIR (OpenPEPPOL/peppol-bis-invoice-3: rules/sch/PEPPOL-EN16931-UBL.sch) with
 * SCHEMATRON_DIR (Schematron/schematron: trunk/schematron/code, the ISO skeleton that compiles
 * the Schematron to XSLT). Compiled stylesheets (SEF) are cached under node_modules/.cache keyed
 * by a hash of the artefact, so only the first run pays the compilation (≈ 25 s, ≈ 650 MB).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SaxonJS from 'saxon-js';

const run = promisify(execFile);
const cacheDir = resolve('node_modules/.cache/e-invoice-validation');
const xslt3 = resolve('node_modules/xslt3/xslt3.js');

export const en16931Dir = process.env.EN16931_VALIDATION_DIR || undefined;
export const peppolDir = process.env.PEPPOL_VALIDATION_DIR || undefined;
const schematronDir = process.env.SCHEMATRON_DIR || undefined;

const hashOf = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);

async function xslt3Run(args: string[]) {
  await run(process.execPath, ['--max-old-space-size=2048', xslt3, ...args], { maxBuffer: 64 * 1024 * 1024 });
}

/** The SEF of an XSLT file, compiled once per content hash. */
async function compiled(xsltPath: string, name: string): Promise<string> {
  mkdirSync(cacheDir, { recursive: true });
  const sef = join(cacheDir, `${name}-${hashOf(xsltPath)}.sef.json`);
  if (!existsSync(sef)) {
    await xslt3Run([`-xsl:${xsltPath}`, `-export:${sef}.tmp`, '-nogo', '-relocate:on']);
    renameSync(`${sef}.tmp`, sef);
  }
  return sef;
}

/** The Peppol Schematron compiled to XSLT with the ISO skeleton (include → expand → SVRL for XSLT 2). */
async function peppolXslt(): Promise<string> {
  if (!peppolDir || !schematronDir) throw new Error('PEPPOL_VALIDATION_DIR and SCHEMATRON_DIR are both needed');
  const sch = join(peppolDir, 'rules/sch/PEPPOL-EN16931-UBL.sch');
  const skeleton = join(schematronDir, 'trunk/schematron/code');
  const out = join(cacheDir, `peppol-${hashOf(sch)}.xslt`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  let input = sch;
  for (const step of ['iso_dsdl_include.xsl', 'iso_abstract_expand.xsl', 'iso_svrl_for_xslt2.xsl']) {
    const output = `${out}.${step}`;
    await xslt3Run([`-xsl:${join(skeleton, step)}`, `-s:${input}`, `-o:${output}`]);
    input = output;
  }
  renameSync(input, out);
  return out;
}

export interface FatalError {
  rule: string;
  text: string;
}

const SVRL = { svrl: 'http://purl.oclc.org/dsdl/svrl' };

async function fatalErrorsOf(sef: string, xml: string): Promise<FatalError[]> {
  const { principalResult } = await SaxonJS.transform({ stylesheetFileName: sef, sourceText: xml, destination: 'serialized' }, 'async');
  const report = await SaxonJS.getResource({ text: principalResult, type: 'xml' });
  const failed = SaxonJS.XPath.evaluate("//svrl:failed-assert[not(@flag) or @flag = 'fatal']", report, {
    namespaceContext: SVRL,
    resultForm: 'array',
  }) as unknown[];
  return failed.map((node) => ({
    rule: String(SaxonJS.XPath.evaluate('string(@id)', node)),
    text: String(SaxonJS.XPath.evaluate('normalize-space(svrl:text)', node, { namespaceContext: SVRL })),
  }));
}

export const validationTally = { documents: 0, fatal: 0 };

/**
 * The fatal errors the official rules find in `xml` (EN 16931, plus Peppol's for a Peppol
 * document), or null when the artefacts are not configured.
 */
export async function officialFatalErrors(
  xml: string,
  profile: 'en16931' | 'peppol',
  { tally = true } = {},
): Promise<FatalError[] | null> {
  if (!en16931Dir) return null;
  const errors = await fatalErrorsOf(await compiled(join(en16931Dir, 'ubl/xslt/EN16931-UBL-validation.xslt'), 'en16931'), xml);
  if (profile === 'peppol' && peppolDir) errors.push(...(await fatalErrorsOf(await compiled(await peppolXslt(), 'peppol'), xml)));
  if (tally) {
    validationTally.documents += 1;
    validationTally.fatal += errors.length;
  }
  return errors;
}
