/**
 * The V8 flags the Docker image gives the API process (its `ENV NODE_OPTIONS`), read from the
 * Dockerfile so every benchmark runs ours as deployed. BENCH_NODE_OPTIONS replaces them (empty:
 * Node's defaults) to measure what they save and cost.
 */
import { readFileSync } from 'node:fs';

export function deployedNodeOptions(): string {
  const override = process.env.BENCH_NODE_OPTIONS;
  if (override !== undefined) return override;
  // `ENV NODE_OPTIONS=…` or a continuation line `    NODE_OPTIONS=… \` of an ENV instruction.
  const value = /^\s*(?:ENV\s+)?NODE_OPTIONS=("[^"]*"|\S+)/m.exec(readFileSync('Dockerfile', 'utf8'))?.[1];
  if (value === undefined) throw new Error('the Dockerfile sets no NODE_OPTIONS');
  return value.replace(/^"(.*)"$/, '$1');
}
