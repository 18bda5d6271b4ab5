/**
 * The API (src/server.ts) in CLUSTER_WORKERS processes sharing one port through node:cluster (the
 * primary hands connections out round-robin): the scale-out check of `npm run bench -- --scale`.
 */
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const workers = Number(process.env.CLUSTER_WORKERS ?? availableParallelism());
// Compiled next to this file (bench/processes.ts), so the server is ../src/server.js.
cluster.setupPrimary({ exec: fileURLToPath(new URL('../src/server.js', import.meta.url)) });
for (let index = 0; index < workers; index += 1) cluster.fork();

let running = workers;
cluster.on('exit', () => {
  running -= 1;
  if (running === 0) process.exit(0);
});
process.on('SIGTERM', () => {
  for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
});
