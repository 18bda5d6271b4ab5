import type { FastifyServerOptions } from 'fastify';

export type LogLine = Record<string, unknown> & { level: number; msg?: string; reqId?: string };

/** A `logger` build option that keeps every JSON log line in memory for assertions. */
export function captureLogs(): { lines: LogLine[]; logger: FastifyServerOptions['logger'] } {
  const lines: LogLine[] = [];
  return { lines, logger: { level: 'info', stream: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) } } };
}
