import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ConfigError, ConfigSchema, loadConfig, mailDirectory } from '../../base/config.js';
import { persistedDevelopmentSecret, SECRET_FILE } from '../../base/development-secret.js';
import { testConfig } from '../helpers/config.js';
import { temporaryDirectory } from '../helpers/databases.js';
import { runToExit, spawnServer } from './server-process.js';

const strongSecret = 'a-production-secret-of-at-least-32-bytes!';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('fills every default', () => {
    const { config, warnings } = loadConfig({ JWT_ACCESS_SECRET: strongSecret });
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: 3000,
      LOG_LEVEL: 'info',
      DATA_DIR: './.data',
      DB_POOL_MAX: 10,
      DB_STATEMENT_TIMEOUT_MS: 15_000,
      MIGRATE_ON_START: true,
      JWT_ACCESS_SECRET: strongSecret,
      JWT_ACCESS_TTL: 900,
      JWT_REFRESH_TTL: 604_800,
      JWT_ISSUER: 'invoice-generator-pro',
      JWT_AUDIENCE: 'invoice-generator-pro-api',
      ARGON2_MEMORY_KIB: 19_456,
      ARGON2_TIME_COST: 2,
      ARGON2_PARALLELISM: 1,
      PASSWORD_HASH_QUEUE_MAX: 64,
      PASSWORD_HASH_WAIT_MS: 2_000,
      CORS_ORIGINS: '',
      RATE_LIMIT_MAX: 100,
      RATE_LIMIT_WINDOW: 900,
      RATE_LIMIT_USER_MAX: 6000,
      RATE_LIMIT_USER_WINDOW: 60,
      AUTH_RATE_LIMIT_MAX: 10,
      AUTH_IP_RATE_LIMIT_MAX: 30,
      TRUST_PROXY: false,
      IDEMPOTENCY_TTL: 86_400,
      SHUTDOWN_GRACE_MS: 10_000,
      PDF_WORKERS: 1,
      PDF_QUEUE_MAX: 16,
      REQUEST_TIMEOUT_MS: 30_000,
      WEBHOOK_ALLOW_PRIVATE_URLS: false,
      SCHEDULER_INTERVAL_MS: 30_000,
      JOB_LEASE_MS: 60_000,
      WEBHOOK_RETRY_BASE_MS: 30_000,
      WEBHOOK_TIMEOUT_MS: 10_000,
      MAIL_FROM: '"Invoices" <invoices@localhost>',
      EMAIL_RETRY_BASE_MS: 60_000,
    });
  });

  it.each([
    [{}, './.data/mail'],
    [{ DATA_DIR: 'memory://' }, './.data/mail'],
    [{ DATA_DIR: '/var/lib/invoices/' }, '/var/lib/invoices/mail'],
    [{ MAIL_DIR: '/srv/mail' }, '/srv/mail'],
  ])('puts .eml files for %j under %s', (env, expected) => {
    expect(mailDirectory(loadConfig({ JWT_ACCESS_SECRET: strongSecret, ...env }).config)).toBe(expected);
  });

  it('treats an empty variable as unset and ignores unknown ones', () => {
    const { config } = loadConfig({ JWT_ACCESS_SECRET: strongSecret, PORT: '', DATABASE_URL: '', SOMETHING_ELSE: 'x' });
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config).not.toHaveProperty('SOMETHING_ELSE');
  });

  it.each(['https://api.example.com', 'http://127.0.0.1:8080', 'https://example.com/invoicing'])('takes PUBLIC_URL=%s', (url) => {
    expect(loadConfig({ PUBLIC_URL: url }).config.PUBLIC_URL).toBe(url);
  });

  it('converts numbers and booleans from their text', () => {
    const { config } = loadConfig({ PORT: '0', MIGRATE_ON_START: 'false', RATE_LIMIT_MAX: '5', DB_POOL_MAX: '3' });
    expect(config).toMatchObject({ PORT: 0, MIGRATE_ON_START: false, RATE_LIMIT_MAX: 5, DB_POOL_MAX: 3 });
    expect(loadConfig({ MIGRATE_ON_START: 'true' }).config.MIGRATE_ON_START).toBe(true);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['2', 2],
    ['0', 0],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['127.0.0.1, 10.0.0.0/8', '127.0.0.1, 10.0.0.0/8'],
  ])('reads TRUST_PROXY=%j as %j', (text, expected) => {
    expect(loadConfig({ TRUST_PROXY: text }).config.TRUST_PROXY).toStrictEqual(expected);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '3000.5'],
    ['PORT', '-1'],
    ['MIGRATE_ON_START', 'no'],
    ['NODE_ENV', 'prod'],
    ['LOG_LEVEL', 'verbose'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['RATE_LIMIT_MAX', '0'],
    ['JWT_ACCESS_TTL', '1.5'],
    ['METRICS_TOKEN', 'too-short'],
    ['PUBLIC_URL', 'api.example.com'],
    ['PUBLIC_URL', 'ftp://api.example.com'],
    ['PUBLIC_URL', 'https://api.example.com/'],
    ['PUBLIC_URL', 'https://api.example.com/v1?x=1'],
    ['WEBHOOK_ALLOW_PRIVATE_URLS', 'yes'],
    ['SCHEDULER_INTERVAL_MS', '0'],
    ['SMTP_URL', 'http://mail.example.com'],
    ['MAIL_FROM', 'a@example.com\r\nBcc: x@example.com'],
    ['EMAIL_RETRY_BASE_MS', '5'],
    ['JOB_LEASE_MS', '999'],
    ['JOB_LEASE_MS', '10000'],
    ['WEBHOOK_RETRY_BASE_MS', '5'],
    ['WEBHOOK_TIMEOUT_MS', '60001'],
  ])('refuses %s=%j with an error naming the variable', (name, value) => {
    expect(configError({ [name]: value })).toMatch(new RegExp(`^Invalid environment variable ${name}\\b`));
  });

  describe('in production', () => {
    const production = { NODE_ENV: 'production', JWT_ACCESS_SECRET: strongSecret, PUBLIC_URL: 'https://api.example.com' };

    it('accepts a strong secret and OWASP argon2 parameters, without warnings', () => {
      const { config, warnings } = loadConfig(production);
      expect(config.NODE_ENV).toBe('production');
      expect(warnings).toEqual([]);
    });

    it('warns that links follow the Host header while PUBLIC_URL is unset', () => {
      const { warnings } = loadConfig({ ...production, PUBLIC_URL: undefined });
      expect(warnings).toEqual([expect.stringMatching(/^PUBLIC_URL is not set: .*Host header/)]);
    });

    it('refuses a missing or short JWT secret', () => {
      expect(configError({ NODE_ENV: 'production' })).toMatch(/JWT_ACCESS_SECRET/);
      expect(configError({ ...production, JWT_ACCESS_SECRET: 'x'.repeat(31) })).toMatch(/JWT_ACCESS_SECRET/);
    });

    it.each([
      ['ARGON2_MEMORY_KIB', '19455'],
      ['ARGON2_TIME_COST', '1'],
    ])('refuses weak argon2 parameters: %s=%s', (name, value) => {
      expect(configError({ ...production, [name]: value })).toMatch(new RegExp(name));
    });
  });

  it('generates a random secret with a warning when development has none', () => {
    const first = loadConfig({});
    const second = loadConfig({ NODE_ENV: 'development' });
    expect(first.warnings).toEqual([expect.stringMatching(/JWT_ACCESS_SECRET is not set/)]);
    expect(Buffer.byteLength(first.config.JWT_ACCESS_SECRET)).toBeGreaterThanOrEqual(32);
    expect(second.config.JWT_ACCESS_SECRET).not.toBe(first.config.JWT_ACCESS_SECRET);
  });
});

