/** `npm run bench [-- --smoke | --scale | --cpu-prof | --reports | --recurring | --emails | --compare <ref>] [--only <scenario>] [--reuse]`, and the BENCH_* environment. */
import { parseArgs } from 'node:util';
import { type ScenarioKey, scenarioKeys } from './scenarios.js';

export type Mode = 'full' | 'smoke' | 'scale' | 'cpu-prof' | 'reports' | 'recurring' | 'emails' | 'compare';

export interface Options {
  mode: Mode;
  only: ScenarioKey[];
  /** The git ref --compare measures this checkout against. */
  compare?: string;
  /** Keep the database when it already holds this volume (skips seeding). */
  reuse: boolean;
  seconds: number;
  runs: number;
  warmupSeconds: number;
  connections: number;
  threads: number;
  floodConnections: number;
}

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!(value > 0 || (value === 0 && name === 'BENCH_WARMUP_SECONDS'))) throw new Error(`${name} must be a positive number`);
  return value;
};

export function parseOptions(args = process.argv.slice(2)): Options {
  const { values } = parseArgs({
    args,
    options: {
      smoke: { type: 'boolean', default: false },
      scale: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      reports: { type: 'boolean', default: false },
      recurring: { type: 'boolean', default: false },
      emails: { type: 'boolean', default: false },
      compare: { type: 'string' },
      only: { type: 'string', multiple: true, default: [] },
      reuse: { type: 'boolean', default: false },
    },
  });
  const modes = (['smoke', 'scale', 'cpu-prof', 'reports', 'recurring', 'emails', 'compare'] as const).filter((mode) => values[mode]);
  if (modes.length > 1) throw new Error(`choose one of --${modes.join(', --')}`);
  const only = values.only.flatMap((list) => list.split(','));
  for (const key of only) {
    if (!scenarioKeys.includes(key as ScenarioKey)) throw new Error(`unknown scenario ${key}; one of ${scenarioKeys.join(', ')}`);
  }
  const mode = modes[0] ?? 'full';
  const smoke = mode === 'smoke';
  return {
    mode,
    only: only as ScenarioKey[],
    compare: values.compare,
    reuse: values.reuse,
    seconds: number('BENCH_SECONDS', smoke ? 1 : 10),
    runs: smoke ? 1 : number('BENCH_RUNS', 3),
    warmupSeconds: smoke ? 0 : number('BENCH_WARMUP_SECONDS', 3),
    connections: number('BENCH_CONNECTIONS', 32),
    threads: number('BENCH_THREADS', 1),
    floodConnections: number('BENCH_FLOOD_CONNECTIONS', 16),
  };
}
