/**
 * The email benchmark's SMTP server (smtp-server, as in test/emails): accepts every message and
 * keeps only its Message-ID, envelope recipients and size. Unlike the tests' sink it parses
 * nothing, so the load generator's share of the two cores stays small.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SunkMessage {
  /** Without angle brackets; null when the header is missing. */
  messageId: string | null;
  recipients: string[];
  bytes: number;
}

export interface CountingSmtpSink {
  url: string;
  received: SunkMessage[];
  close(): Promise<void>;
}

/** The headers end within this many bytes in every message the API writes. */
const HEADER_BYTES = 16 * 1024;
const END_OF_HEADERS = '\r\n\r\n';

export async function startCountingSmtpSink(): Promise<CountingSmtpSink> {
  const received: SunkMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let head = '';
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (head.length < HEADER_BYTES && !head.includes(END_OF_HEADERS)) head += chunk.toString('latin1', 0, HEADER_BYTES);
      });
      stream.on('end', () => {
        const headers = head.slice(0, head.indexOf(END_OF_HEADERS));
        const messageId = /^Message-ID:\s*<([^>\r\n]+)>/im.exec(headers)?.[1] ?? null;
        received.push({ messageId, recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address), bytes });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
