/**
 * PGlite does not lock its data directory, and two processes writing one directory corrupt it.
 * A lock file holding the owner's pid keeps a second server (or `npm run user:role` while the
 * server runs) out with a clear error; a lock left by a process that no longer exists is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {}

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
  const path = join(dataDir, 'invoice-api.lock');
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(path, 'utf8'));
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new DataDirInUseError(
        `The embedded database in ${dataDir} is in use by process ${owner}; only one process may open it ` +
          `(stop it, or set DATABASE_URL to use PostgreSQL). If no such process runs, delete ${path}.`,
      );
    }
    rmSync(path, { force: true });
  }
}
