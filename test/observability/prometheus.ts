/**
 * A real Prometheus (the `prometheus` binary) for the observability test: it runs the shipped
 * ops/prometheus/prometheus.yml with the API's loopback address as the target, a one-second
 * scrape and rule interval and its own data directory, and answers PromQL over its HTTP API.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';

export const opsDir = fileURLToPath(new URL('../../ops/', import.meta.url));
export const scrapeConfigFile = join(opsDir, 'prometheus/prometheus.yml');
export const alertRulesFile = join(opsDir, 'prometheus/alerts.yml');
export const job = 'invoice-api';

const run = promisify(execFile);

/** Runs promtool; resolves with its output, or rejects with it. */
export async function promtool(args: string[], input?: string): Promise<string> {
  const child = execFile('promtool', args);
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stdin?.end(input ?? '');
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`promtool ${args.join(' ')} failed (${code}):\n${output.join('')}`);
  return output.join('');
}

export async function prometheusVersion(): Promise<string> {
  return (await run('prometheus', ['--version'])).stdout.split('\n')[0] ?? '';
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

interface ScrapeConfig {
  job_name: string;
  static_configs: { targets: string[] }[];
  authorization?: { type: string; credentials: string };
  scrape_interval?: string;
}

/** The shipped scrape configuration, pointed at `target` with `token`, every second. */
async function testConfig(target: string, token: string | undefined): Promise<string> {
  const config = parse(await readFile(scrapeConfigFile, 'utf8')) as {
    global: Record<string, string>;
    rule_files: string[];
    scrape_configs: ScrapeConfig[];
  };
  config.global = { ...config.global, scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' };
  config.rule_files = config.rule_files.map((file) => join(opsDir, 'prometheus', file));
  const scrape = config.scrape_configs.find((candidate) => candidate.job_name === job);
  if (!scrape) throw new Error(`${scrapeConfigFile} has no job ${job}`);
  scrape.static_configs = [{ targets: [target] }];
  if (token) scrape.authorization = { type: 'Bearer', credentials: token };
  return stringify(config);
}

export type Sample = { metric: Record<string, string>; value: [number, string] };

export interface Prometheus {
  /** Evaluates an instant query now; rejects with Prometheus' error for an invalid one. */
  query(expr: string): Promise<Sample[]>;
  /** Values of `label` on the series `selector` matches (what Grafana's label_values() shows). */
  labelValues(selector: string, label: string): Promise<string[]>;
  /** Every metric name Prometheus has stored. */
  metricNames(): Promise<string[]>;
  /** The loaded rule groups with each rule's health. */
  rules(): Promise<{ name: string; health: string; lastError?: string; lastEvaluation: string }[]>;
  /** Resolves once a scrape of the API that started after `since` (ms) has been stored, twice. */
  waitForScrapesAfter(since: number): Promise<void>;
  stop(): Promise<void>;
  log(): string;
}

export async function startPrometheus(dir: string, target: string, token?: string): Promise<Prometheus> {
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, await testConfig(target, token));
  const port = await freePort();
  const child = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;

  async function api<T>(path: string, params: Record<string, string | string[]> = {}): Promise<T> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) for (const item of [value].flat()) search.append(key, item);
    const response = await fetch(`${base}/api/v1/${path}?${search}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path} ${JSON.stringify(params)}: ${body.error}`);
    return body.data;
  }
  const query = async (expr: string) => (await api<{ result: Sample[] }>('query', { query: expr })).result;

  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}):\n${log}`);
    const ready = await fetch(`${base}/-/ready`).then((response) => response.ok, () => false);
    if (ready) break;
    if (attempt > 150) throw new Error(`prometheus not ready after 30 s:\n${log}`);
    await sleep(200);
  }

  return {
    query,
    labelValues: async (selector, label) => {
      const series = await api<Record<string, string>[]>('series', { 'match[]': selector });
      return [...new Set(series.flatMap((labels) => labels[label] ?? []))].sort();
    },
    metricNames: () => api<string[]>('label/__name__/values'),
    rules: async () =>
      (await api<{ groups: { rules: { name: string; health: string; lastError?: string; lastEvaluation: string }[] }[] }>('rules')).groups.flatMap(
        (group) => group.rules,
      ),
    waitForScrapesAfter: async (since) => {
      // A scrape's samples carry its start time: one that started after `since` saw everything
      // done before; waiting one interval more gives rate() a second sample to compare.
      for (let attempt = 0; attempt < 150; attempt += 1) {
        const [latest] = await query(`timestamp(up{job="${job}"}) and up{job="${job}"} == 1`);
        if (latest && Number(latest.value[1]) * 1_000 > since + 1_000) return;
        await sleep(200);
      }
      throw new Error(`no scrape of the API after ${new Date(since).toISOString()}:\n${log}`);
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
    log: () => log,
  };
}