describe('the development secret when JWT_ACCESS_SECRET is unset', () => {
  it('is generated once and kept under DATA_DIR with mode 0600, so a restart keeps sessions', async () => {
    const dataDir = await temporaryDirectory('igp-secret');
    try {
      const first = loadConfig({ DATA_DIR: dataDir }, persistedDevelopmentSecret);
      const restarted = loadConfig({ DATA_DIR: dataDir }, persistedDevelopmentSecret);
      expect(restarted.config.JWT_ACCESS_SECRET).toBe(first.config.JWT_ACCESS_SECRET);
      expect(Buffer.byteLength(first.config.JWT_ACCESS_SECRET)).toBeGreaterThanOrEqual(32);
      expect(first.warnings).toEqual([expect.stringContaining(join(dataDir, SECRET_FILE))]);
      const file = await stat(join(dataDir, SECRET_FILE));
      expect(file.mode & 0o777).toBe(0o600);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('is a new random one per start with DATA_DIR=memory://', () => {
    const first = loadConfig({ DATA_DIR: 'memory://' }, persistedDevelopmentSecret);
    const second = loadConfig({ DATA_DIR: 'memory://' }, persistedDevelopmentSecret);
    expect(second.config.JWT_ACCESS_SECRET).not.toBe(first.config.JWT_ACCESS_SECRET);
    expect(first.warnings).toEqual([expect.stringMatching(/will not survive a restart/)]);
  });

  it('is never generated in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: 'memory://' }, persistedDevelopmentSecret)).toThrow(ConfigError);
  });
});

describe('.env.example', () => {
  it('documents every variable, with its default', async () => {
    const text = await readFile(new URL('../../.env.example', import.meta.url), 'utf8');
    const documented = new Map([...text.matchAll(/^# ([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((match) => [match[1], match[2]]));
    const defaults = loadConfig({ JWT_ACCESS_SECRET: strongSecret }).config as Record<string, unknown>;
    for (const [name, schema] of Object.entries(ConfigSchema.properties)) {
      expect(documented.has(name), name).toBe(true);
      if ('default' in schema) expect(documented.get(name), name).toBe(String(defaults[name]));
    }
  });
});

describe('TRUST_PROXY reaches Fastify', () => {
  it.each([
    ['false', '127.0.0.1'],
    ['true', '198.51.100.1'],
    ['1', '203.0.113.7'],
    ['127.0.0.0/8', '203.0.113.7'],
  ])('TRUST_PROXY=%s: the client address is %s', async (text, expectedIp) => {
    const config = testConfig({ DATA_DIR: 'memory://', TRUST_PROXY: loadConfig({ TRUST_PROXY: text }).config.TRUST_PROXY });
    const app = await buildApp(config, { logger: false });
    app.get('/whoami', async (request) => ({ ip: request.ip }));
    try {
      const response = await app.inject({ url: '/whoami', headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' } });
      expect(response.json()).toEqual({ ip: expectedIp });
    } finally {
      await app.close();
    }
  });
});

describe('the server process with a bad configuration', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await temporaryDirectory('igp-config');
  });
  afterAll(() => rm(cwd, { recursive: true, force: true }));

  it.each([
    ['PORT', { PORT: 'abc', JWT_ACCESS_SECRET: strongSecret }],
    ['JWT_ACCESS_SECRET', { NODE_ENV: 'production', JWT_ACCESS_SECRET: 'too-short' }],
  ])('exits non-zero with one line naming %s', async (name, env) => {
    const { code, stdout, stderr } = await runToExit(spawnServer(cwd, { DATA_DIR: cwd, LOG_LEVEL: 'info', ...env }));
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Configuration error: Invalid environment variable ${name}\\b`));
  });
});
