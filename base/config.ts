/**
 * Configuration from the environment (and `.env` when present), validated once at start.
 * The `Config` type is derived from the schema, so the two cannot drift.
 */
import { existsSync } from 'node:fs';
import { KindGuard, type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { type GeneratedSecret, persistedDevelopmentSecret, randomDevelopmentSecret } from './development-secret.js';

const Seconds = (defaultValue: number, description: string) =>
  Type.Integer({ minimum: 1, maximum: 31_536_000, default: defaultValue, description });

export const ConfigSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development',
  }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3000 }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL URL; unset = embedded' })),
  DATA_DIR: Type.String({ minLength: 1, default: './.data', description: 'embedded database directory, or memory://' }),
  DB_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  DB_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 15_000 }),
  MIGRATE_ON_START: Type.Boolean({ default: true }),
  JWT_ACCESS_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  JWT_ACCESS_TTL: Seconds(900, 'access token lifetime in seconds'),
  JWT_REFRESH_TTL: Seconds(604_800, 'refresh token lifetime in seconds'),
  JWT_ISSUER: Type.String({ minLength: 1, default: 'invoice-generator-pro' }),
  JWT_AUDIENCE: Type.String({ minLength: 1, default: 'invoice-generator-pro-api' }),
  ARGON2_MEMORY_KIB: Type.Integer({ minimum: 1024, maximum: 4_194_304, default: 19_456 }),
  ARGON2_TIME_COST: Type.Integer({ minimum: 1, maximum: 20, default: 2 }),
  ARGON2_PARALLELISM: Type.Integer({ minimum: 1, maximum: 16, default: 1 }),
  PASSWORD_HASH_CONCURRENCY: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 256, description: 'password hashes computed at once; default: one fewer than the cores, at least one' }),
  ),
  PASSWORD_HASH_QUEUE_MAX: Type.Integer({
    minimum: 0,
    maximum: 100_000,
    default: 64,
    description: 'password hashes waiting for a slot before 503',
  }),
  PASSWORD_HASH_WAIT_MS: Type.Integer({
    minimum: 1,
    maximum: 60_000,
    default: 2_000,
    description: 'longest wait for a password-hashing slot before 503',
  }),
  CORS_ORIGINS: Type.String({ default: '', description: 'comma-separated allowed origins; empty = none' }),
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 100 }),
  RATE_LIMIT_WINDOW: Seconds(900, 'rate-limit window in seconds'),
  RATE_LIMIT_USER_MAX: Type.Integer({ minimum: 1, default: 6000 }),
  RATE_LIMIT_USER_WINDOW: Seconds(60, 'authenticated rate-limit window in seconds'),
  AUTH_RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 10 }),
  AUTH_IP_RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 30 }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  TRUST_PROXY: Type.Union([Type.Boolean(), Type.Integer({ minimum: 0 }), Type.String({ minLength: 1 })], {
    default: false,
    description: 'true, a hop count, or comma-separated trusted addresses/CIDRs',
  }),
  IDEMPOTENCY_TTL: Seconds(86_400, 'how long an Idempotency-Key response is replayed'),
  METRICS_TOKEN: Type.Optional(
    Type.String({ minLength: 16, description: 'bearer token /metrics requires; unset = /metrics is open' }),
  ),
  SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
  PDF_WORKERS: Type.Integer({ minimum: 1, maximum: 64, default: 1, description: 'worker threads rendering PDFs' }),
  PDF_QUEUE_MAX: Type.Integer({ minimum: 1, maximum: 10_000, default: 16, description: 'PDFs waiting for a worker before 503' }),
  REQUEST_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    maximum: 600_000,
    default: 30_000,
    description: 'how long a request (headers, then body) may take to arrive',
  }),
  PUBLIC_URL: Type.Optional(
    Type.String({
      pattern: '^https?://[^/?#\\s]+(/[^?#\\s]*[^/?#\\s])?$',
      description:
        'the URL clients reach the API at, without a trailing slash: the OpenAPI servers entry (unset: "/", ' +
        'the origin the document was read from) and the base of hostedUrl (unset: the origin of the request that reads it, ' +
        'and http://localhost:3000 in messages sent by background work such as reminders)',
    }),
  ),
  WEBHOOK_ALLOW_PRIVATE_URLS: Type.Boolean({
    default: false,
    description: 'allow webhook URLs on loopback/private addresses, and plain http (development and tests)',
  }),
  SCHEDULER_INTERVAL_MS: Type.Integer({
    minimum: 100,
    maximum: 3_600_000,
    default: 30_000,
    description: 'how often each instance looks for due background work; a commit that queues work wakes it sooner',
  }),
  JOB_LEASE_MS: Type.Integer({
    minimum: 1_000,
    maximum: 3_600_000,
    default: 60_000,
    description: 'how long a claimed background task is reserved; past it (its instance died) another instance takes it',
  }),
  WEBHOOK_RETRY_BASE_MS: Type.Integer({
    minimum: 10,
    maximum: 3_600_000,
    default: 30_000,
    description: 'delay before the first webhook retry; later ones grow exponentially from it',
  }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 10_000, description: 'webhook request timeout' }),
  SMTP_URL: Type.Optional(
    Type.String({
      pattern: '^smtps?://[^\\s]+$',
      description: 'smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465; unset = .eml files under MAIL_DIR (not in production)',
    }),
  ),
  MAIL_FROM: Type.String({ minLength: 3, maxLength: 320, pattern: '^[^\\r\\n]+$', default: '"Invoices" <invoices@localhost>', description: 'the From header of every message' }),
  MAIL_DIR: Type.Optional(
    Type.String({ minLength: 1, description: 'where messages are written as .eml files without SMTP_URL; default <DATA_DIR>/mail, or ./.data/mail' }),
  ),
  EMAIL_RETRY_BASE_MS: Type.Integer({
    minimum: 10,
    maximum: 3_600_000,
    default: 60_000,
    description: 'delay before the first retry of a temporarily failed message; later ones grow from it, for more than 24 h',
  }),
});

