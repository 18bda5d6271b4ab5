/**
 * `npm run bench`: ours (src/server.ts compiled, production settings) against the bare node:http + pg
 * reference (bench/reference-server.ts) and a conventional Express + Joi + pg + bcrypt + winston
 * implementation (bench/conventional-server.ts), on one seeded PostgreSQL database
 * (BENCH_DATABASE_URL, an admin connection; default the local postgres), loaded by wrk.
 *   npm run bench                     the full suite; writes its section of bench/results.md
 *   npm run bench -- --smoke          tiny data, ~1 s per scenario; fails on any error or wrong answer
 *   npm run bench -- --scale          GET /invoices/:id on 1 vs 2 API processes
 *   npm run bench -- --cpu-prof       self time per request of ours vs bare (one scenario)
 *   npm run bench -- --reports        the 200,000-invoice CSV export and the report plans (bench/reports.ts)
 *   --only <scenario>[,…]             get, list, deep, create, payment, login, get-during-logins, health
 *   --reuse                           keep the database when it already holds the same volume
 * BENCH_SECONDS (10), BENCH_RUNS (3), BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS (32),
 * BENCH_THREADS (1, wrk's), BENCH_FLOOD_CONNECTIONS (16).
 */
import { runCpuProfile } from './cpu-profile.js';
import { prepareData } from './data.js';
import { parseOptions } from './options.js';
import { buildServers } from './processes.js';
import { writeReport } from './report.js';
import { runReportsBench } from './reports.js';
import { runScale } from './scale.js';
import { runSuite } from './suite.js';
import { fullVolume, reportsVolume, smokeVolume } from './volume.js';

const options = parseOptions();
const smoke = options.mode === 'smoke';
const volume = smoke ? smokeVolume : options.mode === 'reports' ? reportsVolume : fullVolume;
buildServers();
const databaseName = smoke ? 'igp_bench_smoke' : options.mode === 'reports' ? 'igp_bench_reports' : 'igp_bench';
const data = await prepareData(databaseName, volume, options.reuse);

const fail = (problems: string[]) => {
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):\n${problems.join('\n')}`);
    process.exitCode = 1;
  }
};

if (options.mode === 'scale') await runScale(options, volume, data);
else if (options.mode === 'cpu-prof') await runCpuProfile(options, volume, data);
else if (options.mode === 'reports') {
  const { section, problems } = await runReportsBench(data.databaseUrl, { exportUser: 1, reportUser: 2 }, false);
  console.log(`\n${section}`);
  writeReport(section, 'npm run bench -- --reports');
  console.log('written to bench/results.md');
  fail(problems);
} else {
  const problems = await runSuite(options, volume, data);
  // The smoke run also streams the deep account's export and explains the reports on it.
  if (smoke) {
    const reports = await runReportsBench(data.databaseUrl, { exportUser: 1, reportUser: 1 }, true);
    console.log(`\n${reports.section}`);
    problems.push(...reports.problems);
  }
  fail(problems);
}
