/**
 * Generates a TypeScript client with @hey-api/openapi-ts (0.95: the last line that runs on
 * Node 20) from a document, with its type transformers on: int64 as bigint, dates as Date.
 * The output goes under test/sdk/generated/ (gitignored), never committed.
 */
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createClient as generateClient } from '@hey-api/openapi-ts';

export const generatedDir = fileURLToPath(new URL('./generated/hey-api/', import.meta.url));

export async function generateHeyApiClient(documentFile: string): Promise<void> {
  await rm(generatedDir, { recursive: true, force: true });
  await generateClient({
    input: documentFile,
    output: { path: generatedDir },
    plugins: [
      '@hey-api/client-fetch',
      '@hey-api/typescript',
      { name: '@hey-api/sdk', transformer: true },
      { name: '@hey-api/transformers', bigInt: true, dates: true },
    ],
    logs: { level: 'silent' },
  });
}