export type Config = Static<typeof ConfigSchema> & { JWT_ACCESS_SECRET: string };

export class ConfigError extends Error {}

const OWASP_ARGON2 = { ARGON2_MEMORY_KIB: 19_456, ARGON2_TIME_COST: 2 } as const;

/**
 * Turns an environment string into the schema's type, strictly: integers only from digits
 * (TypeBox's Value.Convert would read "3000.5" as 3000 and "true" as 1), booleans only from
 * "true"/"false", and a union takes the first member the converted value satisfies, so
 * TRUST_PROXY "true" is a boolean, "2" a hop count and "10.0.0.0/8" an address list.
 */
function fromEnvironment(schema: TSchema, text: string): unknown {
  if (KindGuard.IsUnion(schema)) {
    for (const member of schema.anyOf) {
      const value = fromEnvironment(member, text);
      if (Value.Check(member, value)) return value;
    }
    return text;
  }
  if (KindGuard.IsInteger(schema)) return /^-?\d+$/.test(text) ? Number(text) : text;
  if (KindGuard.IsBoolean(schema)) return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

/**
 * Parses `env` into a Config, or throws ConfigError naming the first bad variable. Outside
 * production a missing JWT_ACCESS_SECRET comes from `developmentSecret` (by default a new random one).
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  developmentSecret: (dataDir: string) => GeneratedSecret = randomDevelopmentSecret,
): { config: Config; warnings: string[] } {
  const known: Record<string, string> = {};
  const converted: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(ConfigSchema.properties)) {
    const text = env[key];
    if (text === undefined || text === '') continue;
    known[key] = text;
    converted[key] = fromEnvironment(schema, text);
  }
  const parsed = Value.Default(ConfigSchema, converted);
  const error = Value.Errors(ConfigSchema, parsed).First();
  if (error) {
    const name = error.path.split('/')[1] ?? error.path;
    throw new ConfigError(`Invalid environment variable ${name}=${JSON.stringify(known[name] ?? '')}: ${error.message}`);
  }
  const config = parsed as Static<typeof ConfigSchema>;
  if (config.JOB_LEASE_MS <= config.WEBHOOK_TIMEOUT_MS) {
    // A delivery still in flight when its lease ran out would be sent again by another instance.
    throw new ConfigError('Invalid environment variable JOB_LEASE_MS: it must exceed WEBHOOK_TIMEOUT_MS');
  }
  const warnings: string[] = [];
  let secret = config.JWT_ACCESS_SECRET;
  if (config.NODE_ENV === 'production') {
    if (!secret || Buffer.byteLength(secret) < 32) {
      throw new ConfigError('Invalid environment variable JWT_ACCESS_SECRET: production needs at least 32 bytes');
    }
    for (const [name, minimum] of Object.entries(OWASP_ARGON2)) {
      if (config[name as keyof typeof OWASP_ARGON2] < minimum) {
        throw new ConfigError(`Invalid environment variable ${name}: production needs at least ${minimum}`);
      }
    }
    if (!config.PUBLIC_URL) {
      warnings.push(
        "PUBLIC_URL is not set: hosted links are built from each request's Host header, and password-reset links and messages sent by background work (reminders) link to http://localhost:3000",
      );
    }
  } else if (!secret) {
    let generated: GeneratedSecret;
    try {
      generated = developmentSecret(config.DATA_DIR);
    } catch (error) {
      throw new ConfigError(`JWT_ACCESS_SECRET is not set and no development secret is available: ${(error as Error).message}`);
    }
    secret = generated.secret;
    warnings.push(generated.warning);
  }
  return { config: { ...config, JWT_ACCESS_SECRET: secret as string }, warnings };
}

/** Where messages are written as .eml files when no SMTP_URL is set (contract v1.2 "Email"). */
export function mailDirectory(config: Pick<Config, 'MAIL_DIR' | 'DATA_DIR'>): string {
  if (config.MAIL_DIR) return config.MAIL_DIR;
  return config.DATA_DIR.startsWith('memory://') ? './.data/mail' : `${config.DATA_DIR.replace(/\/+$/, '')}/mail`;
}

/** Reads `.env` (without overriding the real environment) and loads the config, keeping a generated development secret. */
export function loadConfigFromProcess(envFile = '.env') {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return loadConfig(process.env, persistedDevelopmentSecret);
}
