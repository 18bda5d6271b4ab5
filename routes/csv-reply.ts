/**
 * CSV answers: the whole text of a small table (a report), or a file streamed batch by batch (an
 * export). RFC 4180 quoting by csv-stringify; the cells come already formatted and guarded
 * (src/domain/csv-cells.ts). A stream pulls its next batch only when the response has room for it:
 * `Readable.from` asks the iterator for more only below its high-water mark, and Fastify pipes it to
 * the socket, which stops reading while the client does. A failure after the first byte aborts the
 * response, so a client never takes a truncated file for a whole one.
 */
import { Readable } from 'node:stream';
import { type Options, stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import Negotiator from 'negotiator';

const csvOptions: Options = { record_delimiter: 'windows' };
const CSV_TYPE = 'text/csv; charset=utf-8';

const csvText = (records: readonly (readonly string[])[]) => stringify(records as string[][], csvOptions);

function asCsvFile(reply: FastifyReply, fileName: string): FastifyReply {
  return reply.type(CSV_TYPE).header('content-disposition', `attachment; filename="${fileName}"`);
}

/** Whether the request's Accept header prefers CSV to JSON (JSON when it names neither). */
export function prefersCsv(headers: Record<string, string | string[] | undefined>): boolean {
  return new Negotiator({ headers }).mediaType(['application/json', 'text/csv']) === 'text/csv';
}

/** A small table as one CSV text. */
export function sendCsvTable(reply: FastifyReply, fileName: string, columns: readonly string[], rows: string[][]) {
  return asCsvFile(reply, fileName).send(csvText([columns, ...rows]));
}

/** A CSV file streamed from its batches of records, header row first. */
export function sendCsvStream(reply: FastifyReply, fileName: string, columns: readonly string[], batches: AsyncIterable<string[][]>) {
  async function* chunks() {
    yield csvText([columns]);
    for await (const batch of batches) yield csvText(batch);
  }
  return asCsvFile(reply, fileName).send(Readable.from(chunks(), { objectMode: false }));
}
