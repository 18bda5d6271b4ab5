/**
 * The official validation artefacts, run with saxon-js when their checkouts are configured:
 * EN16931_VALIDATION_DIR (ConnectingEurope/eInvoicing-EN16931: ubl/xslt/EN16931-UBL-validation.xslt
 * and cii/xslt/EN16931-CII-validation.xslt), PEPPOL_VALIDATION_DIR (OpenPEPPOL/peppol-bis-invoice-3:
 * rules/sch/PEPPOL-EN16931-UBL.sch and -CII.sch), XRECHNUNG_VALIDATION_DIR (itplr-kosit/xrechnung-schematron:
 * src/validation/schematron, merged with the Peppol rules by its own src/xsl/peppol-into-xr.xsl, as
 * its build does), with SCHEMATRON_DIR (Schematron/schematron: trunk/schematron/code, the ISO
 * skeleton that compiles a Schematron to XSLT; KoSIT's releases up to 2.4.0 compile with it, later
 * ones with SchXslt, whose Schematron input is the same language). Compiled stylesheets (SEF) are
 * cached under node_modules/.cache keyed by a hash of their sources, so only the first run pays the
 * compilation (≈ 25 s and ≈ 650 MB each).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SaxonJS from 'saxon-js';
import { it } from 'vitest';

const run = promisify(execFile);
const cacheDir = resolve('node_modules/.cache/e-invoice-validation');
const xslt3 = resolve('node_modules/xslt3/xslt3.js');

export const en16931Dir = process.env.EN16931_VALIDATION_DIR || undefined;
export const peppolDir = process.env.PEPPOL_VALIDATION_DIR || undefined;
export const xrechnungDir = process.env.XRECHNUNG_VALIDATION_DIR || undefined;
const schematronDir = process.env.SCHEMATRON_DIR || undefined;

/** Which official rule sets a run can apply: the CEN rules, and the CIUS ones when configured. */
export const officialRules = {
  en16931: Boolean(en16931Dir),
  peppol: Boolean(en16931Dir && peppolDir && schematronDir),
  xrechnung: Boolean(en16931Dir && peppolDir && xrechnungDir && schematronDir),
};

/** Why an official run is skipped, for the skip message: which variables are missing. */
export const missingRules = (profile: 'en16931' | 'peppol' | 'xrechnung') =>
  officialRules[profile]
    ? ''
    : `official ${profile} rules not configured (set ${[
        'EN16931_VALIDATION_DIR',
        ...(profile === 'en16931' ? [] : ['PEPPOL_VALIDATION_DIR', 'SCHEMATRON_DIR']),
        ...(profile === 'xrechnung' ? ['XRECHNUNG_VALIDATION_DIR'] : []),
      ].join(', ')})`;

const hashOf = (...paths: string[]) => {
  const hash = createHash('sha256');
  for (const path of paths) hash.update(readFileSync(path));
  return hash.digest('hex').slice(0, 16);
};

