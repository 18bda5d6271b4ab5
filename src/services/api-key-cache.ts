/**
 * Keys verified lately, by the SHA-256 of the key: a request with a cached key costs a hash and a
 * map lookup, less than a JWT's verification, instead of a query. It is only as fresh as the
 * revocations it hears: the app turns it on while every revocation reaches it (its LISTEN
 * connection is up; on the embedded database, from the start, since local deletes evict
 * directly) and off while they may not, when every lookup bypasses it and reads the database.
 * Entries live `ttlMs` at most (a revocation missed by a silently dead connection does not last),
 * the oldest go first past `maxEntries`. A lookup that read the database stores its answer only if
 * nothing was evicted since it began, so a revocation racing the read cannot be undone by it.
 */
export interface CachedKey<T> {
  value: T;
  /** The key's own expiry (ms since the epoch), checked on every use; null when it never expires. */
  expiresAtMs: number | null;
  /** When its use was last written (lastUsedAt), so a busy key writes it at most once a minute. */
  lastUsedMs: number;
}

/** How a lookup went: found in the cache, not found there, or the cache was off. */
export type CacheLookup = 'hit' | 'miss' | 'bypass';

export interface ApiKeyCache<T> {
  /** The live entry of `keyHash`, or undefined (the cache is off, or it has none or only an old one). */
  get(keyHash: string): CachedKey<T> | undefined;
  /** Taken before reading the database; `set` stores only with a ticket no eviction has outdated. */
  ticket(): number;
  set(ticket: number, keyHash: string, entry: CachedKey<T>): void;
  delete(keyHash: string): void;
  /** Forgets every entry `matches` picks (e.g. the keys of a user whose keys changed). */
  evict(matches: (value: T) => boolean): void;
  /** Every revocation reaches the cache from now on: it starts empty. */
  enable(): void;
  /** Revocations may be missed from now on: forget everything and bypass. */
  disable(): void;
}

export interface ApiKeyCacheOptions {
  ttlMs: number;
  maxEntries: number;
  onLookup?: (result: CacheLookup) => void;
}

export function createApiKeyCache<T>({ ttlMs, maxEntries, onLookup }: ApiKeyCacheOptions): ApiKeyCache<T> {
  const entries = new Map<string, CachedKey<T> & { storedAtMs: number }>();
  let enabled = false;
  let generation = 0;
  const forgetAll = () => {
    entries.clear();
    generation += 1;
  };

  return {
    get(keyHash) {
      if (!enabled) {
        onLookup?.('bypass');
        return undefined;
      }
      const entry = entries.get(keyHash);
      if (entry && Date.now() - entry.storedAtMs >= ttlMs) {
        entries.delete(keyHash);
        onLookup?.('miss');
        return undefined;
      }
      onLookup?.(entry ? 'hit' : 'miss');
      return entry;
    },
    ticket: () => generation,
    set(ticket, keyHash, entry) {
      if (!enabled || ticket !== generation) return;
      entries.delete(keyHash);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(keyHash, { ...entry, storedAtMs: Date.now() });
    },
    delete(keyHash) {
      entries.delete(keyHash);
    },
    evict(matches) {
      generation += 1;
      for (const [keyHash, entry] of entries) if (matches(entry.value)) entries.delete(keyHash);
    },
    enable() {
      forgetAll();
      enabled = true;
    },
    disable() {
      enabled = false;
      forgetAll();
    },
  };
}
