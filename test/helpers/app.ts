/**
 * Builds the real app (same plugins, validation and error handler as production) on a fresh
 * database cloned from the run's migrated template.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, inject as vitestInject } from 'vitest';
import { type App, type BuildOptions, buildApp } from '../../src/app.js';
import type { Config } from '../../base/config.js';
import { testConfig } from './config.js';
import { cloneTemplate } from './databases.js';

export interface TestApp {
  app: App;
  config: Config;
  /** Closes the app and drops its database. */
  close(): Promise<void>;
}

export interface TestAppOptions extends BuildOptions {
  /** Registers extra (test-only) routes after the app is built and before it is ready. */
  beforeReady?: (app: App) => void | Promise<void>;
  /** Rewrites the PostgreSQL URL the app connects with (fault tests put a proxy in between). */
  routeDatabaseUrl?: (url: string) => string;
}

export async function createTestApp(
  overrides: Partial<Config> = {},
  { beforeReady, routeDatabaseUrl, ...options }: TestAppOptions = {},
): Promise<TestApp> {
  const database = await cloneTemplate(vitestInject('databaseTemplate'));
  const { DATABASE_URL } = database.settings;
  const routed = DATABASE_URL && routeDatabaseUrl ? { DATABASE_URL: routeDatabaseUrl(DATABASE_URL) } : {};
  const config = testConfig({ ...database.settings, ...routed, ...overrides });
  const app = await buildApp(config, { logger: false, ...options });
  await beforeReady?.(app);
  await app.ready();
  return {
    app,
    config,
    close: async () => {
      await app.close();
      await database.dispose();
    },
  };
}

/**
 * The usual suite setup in one line: builds a test app before the suite's tests and closes it
 * after. Call it at the top of a `describe`; read `.app` and `.config` inside hooks and tests.
 */
export function useTestApp(overrides: Partial<Config> = {}, options: TestAppOptions = {}): TestApp {
  let built: TestApp | undefined;
  beforeAll(async () => {
    built = await createTestApp(overrides, options);
  });
  afterAll(() => built?.close());
  const current = () => {
    if (!built) throw new Error('useTestApp(): the app exists only inside hooks and tests');
    return built;
  };
  return {
    get app() {
      return current().app;
    },
    get config() {
      return current().config;
    },
    close: () => current().close(),
  };
}

export interface RequestOptions {
  method: InjectOptions['method'];
  url: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * `app.inject` that fails with the response body in the message when the status is not the
 * expected one, and returns the parsed JSON body.
 */
export async function call<T = Record<string, unknown>>(
  app: App,
  { method, url, token, body, headers = {} }: RequestOptions,
  expectedStatus: number,
): Promise<{ body: T; response: LightMyRequestResponse }> {
  const response = await app.inject({
    method,
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
  });
  if (response.statusCode !== expectedStatus) {
    throw new Error(`${method} ${url}: expected ${expectedStatus}, got ${response.statusCode}\n${response.body}`);
  }
  const parsed = response.body === '' ? undefined : (JSON.parse(response.body) as T);
  return { body: parsed as T, response };
}
