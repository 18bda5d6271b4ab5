import { type Config, loadConfig } from '../../base/config.js';

/** Production-shaped settings with cheap hashing and limits high enough not to interfere. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const { config } = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_ACCESS_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    RATE_LIMIT_MAX: '100000',
    RATE_LIMIT_USER_MAX: '100000',
    AUTH_RATE_LIMIT_MAX: '100000',
    AUTH_IP_RATE_LIMIT_MAX: '100000',
    MIGRATE_ON_START: 'false',
  });
  return { ...config, ...overrides };
}
