/**
 * How a message leaves: over SMTP (nodemailer, pooled connections, STARTTLS when the server offers
 * it on smtp://, TLS from the start on smtps://, bounded timeouts), or, without an SMTP_URL
 * outside production, as an RFC 5322 `.eml` file under the mail directory, so a newcomer can open
 * what would have been sent. The Message-ID is ours (the same on every retry of one message).
 * Either way the message is composed into one Buffer first and handed over whole: streamed, its
 * MIME parts went to the SMTP socket in hundreds of small writes, a system call each (issue 28).
 * nodemailer is imported by the first message, not at start: most processes never send one.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Transporter } from 'nodemailer';

export interface OutgoingAttachment {
  fileName: string;
  contentType: string;
  content: Uint8Array;
}

export interface OutgoingMessage {
  /** Without angle brackets. */
  messageId: string;
  to: readonly string[];
  cc: readonly string[];
  bcc: readonly string[];
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  attachments: readonly OutgoingAttachment[];
}

export interface MailTransport {
  /** `smtp` or `file`. */
  readonly mode: 'smtp' | 'file';
  /** Resolves once the SMTP server accepted the message (or the file is written); throws otherwise. */
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

export interface MailTransportOptions {
  smtpUrl: string | undefined;
  from: string;
  mailDir: string;
  /** Hears where each .eml file was written. */
  onFileWritten?: (path: string) => void;
}

// Connection, greeting and inactivity bounds: a dead or silent server is a temporary failure
// well within the task's lease (JOB_LEASE_MS, default 60 s).
const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 20_000;
/** SMTP connections the pool keeps open at most. */
export const MAX_CONNECTIONS = 5;

/** The domain Message-IDs are minted in: MAIL_FROM's. */
export function messageIdDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'localhost';
}

function mailOptions(from: string, message: OutgoingMessage) {
  return {
    from,
    to: [...message.to],
    cc: [...message.cc],
    bcc: [...message.bcc],
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: `<${message.messageId}>`,
    attachments: message.attachments.map((attachment) => ({
      filename: attachment.fileName,
      contentType: attachment.contentType,
      content: Buffer.from(attachment.content),
    })),
  };
}

/** The message as it goes on the wire (CRLF line ends; Bcc only in the envelope) and its envelope. */
async function composed(from: string, message: OutgoingMessage) {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const mime = new MailComposer(mailOptions(from, message)).compile();
  return { raw: await mime.build(), envelope: mime.getEnvelope() };
}

export function createMailTransport({ smtpUrl, from, mailDir, onFileWritten }: MailTransportOptions): MailTransport {
  if (smtpUrl) {
    // Made at the first message and kept: one pool of connections for every message.
    let transporter: Promise<Transporter> | undefined;
    const pooled = () =>
      (transporter ??= import('nodemailer').then(({ default: nodemailer }) =>
        nodemailer.createTransport({
          pool: true,
          url: smtpUrl,
          maxConnections: MAX_CONNECTIONS,
          connectionTimeout: CONNECTION_TIMEOUT_MS,
          greetingTimeout: GREETING_TIMEOUT_MS,
          socketTimeout: SOCKET_TIMEOUT_MS,
        }),
      ));
    return {
      mode: 'smtp',
      async send(message) {
        const { raw, envelope } = await composed(from, message);
        await (await pooled()).sendMail({ envelope, raw });
      },
      close: () => void transporter?.then((made) => made.close()),
    };
  }
  return {
    mode: 'file',
    async send(message) {
      const { raw } = await composed(from, message);
      await mkdir(mailDir, { recursive: true });
      const path = resolve(join(mailDir, `${message.messageId.replace(/[^A-Za-z0-9.@-]/g, '_')}.eml`));
      await writeFile(path, raw);
      onFileWritten?.(path);
    },
    close: () => undefined,
  };
}

/**
 * Whether a failed send is permanent: an SMTP 5xx answer (for every recipient, when recipients
 * were refused; nodemailer reports a 4xx when any recipient was only deferred). Anything else,
 * a 4xx, a refused or dropped connection, a timeout, is temporary: retried with backoff.
 */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** A short, log-safe account of a failed send. */
export function describeFailure(error: unknown): string {
  const { message, response } = (error ?? {}) as { message?: unknown; response?: unknown };
  const text = typeof response === 'string' && response ? response : typeof message === 'string' ? message : String(error);
  return text.replaceAll(/[\r\n]+/g, ' ').slice(0, 500);
}
