/** Entry point: load config → build the app → listen → shut down gracefully on SIGTERM/SIGINT. */
import closeWithGrace from 'close-with-grace';
import { DataDirInUseError } from '../db/data-dir-lock.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfigFromProcess } from '../base/config.js';

let loaded: ReturnType<typeof loadConfigFromProcess>;
try {
  loaded = loadConfigFromProcess();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  process.exit(1);
}
const { config, warnings } = loaded;

let app: Awaited<ReturnType<typeof buildApp>>;
try {
  app = await buildApp(config);
} catch (error) {
  if (!(error instanceof DataDirInUseError)) throw error;
  console.error(`Cannot start: ${error.message}`);
  process.exit(1);
}
for (const warning of warnings) app.log.warn(warning);

closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info(`${signal} received: closing`);
  await app.close();
});

await app.listen({ host: config.HOST, port: config.PORT });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.PORT;
const base = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
app.log.info(
  `Invoice API on ${base}/api/v1, docs at ${base}/docs, database: ${app.dbMode === 'embedded' ? `embedded (${config.DATA_DIR})` : 'PostgreSQL'}`,
);
