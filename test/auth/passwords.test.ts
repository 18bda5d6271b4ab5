import argon2 from 'argon2';
import { describe, expect, it, vi } from 'vitest';
import { createPasswordHasher } from '../../src/services/passwords.js';

const configured = { ARGON2_MEMORY_KIB: 2048, ARGON2_TIME_COST: 2, ARGON2_PARALLELISM: 1 };
const ungated = { run: <T>(task: () => Promise<T>) => task() };
const passwords = createPasswordHasher(configured, ungated);
const PASSWORD = 'correct horse battery staple';

const hashWith = (options: { type?: 0 | 1 | 2; memoryCost: number; timeCost: number; parallelism: number }) =>
  argon2.hash(PASSWORD, { type: argon2.argon2id, ...options });

describe('password hasher', () => {
  it('hashes with argon2id and the configured cost, and verifies', async () => {
    const hash = await passwords.hash(PASSWORD);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=2048,p=1,t=2\$/);
    expect(await passwords.verify(hash, PASSWORD)).toBe(true);
    expect(await passwords.verify(hash, `${PASSWORD}!`)).toBe(false);
  });

  it('treats a stored value that is not an argon2 hash as a mismatch', async () => {
    expect(await passwords.verify('not-a-hash', PASSWORD)).toBe(false);
  });

  it('spends a verification on unknown users and always answers false', async () => {
    expect(await passwords.verifyUnknownUser(PASSWORD)).toBe(false);
    expect(await passwords.verifyUnknownUser('dummy password for unknown users')).toBe(false);
  });

  it('has the dummy hash ready, so even the first unknown-user check costs one verification only', async () => {
    const fresh = createPasswordHasher(configured, ungated);
    const hashing = vi.spyOn(argon2, 'hash');
    try {
      expect(await fresh.verifyUnknownUser(PASSWORD)).toBe(false);
      expect(hashing).not.toHaveBeenCalled();
    } finally {
      hashing.mockRestore();
    }
  });

  it.each([
    ['less memory', { memoryCost: 1024, timeCost: 2, parallelism: 1 }, true],
    ['fewer passes', { memoryCost: 2048, timeCost: 1, parallelism: 1 }, true],
    ['argon2i instead of argon2id', { type: argon2.argon2i, memoryCost: 2048, timeCost: 2, parallelism: 1 }, true],
    ['the configured cost', { memoryCost: 2048, timeCost: 2, parallelism: 1 }, false],
    ['a stronger cost', { memoryCost: 4096, timeCost: 3, parallelism: 1 }, false],
  ] as const)('calls a hash with %s (%o) weaker: %s', async (_name, options, weaker) => {
    expect(passwords.isWeakerThanConfigured(await hashWith(options))).toBe(weaker);
  });
});
