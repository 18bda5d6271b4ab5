/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and sums self time per category and per function over
 * the samples taken while the load ran (V8's sample clock and process.hrtime are both
 * CLOCK_MONOTONIC), divided by the requests served: µs of CPU per request, by where it went.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTimes {
  /** µs per request by category, and by function ("name url:line"), busy samples only. */
  categories: Map<string, number>;
  functions: Map<string, number>;
  totalUs: number;
}

const packages: [category: string, names: string[]][] = [
  ['fastify', ['fastify', 'find-my-way', 'avvio', '@fastify/error', 'fast-querystring', '@fastify/proxy-addr', 'toad-cache', 'fastify-plugin', 'process-warning', 'rfdc', 'abstract-logging', '@fastify/forwarded', 'light-my-request', '@fastify/type-provider-typebox', 'close-with-grace', 'fast-decode-uri-component', 'fastfall', 'fastseries', 'reusify', 'fastq']],
  ['serialisation (fast-json-stringify)', ['fast-json-stringify', '@fastify/fast-json-stringify-compiler', 'json-schema-ref-resolver', '@fastify/merge-json-schemas']],
  ['validation (ajv, TypeBox)', ['ajv', 'ajv-formats', 'fast-uri', 'json-schema-traverse', 'fast-deep-equal', '@fastify/ajv-compiler', '@sinclair/typebox']],
  ['kysely', ['kysely']],
  ['pg', ['pg', 'pg-protocol', 'pg-pool', 'pg-types', 'postgres-array', 'postgres-date', 'postgres-interval', 'postgres-bytea', 'pg-connection-string', 'pgpass', 'pg-int8']],
  ['jwt', ['@fastify/jwt', 'fast-jwt', 'mnemonist', 'asn1.js', '@lukeed/ms', 'jsonwebtoken', 'jws', 'jwa']],
  ['helmet', ['@fastify/helmet', 'helmet']],
  ['metrics', ['fastify-metrics', 'prom-client', 'tdigest', 'bintrees']],
  ['logging', ['pino', 'pino-std-serializers', 'sonic-boom', 'thread-stream', 'fast-redact', '@pinojs/redact', 'quick-format-unescaped', 'safe-stable-stringify', 'winston', 'logform', 'winston-transport']],
  ['rate limit', ['@fastify/rate-limit']],
  ['express', ['express', 'router', 'body-parser', 'send', 'finalhandler', 'path-to-regexp', 'qs', 'raw-body', 'type-is', 'accepts']],
  ['joi', ['joi', '@hapi/hoek', '@hapi/topo']],
];
/** Native bindings of net sockets: the write and read syscalls of HTTP responses and of the database connections. */
const socketCalls = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString', 'writeUcs2String', 'readStart', 'readStop', 'shutdown', 'onStreamRead']);
const categoryOfPackage = new Map(packages.flatMap(([category, names]) => names.map((name) => [name, category] as const)));

function categoryOf({ functionName, url }: ProfileNode['callFrame']): string | undefined {
  if (functionName === '(idle)' || functionName === '(root)') return undefined;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'V8 (program)';
  if (url === '') {
    if (socketCalls.has(functionName)) return 'node http/streams';
    // fs.writeSync: the logger's lines to stdout (pino's sonic-boom, winston's console).
    if (functionName === 'writeString') return 'logging';
    if (/^(anonymous|validate)\d+$/.test(functionName)) return 'generated serialisers and validators';
    return 'V8 builtins and native';
  }
  if (/^node:(_http|http|net|stream|internal\/(http|stream|streams|net|js_stream|stream_base_commons))/.test(url)) return 'node http/streams';
  if (url.startsWith('node:')) return 'node (other)';
  const modules = url.split('/node_modules/');
  if (modules.length > 1) {
    const path = modules.at(-1) ?? '';
    const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : (path.split('/')[0] ?? path);
    return categoryOfPackage.get(name) ?? name;
  }
  return 'app code';
}

const projectRoot = `${pathToFileURL(process.cwd()).href}/`;

/** Where a function is: package path with its line, or the project file (TypeScript, run through tsx: lines would not match). */
function shortUrl({ url, lineNumber }: ProfileNode['callFrame']): string {
  if (url.includes('/node_modules/')) return `${url.replace(/^.*\/node_modules\//, '')}:${lineNumber + 1}`;
  if (url.startsWith(projectRoot)) return url.slice(projectRoot.length);
  return url.startsWith('node:') ? `${url}:${lineNumber + 1}` : url;
}

/** Self time within [fromUs, toUs] (monotonic µs), per request. */
export function selfTimes(file: string, fromUs: number, toUs: number, requests: number): SelfTimes {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us / requests);
  let totalUs = 0;
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    time += profile.timeDeltas[index] ?? 0;
    const duration = profile.timeDeltas[index + 1] ?? 0;
    const frame = nodes.get(id)?.callFrame;
    const category = frame && categoryOf(frame);
    if (!frame || !category || time < fromUs || time > toUs) return;
    totalUs += duration / requests;
    add(categories, category, duration);
    add(functions, `${frame.functionName || '(anonymous)'} ${shortUrl(frame)}`.trimEnd(), duration);
  });
  return { categories, functions, totalUs };
}

const top = (map: Map<string, number>, count: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count);

/** Categories side by side (ours, bare, difference), then each one's top functions. */
export function renderSelfTimes(ours: SelfTimes, bare: SelfTimes, functionCount = 15): string {
  const names = [...new Set([...ours.categories.keys(), ...bare.categories.keys()])].sort(
    (a, b) => (ours.categories.get(b) ?? 0) - (bare.categories.get(b) ?? 0) - ((ours.categories.get(a) ?? 0) - (bare.categories.get(a) ?? 0)),
  );
  const us = (value = 0) => value.toFixed(1).padStart(8);
  const lines = [`${'category'.padEnd(38)} ${'ours'.padStart(8)} ${'bare'.padStart(8)} ${'+/-'.padStart(8)}   (self µs per request)`];
  for (const name of names) {
    const [a, b] = [ours.categories.get(name) ?? 0, bare.categories.get(name) ?? 0];
    lines.push(`${name.padEnd(38)} ${us(a)} ${us(b)} ${us(a - b)}`);
  }
  lines.push(`${'total (busy samples)'.padEnd(38)} ${us(ours.totalUs)} ${us(bare.totalUs)} ${us(ours.totalUs - bare.totalUs)}`);
  for (const [label, times] of [['ours', ours], ['bare', bare]] as const) {
    lines.push('', `top functions, ${label} (self µs per request):`);
    for (const [name, value] of top(times.functions, functionCount)) lines.push(`${us(value)}  ${name}`);
  }
  return lines.join('\n');
}
