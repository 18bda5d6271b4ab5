/**
 * Every PromQL expression the operators' files hold: each target of each panel of every
 * dashboard under ops/grafana/dashboards (Grafana variables replaced by what "All" and the
 * built-in intervals become), each dashboard variable's label_values() query, and each alert
 * rule of ops/prometheus/alerts.yml. New dashboards, panels and rules are picked up by themselves.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { alertRulesFile, opsDir } from './prometheus.js';

const dashboardsDir = join(opsDir, 'grafana/dashboards');

interface Target {
  refId: string;
  expr?: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Variable {
  name: string;
  type: string;
  query?: string | { query: string };
  includeAll?: boolean;
  allValue?: string;
}
export interface Dashboard {
  file: string;
  uid: string;
  panels: Panel[];
  templating: { list: Variable[] };
}

export interface NamedExpression {
  /** Where it comes from, for failure messages: `file › panel title › refId`. */
  name: string;
  expr: string;
}

export async function loadDashboards(): Promise<Dashboard[]> {
  const files = (await readdir(dashboardsDir)).filter((file) => file.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({ ...(JSON.parse(await readFile(join(dashboardsDir, file), 'utf8')) as Dashboard), file })),
  );
}

/** Panels of a dashboard, those inside collapsed rows included; rows themselves excluded. */
export function panelsOf(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((panel) => (panel.type === 'row' ? (panel.panels ?? []) : [panel]));
}

/**
 * Replaces Grafana's variables: `$__rate_interval` and friends by `window`, a multi-value
 * variable by its "All" value. An unknown variable is an error, not a silent empty match.
 */
function substitute(expr: string, dashboard: Dashboard, window: string): string {
  const values = new Map<string, string>([
    ['__rate_interval', window],
    ['__interval', window],
    ['__range', window],
  ]);
  for (const variable of dashboard.templating.list) {
    if (variable.type === 'query') values.set(variable.name, variable.includeAll ? (variable.allValue ?? '.*') : '.*');
  }
  return expr.replace(/\$\{(\w+)\}|\$(\w+)|\[\[(\w+)\]\]/g, (text, ...names: (string | undefined)[]) => {
    const name = names.slice(0, 3).find((candidate) => candidate !== undefined) as string;
    // `${1}` in label_replace is a regex group, not a variable.
    if (/^\d+$/.test(name)) return text;
    const value = values.get(name);
    if (value === undefined) throw new Error(`${dashboard.file}: unknown variable ${text} in ${expr}`);
    return value;
  });
}

export function panelExpressions(dashboards: Dashboard[], window: string): NamedExpression[] {
  return dashboards.flatMap((dashboard) =>
    panelsOf(dashboard).flatMap((panel) =>
      (panel.targets ?? []).map((target) => {
        if (!target.expr) throw new Error(`${dashboard.file} › ${panel.title} › ${target.refId} has no expr`);
        return { name: `${dashboard.file} › ${panel.title} › ${target.refId}`, expr: substitute(target.expr, dashboard, window) };
      }),
    ),
  );
}

/** The label_values(selector, label) queries of the dashboards' variables. */
export function variableQueries(dashboards: Dashboard[]): { name: string; selector: string; label: string }[] {
  return dashboards.flatMap((dashboard) =>
    dashboard.templating.list
      .filter((variable) => variable.type === 'query')
      .map((variable) => {
        const text = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
        const match = /^label_values\((.+),\s*(\w+)\)$/.exec(substitute(text, dashboard, '5m'));
        if (!match) throw new Error(`${dashboard.file}: variable ${variable.name} is not label_values(selector, label): ${text}`);
        return { name: `${dashboard.file} › $${variable.name}`, selector: match[1] as string, label: match[2] as string };
      }),
  );
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  annotations?: { summary?: string };
}

export async function loadAlertRules(): Promise<AlertRule[]> {
  const { groups } = parse(await readFile(alertRulesFile, 'utf8')) as { groups: { rules: AlertRule[] }[] };
  return groups.flatMap((group) => group.rules);
}

const keywords = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'inf', 'nan']);

/**
 * The metric names an expression selects: identifiers outside strings, label matchers, grouping
 * clauses and durations that are not followed by `(` (functions) and are not keywords.
 */
export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '');
  const names = [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(?!\s*\(|[a-zA-Z0-9_:])/g)].map((match) => match[0]);
  return [...new Set(names.filter((name) => !keywords.has(name.toLowerCase()) && !/^\d/.test(name)))];
}
