/**
 * argon2id password hashing with the configured cost. Checking a login for an unknown email
 * still runs one verification (against a dummy hash with the same cost), so both failures take
 * about the same time and do not reveal which emails are registered. Every hash and verification
 * runs through the app's one hashing gate, so a login flood queues instead of taking every core.
 */
import argon2, { type HashOptions } from 'argon2';
import type { ConcurrencyGate } from '../concurrency-gate.js';
import type { Config } from '../../base/config.js';

export type PasswordCost = Pick<Config, 'ARGON2_MEMORY_KIB' | 'ARGON2_TIME_COST' | 'ARGON2_PARALLELISM'>;

const ARGON2_VERSION = 0x13;
const phcHeader = /^\$(argon2(?:id|i|d))\$v=(\d+)\$([a-z]=\d+(?:,[a-z]=\d+)*)\$/;

/** `$argon2id$v=19$m=19456,p=1,t=2$…` → its type, version and m/t/p (in whatever order they are written). */
function parsePhcHeader(storedHash: string) {
  const match = phcHeader.exec(storedHash);
  if (!match) return undefined;
  const [, type, version, list = ''] = match;
  const params = new Map(list.split(',').map((pair) => [pair[0], Number(pair.slice(2))] as const));
  return { type, version: Number(version), m: params.get('m') ?? 0, t: params.get('t') ?? 0, p: params.get('p') ?? 0 };
}

export function createPasswordHasher(cost: PasswordCost, gate: Pick<ConcurrencyGate, 'run'>) {
  const options = {
    type: argon2.argon2id,
    memoryCost: cost.ARGON2_MEMORY_KIB,
    timeCost: cost.ARGON2_TIME_COST,
    parallelism: cost.ARGON2_PARALLELISM,
  } satisfies HashOptions;
  const hash = (password: string) => gate.run(() => argon2.hash(password, options));
  // Made up front, outside the gate: made on first use, the first unknown-email login would cost
  // a hash on top of the verification, and be the slow (revealing) one.
  const dummyHash = argon2.hash('dummy password for unknown users', options);

  // A stored value that is not an argon2 PHC string (a placeholder, say) matches nothing; a
  // refusal by the gate is not caught here and becomes the 503 it is.
  const verify = (storedHash: string, password: string): Promise<boolean> =>
    gate.run(() => argon2.verify(storedHash, password).catch(() => false));

  return {
    hash,
    verify,

    /** Spends the time of one verification and answers false: the path for an unknown email. */
    async verifyUnknownUser(password: string): Promise<false> {
      await verify(await dummyHash, password);
      return false;
    },

    /** True when the stored hash is not argon2id or is cheaper in any parameter than the configured cost. */
    isWeakerThanConfigured(storedHash: string): boolean {
      const stored = parsePhcHeader(storedHash);
      if (!stored || stored.type !== 'argon2id') return true;
      if (!argon2.needsRehash(storedHash, options)) return false;
      return (
        stored.version < ARGON2_VERSION ||
        stored.m < options.memoryCost ||
        stored.t < options.timeCost ||
        stored.p < options.parallelism
      );
    },
  };
}

export type PasswordHasher = ReturnType<typeof createPasswordHasher>;
