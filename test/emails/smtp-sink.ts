/**
 * A real SMTP server in the test process (smtp-server, from the nodemailer project) that keeps
 * what it receives, parsed with mailparser, and can refuse: `answers` picks the answer to each
 * message's DATA (by the order it arrived) or each RCPT TO.
 */
import { type AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Config } from '../../base/config.js';
import { type TestApp, type TestAppOptions, createTestApp } from '../helpers/app.js';

export interface ReceivedMail {
  parsed: ParsedMail;
  raw: Buffer;
  /** The envelope's RCPT TO addresses (bcc included). */
  recipients: string[];
}

/** An SMTP error code to answer, or undefined to accept. */
export type SmtpAnswer = number | undefined;

export interface SmtpSinkOptions {
  /** Answer to the nth message's DATA (1-based). */
  onData?: (n: number) => SmtpAnswer;
  /** Answer to each RCPT TO. */
  onRecipient?: (address: string) => SmtpAnswer;
}

export interface SmtpSink {
  url: string;
  /** How it answers from now on (tests change it between cases). */
  answers: SmtpSinkOptions;
  received: ReceivedMail[];
  /** How many DATA commands arrived since the last reset, accepted or not. */
  dataAttempts(): number;
  /** How many SMTP connections were opened since the last reset. */
  connections(): number;
  /** Forgets what arrived and answers everything with OK again. */
  reset(): void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

const smtpError = (code: number) => Object.assign(new Error(code >= 500 ? 'Refused for good' : 'Try again later'), { responseCode: code });

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const answers: SmtpSinkOptions = {};
  let attempts = 0;
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onRcptTo(address, _session, callback) {
      const code = answers.onRecipient?.(address.address);
      callback(code ? smtpError(code) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        attempts += 1;
        const code = answers.onData?.(attempts);
        if (code) {
          callback(smtpError(code));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            received.push({ parsed, raw, recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address) });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    answers,
    received,
    dataAttempts: () => attempts,
    connections: () => connections,
    reset() {
      attempts = 0;
      connections = 0;
      received.length = 0;
      answers.onData = undefined;
      answers.onRecipient = undefined;
    },
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type MailingTestApp = TestApp & { readonly sink: SmtpSink };

/**
 * An app listening on a free port that sends over SMTP to its own sink, for a describe block: the
 * sink starts first, both close after, and the sink forgets what it received before each test.
 * The scheduler's period is a minute unless told: what a commit queues wakes the engine, nothing polls.
 */
export function useMailingApp(overrides: Partial<Config> = {}, options: TestAppOptions = {}): MailingTestApp {
  let sink: SmtpSink | undefined;
  let built: TestApp | undefined;
  beforeAll(async () => {
    sink = await startSmtpSink();
    built = await createTestApp({ SMTP_URL: sink.url, SCHEDULER_INTERVAL_MS: 60_000, ...overrides }, options);
    await built.app.listen({ host: '127.0.0.1', port: 0 });
  }, 180_000);
  afterAll(async () => {
    await built?.close();
    await sink?.close();
  });
  beforeEach(() => sink?.reset());
  const current = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useMailingApp(): the app and its sink exist only inside hooks and tests');
    return value;
  };
  return {
    get app() {
      return current(built).app;
    },
    get config() {
      return current(built).config;
    },
    get sink() {
      return current(sink);
    },
    close: () => current(built).close(),
  };
}
