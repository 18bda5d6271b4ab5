/**
 * Before a scenario is measured, one of its requests goes to each server: each must answer the
 * expected status and the very JSON ours answers (so the bare and conventional servers stay the
 * same API as ours changes); a write's answer with what each write makes new (ids, timestamps)
 * masked, since every server creates its own rows.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { Scenario, ServerName } from './scenarios.js';
import type { BenchServer } from './servers.js';

/** Where two JSON values first differ, as a JSON pointer, or undefined. */
function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path || '/'}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const difference = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}/${key}`);
    if (difference) return difference;
  }
  return path;
}

async function send(port: number, requestLine: string) {
  const [method = 'GET', path = '/', token = '', body = ''] = requestLine.split('\t');
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body } : {}),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: compared as text
  }
  return { method, status: response.status, json };
}

const READS_CHECKED = 20;

/**
 * What differs between two servers' answers to the same write however right both are: new ids, the
 * time they were made, and a login's signed token (its claims' order and issue time are the signer's).
 */
const volatileKeys = new Set(['id', 'createdAt', 'updatedAt', 'paidAt', 'accessToken', 'refreshToken']);

/** `value` with every string under a volatile key replaced by a placeholder. */
function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [key, volatileKeys.has(key) && typeof entry === 'string' ? '(new)' : masked(entry)]),
  );
}

/** Problems found with `scenario` on these servers (none: it may be measured): up to 20 of its reads, or its first write. */
export async function checkScenario(scenario: Scenario, servers: Map<ServerName, BenchServer>, requestFile: string): Promise<string[]> {
  const lines = readFileSync(requestFile, 'utf8').trimEnd().split('\n');
  const isRead = lines[0]?.startsWith('GET\t');
  const step = isRead ? Math.max(1, Math.floor(lines.length / READS_CHECKED)) : lines.length;
  for (let index = 0; index < lines.length; index += step) {
    const problems = await checkRequest(scenario, servers, lines[index] ?? '');
    if (problems.length > 0) return problems;
  }
  return [];
}

async function checkRequest(scenario: Scenario, servers: Map<ServerName, BenchServer>, requestLine: string): Promise<string[]> {
  const answers = new Map<ServerName, Awaited<ReturnType<typeof send>>>();
  for (const name of scenario.servers) {
    const server = servers.get(name);
    if (server) answers.set(name, await send(server.port, requestLine));
  }
  const problems: string[] = [];
  const where = `${scenario.key} (${requestLine.split('\t').slice(0, 2).join(' ')})`;
  const ours = answers.get('ours');
  for (const [name, answer] of answers) {
    if (answer.status !== scenario.status) {
      problems.push(`${where}: ${name} answered ${answer.status}, not ${scenario.status}: ${JSON.stringify(answer.json).slice(0, 300)}`);
      continue;
    }
    if (!ours || name === 'ours' || ours.status !== scenario.status) continue;
    const difference =
      answer.method === 'GET' ? firstDifference(ours.json, answer.json) : firstDifference(masked(ours.json), masked(answer.json));
    if (difference !== undefined) problems.push(`${where}: ${name}'s JSON differs from ours at ${difference || '/'}`);
  }
  return problems;
}
