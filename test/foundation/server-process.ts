/**
 * Runs the real entry point (`node --import tsx src/server.ts`) as a child process, in a
 * temporary working directory so a developer's `.env` never leaks into the test.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
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

/** Resolves with the port once the server logs that it listens; collects every log line. */
export function waitForListening(child: ServerProcess, lines: Record<string, unknown>[]): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      const listening = /^Server listening at http:\/\/127\.0\.0\.1:(\d+)$/.exec(String(line.msg));
      if (listening) resolve(Number(listening[1]));
    });
  });
}