async function xslt3Run(args: string[]) {
  // The ISO skeleton recurses deeply over KoSIT's merged CII Schematron: a larger stack than V8's default.
  await run(process.execPath, ['--max-old-space-size=2048', '--stack-size=6000', xslt3, ...args], { maxBuffer: 64 * 1024 * 1024 });
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

/** A Schematron compiled to XSLT with the ISO skeleton (include → expand → SVRL for XSLT 2), cached as `out`. */
async function schematronXslt(sch: string, out: string): Promise<string> {
  if (!schematronDir) throw new Error('SCHEMATRON_DIR is needed to compile a Schematron');
  if (existsSync(out)) return out;
  const skeleton = join(schematronDir, 'trunk/schematron/code');
  let input = sch;
  for (const step of ['iso_dsdl_include.xsl', 'iso_abstract_expand.xsl', 'iso_svrl_for_xslt2.xsl']) {
    const output = `${out}.${step}`;
    await xslt3Run([`-xsl:${join(skeleton, step)}`, `-s:${input}`, `-o:${output}`]);
    input = output;
  }
  renameSync(input, out);
  return out;
}

type Syntax = 'ubl' | 'cii';
const SYNTAX_NAME = { ubl: 'UBL', cii: 'CII' } as const;

function peppolSch(syntax: Syntax): string {
  if (!peppolDir) throw new Error('PEPPOL_VALIDATION_DIR is needed');
  return join(peppolDir, `rules/sch/PEPPOL-EN16931-${SYNTAX_NAME[syntax]}.sch`);
}

/** The Peppol BIS 3.0 Schematron of `syntax` as XSLT. */
async function peppolXslt(syntax: Syntax): Promise<string> {
  const sch = peppolSch(syntax);
  mkdirSync(cacheDir, { recursive: true });
  return schematronXslt(sch, join(cacheDir, `peppol-${syntax}-${hashOf(sch)}.xslt`));
}

/**
 * KoSIT's XRechnung Schematron of `syntax` as XSLT, built as its build.xml does: its source copied
 * beside the Peppol rules (build/bis), the whitelisted Peppol rules merged in by its
 * peppol-into-xr.xsl, then compiled. The copy lives in the cache, never in the checkout.
 */
async function xrechnungXslt(syntax: Syntax): Promise<string> {
  if (!xrechnungDir) throw new Error('XRECHNUNG_VALIDATION_DIR is needed');
  const name = SYNTAX_NAME[syntax];
  const sources = {
    sch: join(xrechnungDir, `src/validation/schematron/${syntax}/XRechnung-${name}-validation.sch`),
    common: join(xrechnungDir, 'src/validation/schematron/common.sch'),
    merge: join(xrechnungDir, 'src/xsl/peppol-into-xr.xsl'),
    ruleList: join(xrechnungDir, 'src/xsl/rule-list.xml'),
    peppol: peppolSch(syntax),
  };
  const key = hashOf(...Object.values(sources));
  const work = join(cacheDir, `xrechnung-${syntax}-${key}`);
  const out = join(cacheDir, `xrechnung-${syntax}-${key}.xslt`);
  if (existsSync(out)) return out;
  for (const dir of ['src/xsl', 'build/bis', 'build/schematron/tmp', `build/schematron/${syntax}`]) mkdirSync(join(work, dir), { recursive: true });
  copyFileSync(sources.merge, join(work, 'src/xsl/peppol-into-xr.xsl'));
  copyFileSync(sources.ruleList, join(work, 'src/xsl/rule-list.xml'));
  copyFileSync(sources.peppol, join(work, `build/bis/PEPPOL-EN16931-${name}.sch`));
  copyFileSync(sources.common, join(work, 'build/schematron/common.sch'));
  copyFileSync(sources.sch, join(work, 'build/schematron/tmp/source.sch'));
  const merged = join(work, `build/schematron/${syntax}/XRechnung-${name}-validation.sch`);
  await xslt3Run([`-xsl:${join(work, 'src/xsl/peppol-into-xr.xsl')}`, `-s:${join(work, 'build/schematron/tmp/source.sch')}`, `-o:${merged}`, `syntax=${name}`]);
  return schematronXslt(merged, out);
}

export interface FatalError {
  rule: string;
  text: string;
}

const SVRL = { svrl: 'http://purl.oclc.org/dsdl/svrl' };

async function fatalErrorsOf(sef: string, xml: string): Promise<FatalError[]> {
  const { principalResult } = await SaxonJS.transform({ stylesheetFileName: sef, sourceText: xml, destination: 'serialized' }, 'async');
  const report = await SaxonJS.getResource({ text: principalResult, type: 'xml' });
  const failed = SaxonJS.XPath.evaluate("//svrl:failed-assert[not(@flag) or @flag = 'fatal' or @flag = 'error']", report, {
    namespaceContext: SVRL,
    resultForm: 'array',
  }) as unknown[];
  return failed.map((node) => ({
    rule: String(SaxonJS.XPath.evaluate('string(@id)', node)),
    text: String(SaxonJS.XPath.evaluate('normalize-space(svrl:text)', node, { namespaceContext: SVRL })),
  }));
}

/** Documents validated and fatal errors found, per rule set: the numbers a validation run reports. */
export const validationTally: Record<string, { documents: number; fatal: number }> = {};

function count(ruleSet: string, errors: number) {
  const entry = (validationTally[ruleSet] ??= { documents: 0, fatal: 0 });
  entry.documents += 1;
  entry.fatal += errors;
}

/** One line per rule set: what a suite prints after its official runs. */
export const tallyReport = () =>
  Object.entries(validationTally)
    .map(([ruleSet, { documents, fatal }]) => `official rules ${ruleSet}: ${documents} documents validated, ${fatal} fatal errors`)
    .join('\n');

export type ValidationProfile = 'en16931' | 'peppol' | 'xrechnung';

/**
 * The fatal errors the official rules find in `xml` of `syntax`: the CEN EN 16931 rules, plus
 * Peppol's for a Peppol document and KoSIT's XRechnung rules (which carry the Peppol rules
 * XRechnung adopts) for an XRechnung one; null when the CEN artefacts are not configured. A CIUS
 * whose artefacts are missing is checked against the CEN rules only.
 */
export async function officialFatalErrors(
  xml: string,
  profile: ValidationProfile,
  { syntax = 'ubl', tally = true }: { syntax?: Syntax; tally?: boolean } = {},
): Promise<FatalError[] | null> {
  if (!en16931Dir) return null;
  const cen = join(en16931Dir, `${syntax}/xslt/EN16931-${SYNTAX_NAME[syntax]}-validation.xslt`);
  const errors = await fatalErrorsOf(await compiled(cen, `en16931-${syntax}`), xml);
  if (tally) count(`CEN EN 16931 ${SYNTAX_NAME[syntax]}`, errors.length);
  const extra =
    profile === 'peppol' && officialRules.peppol
      ? { name: `Peppol BIS 3.0 ${SYNTAX_NAME[syntax]}`, xslt: () => peppolXslt(syntax), cache: `peppol-${syntax}` }
      : profile === 'xrechnung' && officialRules.xrechnung
        ? { name: `KoSIT XRechnung ${SYNTAX_NAME[syntax]}`, xslt: () => xrechnungXslt(syntax), cache: `xrechnung-${syntax}` }
        : null;
  if (extra) {
    const found = await fatalErrorsOf(await compiled(await extra.xslt(), extra.cache), xml);
    if (tally) count(extra.name, found.length);
    errors.push(...found);
  }
  return errors;
}

/**
 * Call inside a describe whose documents the official rules check when configured: without them,
 * a skipped test says which runs were left out and what would turn them on.
 */
export function reportSkippedRules(...profiles: ValidationProfile[]) {
  for (const profile of profiles) {
    if (!officialRules[profile]) it.skip(`${missingRules(profile)}: the documents get the parse-back checks only`, () => {});
  }
}
