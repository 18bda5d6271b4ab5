/** The `npm run bench` section of bench/results.md: medians, ratios, the login flood, memory, targets and plans. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Plan } from './explain.js';
import type { LoadSettings, Measurement } from './measure.js';
import type { Scenario, ScenarioKey, ServerName } from './scenarios.js';
import type { Volume } from './volume.js';

export interface ServerMemory {
  /** RSS after start, MiB. */
  idle: number;
  /** Peak RSS over the whole benchmark, MiB. */
  peak: number;
  scenarioPeaks: Map<ScenarioKey, number>;
}

export interface Report {
  machine: string;
  settings: LoadSettings & { runs: number; generatorCpuUs: number };
  volume: Volume;
  data: { invoices: number; items: number; seedSeconds: number | null };
  scenarios: Scenario[];
  measurements: Measurement[];
  memory: Map<ServerName, ServerMemory>;
  plans: Plan[];
  /** The targets the other harnesses measured in the same run (memory bursts, export, recurring, emails), as targetLine made them. */
  otherTargets: string[];
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
};
const integer = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en') : '–');
const oneDecimal = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const percent = (ratio: number) => (Number.isFinite(ratio) ? `${Math.round(ratio * 100)} %` : '–');
const times = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(1)}×` : '–');

/** One target as a line of the report: met or **missed** with the measured value and its bound, or not measured. */
export function targetLine(name: string, value: number, show: (value: number) => string, bound: string, met: (value: number) => boolean): string {
  return Number.isFinite(value) ? `- ${met(value) ? 'met' : '**missed**'}: ${name} ${show(value)} (${bound})` : `- not measured: ${name} (${bound})`;
}

/** Medians of one scenario on one server (NaN where it was not measured). */
export function summary(measurements: Measurement[], scenario: ScenarioKey, server: ServerName) {
  const runs = measurements.filter((m) => m.scenario === scenario && m.server === server);
  const of = (pick: (m: Measurement) => number | null | undefined) =>
    median(runs.map(pick).filter((value): value is number => typeof value === 'number'));
  return {
    runs: runs.length,
    rps: of((m) => m.rps),
    p50: of((m) => m.p50Ms),
    p99: of((m) => m.p99Ms),
    cpuUs: of((m) => m.serverCpuUs),
    floodRps: of((m) => m.flood?.rps),
    statusErrors: runs.reduce((sum, m) => sum + m.statusErrors, 0),
    socketErrors: runs.reduce((sum, m) => sum + m.socketErrors, 0),
    floodRefused: runs.reduce((sum, m) => sum + (m.flood?.statusErrors ?? 0), 0),
  };
}

function throughputTable({ scenarios, measurements }: Report): string[] {
  return [
    '| scenario | ours req/s | bare req/s | ours/bare | conventional req/s | ours/conventional |',
    '|---|---:|---:|---:|---:|---:|',
    ...scenarios
      .filter((scenario) => !scenario.flood)
      .map(({ key, title }) => {
        const [ours, bare, conventional] = (['ours', 'bare', 'conventional'] as const).map((server) => summary(measurements, key, server).rps);
        return `| ${title} | ${integer(ours ?? NaN)} | ${integer(bare ?? NaN)} | ${percent((ours ?? NaN) / (bare ?? NaN))} | ${integer(conventional ?? NaN)} | ${times((ours ?? NaN) / (conventional ?? NaN))} |`;
      }),
  ];
}

function detailTable({ scenarios, measurements }: Report): string[] {
  const rows = scenarios.flatMap((scenario) =>
    scenario.servers.map((server) => {
      const s = summary(measurements, scenario.key, server);
      return `| ${scenario.title} | ${server} | ${integer(s.rps)} | ${oneDecimal(s.p50)} | ${oneDecimal(s.p99)} | ${integer(s.cpuUs)} | ${s.statusErrors} | ${s.socketErrors} |`;
    }),
  );
  return ['| scenario | server | req/s | p50 ms | p99 ms | server CPU µs/request | ≥ 400 | socket errors |', '|---|---|---:|---:|---:|---:|---:|---:|', ...rows];
}

function floodTable({ measurements }: Report): string[] {
  const rows = (['ours', 'conventional'] as const).map((server) => {
    const alone = summary(measurements, 'get', server);
    const flooded = summary(measurements, 'get-during-logins', server);
    return `| ${server} | ${integer(alone.rps)} | ${integer(flooded.rps)} | ${percent(flooded.rps / alone.rps)} | ${oneDecimal(alone.p99)} | ${oneDecimal(flooded.p99)} | ${times(flooded.p99 / alone.p99)} | ${integer(flooded.floodRps)} | ${flooded.floodRefused} |`;
  });
  return [
    '| server | GET req/s alone | during logins | share | GET p99 ms alone | during logins | × | logins/s | logins refused (≥ 400) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ];
}

/** GET /invoices/:id with an API key beside the same with a JWT (issue 23: the key may cost no more). */
function apiKeyTable({ measurements }: Report): string[] {
  const jwt = summary(measurements, 'get', 'ours');
  const key = summary(measurements, 'get-api-key', 'ours');
  return [
    '| server | JWT req/s | API key req/s | key/JWT | JWT p99 ms | API key p99 ms | JWT CPU µs/request | API key CPU µs/request |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    `| ours | ${integer(jwt.rps)} | ${integer(key.rps)} | ${percent(key.rps / jwt.rps)} | ${oneDecimal(jwt.p99)} | ${oneDecimal(key.p99)} | ${integer(jwt.cpuUs)} | ${integer(key.cpuUs)} |`,
  ];
}

/** Each target (issue 15, tightened by issue 28): the measured value, how it is shown, and the bound it must stay within. */
function targets({ measurements, memory, otherTargets }: Report): string[] {
  const of = (key: ScenarioKey, server: ServerName) => summary(measurements, key, server);
  const ratio = (key: ScenarioKey, other: ServerName) => of(key, 'ours').rps / of(key, other).rps;
  const check = targetLine;
  const atLeast = (minimum: number) => (value: number) => value >= minimum;
  const atMost = (maximum: number) => (value: number) => value <= maximum;
  const reads = ['get', 'list', 'deep'] as const;
  const ours = memory.get('ours');
  return [
    ...reads.map((key) => check(`${key}: ours/bare`, ratio(key, 'bare'), percent, '≥ 90 %', atLeast(0.9))),
    ...(['create', 'payment'] as const).map((key) => check(`${key}: ours/bare`, ratio(key, 'bare'), percent, '≥ 80 %', atLeast(0.8))),
    ...reads.map((key) => check(`${key}: ours/conventional`, ratio(key, 'conventional'), times, '≥ 3×', atLeast(3))),
    ...(['create', 'payment'] as const).map((key) => check(`${key}: ours/conventional`, ratio(key, 'conventional'), times, '≥ 2×', atLeast(2))),
    check('health: ours/bare', ratio('health', 'bare'), percent, '≥ 50 %', atLeast(0.5)),
    check('get with an API key / with a JWT', of('get-api-key', 'ours').rps / of('get', 'ours').rps, percent, '≥ 95 %', atLeast(0.95)),
    check('GET p99 during logins / alone', of('get-during-logins', 'ours').p99 / of('get', 'ours').p99, times, '≤ 3×', atMost(3)),
    check('GET req/s during logins / alone', of('get-during-logins', 'ours').rps / of('get', 'ours').rps, percent, '≥ 50 %', atLeast(0.5)),
    check('idle RSS', ours?.idle ?? NaN, (mib) => `${integer(mib)} MiB`, '< 120 MiB', (mib) => mib < 120),
    check('peak RSS', ours?.peak ?? NaN, (mib) => `${integer(mib)} MiB`, '< 200 MiB', (mib) => mib < 200),
    check('GET /i/:token p99 at 50 connections', of('hosted-page', 'ours').p99, (ms) => `${oneDecimal(ms)} ms`, '< 50 ms', (ms) => ms < 50),
    check(
      'GET /i/:token p99 at 50 connections, each reading a page 250 ms on average (not the target: customers\' pace)',
      of('hosted-page-paced', 'ours').p99,
      (ms) => `${oneDecimal(ms)} ms`,
      '< 50 ms',
      (ms) => ms < 50,
    ),
    check('deep page p50 / first page p50', of('deep', 'ours').p50 / of('list', 'ours').p50, times, '≤ 1.2×', atMost(1.2)),
    ...otherTargets,
  ];
}

/** Peak RSS while each scenario ran (the peak is reset when a scenario starts, so each row shows what that scenario drove it to). */
function scenarioPeakTable({ scenarios, memory }: Report): string[] {
  const servers = [...memory.keys()];
  const peakOf = (server: ServerName, key: ScenarioKey) => memory.get(server)?.scenarioPeaks.get(key);
  return [
    `| scenario | ${servers.join(' MiB | ')} MiB |`,
    `|---|${servers.map(() => '---:').join('|')}|`,
    ...scenarios.map(({ key }) => `| ${key} | ${servers.map((server) => { const peak = peakOf(server, key); return peak === undefined ? '–' : integer(peak); }).join(' | ')} |`),
  ];
}

export function renderReport(report: Report): string {
  const { settings, volume, data } = report;
  const memoryRows = [...report.memory].map(([server, { idle, peak }]) => `| ${server} | ${integer(idle)} | ${integer(peak)} |`);
  return [
    '## API throughput (`npm run bench`)',
    '',
    report.machine,
    '',
    `Data: ${volume.users.toLocaleString('en')} users × ${volume.clientsPerUser} clients × ${volume.invoicesPerUser} invoices, the first ${volume.deepUsers} with ${volume.invoicesPerDeepUser.toLocaleString('en')} for the deep page: ` +
      `${data.invoices.toLocaleString('en')} invoices, ${data.items.toLocaleString('en')} items, ` +
      (data.seedSeconds === null ? 'reused from an earlier seed.' : `seeded by SQL in ${data.seedSeconds.toFixed(0)} s.`),
    `Load: wrk (C, epoll; ${oneDecimal(settings.generatorCpuUs)} µs of its own CPU per request here; autocannon, in Node, took about 3× as much ` +
      `CPU per request from the same 2 cores when this harness was written: 132–145 µs against wrk's 42–46 on GET /invoices/:id), ` +
      `${settings.connections} connections on ${settings.threads} thread(s), tokens of every user, random owned ids; login flood: ${settings.floodConnections} more connections. ` +
      `Each server its own process on the same database (pool of 10), ours with production settings (info logs to a discarded stdout, rate limits raised out of the way). ` +
      `${settings.seconds} s per run, servers alternated, medians of ${settings.runs}.`,
    '',
    ...throughputTable(report),
    '',
    '### Latency, server CPU and errors (medians; errors summed over the runs)',
    '',
    ...detailTable(report),
    '',
    '### GET /invoices/:id during a login flood',
    '',
    ...floodTable(report),
    '',
    '### GET /invoices/:id with an API key against a JWT (medians)',
    '',
    ...apiKeyTable(report),
    '',
    '### Memory (RSS: idle after start, peak over the whole benchmark)',
    '',
    '| server | idle MiB | peak MiB |',
    '|---|---:|---:|',
    ...memoryRows,
    '',
    'Peak RSS during each scenario, in the order they ran (each server\'s peak is reset as a scenario starts; what a scenario leaves resident carries into the next):',
    '',
    ...scenarioPeakTable(report),
    '',
    '### Targets (issues 15, 23 and 28)',
    '',
    'Every target of issue 28, from this run: the ones measured by the other harnesses (memory bursts, the CSV export, recurring ' +
      'generation, the email batch) come from their sections of this file, written by the same `npm run bench`.',
    '',
    ...targets(report),
    '',
    '### List query plans',
    '',
    ...report.plans.flatMap(({ title, sql, plan }) => [`${title}:`, '', '```sql', sql, '```', '', '```', plan, '```', '']),
  ].join('\n');
}

/** Replaces a harness's part of results.md (between its markers, appended if absent), leaving the others alone. */
export function writeReport(section: string, harness = 'npm run bench', file = new URL('./results.md', import.meta.url)): void {
  const [START, END] = [`<!-- ${harness}: start -->`, `<!-- ${harness}: end -->`];
  const current = readFileSync(file, 'utf8');
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const block = `${START}\n${section.trimEnd()}\n${END}`;
  writeFileSync(
    file,
    start !== -1 && end > start ? `${current.slice(0, start)}${block}${current.slice(end + END.length)}` : `${current.trimEnd()}\n\n${block}\n`,
  );
}
