/**
 * Runs the real entry point (`node --import tsx src/server.ts`) as a child process, in a
 * temporary working directory so a developer's `.env` never leaks into the test.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const serverEntry = fileURLToPath(new URL('../../src/server.ts', import.meta.url));

export type ServerProcess = ChildProcessByStdio<null, Readable, Readable>;

export function spawnServer(cwd: string, env: Record<string, string>): ServerProcess {
  return spawn(process.execPath, ['--import', tsxLoader, serverEntry], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Everything the process printed, and its exit code, once it has exited. */
export async function runToExit(child: ServerProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}
