/**
 * `npm run bench:memory [-- --smoke] [--reuse]`: the memory bursts alone (bench/memory-bursts.ts);
 * the full run writes its section of bench/results.md (the full `npm run bench` does too).
 */
import { parseArgs } from 'node:util';
import { runMemoryBench } from './memory-bursts.js';
import { buildServers } from './processes.js';
import { writeReport } from './report.js';

const { values: flags } = parseArgs({ options: { smoke: { type: 'boolean', default: false }, reuse: { type: 'boolean', default: false } } });
buildServers();
const { section, problems } = await runMemoryBench(flags.smoke, flags.reuse);
console.log(`\n${section}`);
if (!flags.smoke) {
  writeReport(section, 'npm run bench:memory');
  console.log('written to bench/results.md');
}
if (problems.length > 0) process.exitCode = 1;
