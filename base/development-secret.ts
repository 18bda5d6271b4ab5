/**
 * Outside production an unset JWT_ACCESS_SECRET is generated. Kept under DATA_DIR (mode 0600),
 * it survives restarts, so a developer's restart does not sign everyone out; with
 * DATA_DIR=memory:// nothing is kept and each start has its own.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILE = 'jwt-access-secret';
const MIN_BYTES = 32;

export interface GeneratedSecret {
  secret: string;
  warning: string;
}

const newSecret = () => randomBytes(48).toString('base64url');

export function randomDevelopmentSecret(): GeneratedSecret {
  return { secret: newSecret(), warning: 'JWT_ACCESS_SECRET is not set: using a random secret; tokens will not survive a restart' };
}

export function persistedDevelopmentSecret(dataDir: string): GeneratedSecret {
  if (dataDir.includes('://')) return randomDevelopmentSecret();
  const path = join(dataDir, SECRET_FILE);
  const warning = `JWT_ACCESS_SECRET is not set: using the development secret kept in ${path}`;
  mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx': of two processes starting at once, one writes and the other reads what it wrote.
    const secret = newSecret();
    writeFileSync(path, secret, { mode: 0o600, flag: 'wx' });
    return { secret, warning };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(path, 'utf8').trim();
  if (Buffer.byteLength(secret) < MIN_BYTES) throw new Error(`${path} holds fewer than ${MIN_BYTES} bytes; delete it to generate a new secret`);
  return { secret, warning };
}
