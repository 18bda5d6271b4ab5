/**
 * PGlite does not lock its data directory, and two processes writing one directory corrupt it.
 * A lock file holding the owner's pid keeps a second server (or `npm run user:role` while the
 * server runs) out with a clear error; a lock left by a process that no longer exists is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';

export class DataDirInUseError extends Error {}

/**
 * Lock files this process holds. One naming our own pid that is not in here was left by an earlier
 * run that had the same pid (a container's pid 1 after a restart).
 */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock on `dataDir` for this process; returns its release. */
export function lockDataDir(dataDir: string): () => void {
  const path = resolve(dataDir, 'invoice-api.lock');
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(path);
      return () => {
        if (!heldHere.delete(path)) return;
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(path, 'utf8'));
    const ownedElsewhere = owner !== process.pid || heldHere.has(path);
    if (Number.isInteger(owner) && owner > 0 && ownedElsewhere && isAlive(owner)) {
      throw new DataDirInUseError(
        `The embedded database in ${dataDir} is in use by process ${owner}; only one process may open it ` +
          `(stop it, or set DATABASE_URL to use PostgreSQL). If no such process runs, delete ${path}.`,
      );
    }
    rmSync(path, { force: true });
  }
}
