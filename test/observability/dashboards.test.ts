/**
 * `npm run test:observability`: the shipped dashboards and alerts proven against a real
 * Prometheus. The real server process runs a traffic flow through every domain twice while
 * Prometheus scrapes it every second (with METRICS_TOKEN, as production should); then every
 * panel query, dashboard variable and alert rule is evaluated through Prometheus' HTTP API.
 * promtool checks the metrics, the rules (and their unit tests) and the scrape configuration.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cloneTemplate, temporaryDirectory } from '../helpers/databases.js';
import { type ServerProcess, spawnServer, waitForListening } from '../foundation/server-process.js';
import {
  alertRulesFile,
  opsDir,
  type Prometheus,
  prometheusVersion,
  promtool,
  scrapeConfigFile,
  startPrometheus,
} from './prometheus.js';
import { loadAlertRules, loadDashboards, metricNamesIn, panelExpressions, panelsOf, variableQueries } from './promql.js';
import { ApiClient, domainFlows, flowSettings } from './traffic.js';

const metricsToken = 'observability-test-scrape-token';
// Covers the whole run, so rate() sees every sample Prometheus took.
const window = '10m';

describe('dashboards and alerts against a real Prometheus', () => {
  let dir: string;
  let disposeDatabase: () => Promise<void>;
  let server: ServerProcess;
  let serverStderr = '';
  let prometheus: Prometheus;
  let api: ApiClient;

  beforeAll(async () => {
    dir = await temporaryDirectory('igp-observability');
    const database = await cloneTemplate(inject('databaseTemplate'));
    disposeDatabase = database.dispose;
    server = spawnServer(dir, {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      JWT_ACCESS_SECRET: 'observability-test-secret-0123456789abcdef',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      MIGRATE_ON_START: 'false',
      METRICS_TOKEN: metricsToken,
      ...flowSettings,
      ...database.settings,
    });
    server.stderr.on('data', (chunk: Buffer) => (serverStderr += chunk.toString()));
    const port = await waitForListening(server, []);
    api = new ApiClient(`http://127.0.0.1:${port}`);
    prometheus = await startPrometheus(dir, `127.0.0.1:${port}`, metricsToken);

    // Twice, with scrapes in between, so every counter has moved between two samples.
    for (const round of [1, 2]) {
      await prometheus.waitForScrapesAfter(Date.now());
      for (const [domain, flow] of Object.entries(domainFlows)) {
        try {
          await flow(api);
        } catch (error) {
          const detail = `${(error as Error).message}\n${serverStderr}`;
          throw new Error(`traffic flow "${domain}" (round ${round}) failed: ${detail}`, { cause: error });
        }
      }
    }
    await prometheus.waitForScrapesAfter(Date.now());
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    await disposeDatabase?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs on a Prometheus that scrapes the API with its token', async () => {
    expect(await prometheusVersion()).toMatch(/^prometheus, version 2\./);
    const [up] = await prometheus.query('up{job="invoice-api"}');
    expect(up?.value[1], prometheus.log()).toBe('1');
  });

  it('is answered with data by every panel query of every dashboard', async () => {
    const dashboards = await loadDashboards();
    const expressions = panelExpressions(dashboards, window);
    expect(expressions.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const { name, expr } of expressions) {
      try {
        const samples = await prometheus.query(expr);
        // NaN is Grafana's "no data" too (a quantile of an empty histogram, 0/0).
        if (!samples.some((sample) => Number.isFinite(Number(sample.value[1])))) {
          failures.push(`${name}: no series with a value\n  ${expr}`);
        }
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  // Each invoice event's series starts at 0, so a panel on one answers with data even if the flow never did it.
  it('sees the invoices the flow marked uncollectible', async () => {
    const [marked] = await prometheus.query(`sum(increase(invoice_api_invoices_total{event="marked_uncollectible"}[${window}]))`);
    expect(Number(marked?.value[1])).toBeGreaterThan(0);
  });

  it('offers values for every dashboard variable', async () => {
    for (const { name, selector, label } of variableQueries(await loadDashboards())) {
      expect((await prometheus.labelValues(selector, label)).length, name).toBeGreaterThan(0);
    }
  });

  it('has panels Grafana can place and query', async () => {
    for (const dashboard of await loadDashboards()) {
      expect(dashboard.uid, dashboard.file).toBeTruthy();
      const panels = panelsOf(dashboard);
      const ids = dashboard.panels.flatMap((panel) => [panel.id, ...(panel.panels ?? []).map((child) => child.id)]);
      expect(new Set(ids).size, `${dashboard.file}: duplicate panel ids`).toBe(ids.length);
      for (const panel of panels) {
        expect(panel.datasource, `${dashboard.file} › ${panel.title}`).toEqual({ type: 'prometheus', uid: '${datasource}' });
        expect(panel.targets?.length, `${dashboard.file} › ${panel.title}`).toBeGreaterThan(0);
      }
    }
  });

  it('evaluates every alert rule without error, on metrics the API exports', async () => {
    const rules = await loadAlertRules();
    const known = new Set(await prometheus.metricNames());
    for (const rule of rules) {
      expect(rule.for, `${rule.alert} has a for:`).toMatch(/^\d+[smh]$/);
      expect(rule.annotations?.summary, `${rule.alert} has a summary`).toBeTruthy();
      await expect(prometheus.query(rule.expr), rule.alert).resolves.toBeInstanceOf(Array);
      // A misspelt metric name would make the alert silently never fire.
      const unknown = metricNamesIn(rule.expr).filter((name) => !known.has(name));
      expect(unknown, `${rule.alert} selects metrics the API does not export`).toEqual([]);
    }
    const loaded = await prometheus.rules();
    expect(loaded.map((rule) => rule.name).sort()).toEqual(rules.map((rule) => rule.alert).sort());
    for (const rule of loaded) expect(rule.health, `${rule.name}: ${rule.lastError ?? ''}`).toBe('ok');
  });

  it('uses only metrics the API exports in the dashboards', async () => {
    const known = new Set(await prometheus.metricNames());
    for (const { name, expr } of panelExpressions(await loadDashboards(), window)) {
      expect(metricNamesIn(expr).filter((metric) => !known.has(metric)), name).toEqual([]);
    }
  });

  it('passes promtool check metrics on a scrape after the flow', async () => {
    const response = await fetch(`${api.base}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(response.status).toBe(200);
    await promtool(['check', 'metrics'], await response.text());
  });

  it('passes promtool check config and check rules, and the alerts unit tests', async () => {
    await promtool(['check', 'config', scrapeConfigFile]);
    await promtool(['check', 'rules', alertRulesFile]);
    await promtool(['test', 'rules', join(opsDir, 'prometheus/alerts.test.yml')]);
  });
});
