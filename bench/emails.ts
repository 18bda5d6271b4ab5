/**
 * Email batch throughput (`npm run bench -- --emails`; the smoke run does a small one): `messages`
 * sent invoices emailed again in one transaction through the services POST /invoices/:id/send runs
 * (sendInvoice, then emailInvoice: recipient from the client, words in its language, the PDF
 * attached, one `email.send` task each), then delivered by the background engine of one instance
 * of ours, then of two, to a local SMTP sink (bench/smtp-sink.ts): messages per second from the
 * commit to the last message recorded as sent. Every message carries the same PDF, rendered once
 * by the server (rendering is the send request's work, measured by bench:pdf, not the delivery's).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createDatabase } from '../db/database.js';
import { documentFileName } from '../routes/document-reply.js';
import { emailInvoice } from '../src/services/document-emails.js';
import { EMAIL_SEND_KIND } from '../src/services/emails.js';
import { sendInvoice } from '../src/services/invoice-lifecycle.js';
import { createUnitOfWork } from '../src/unit-of-work/unit-of-work.js';
import { cpuSeconds, stopServer } from './processes.js';
import { targetLine } from './report.js';
import { type BenchServer, startBenchServer } from './servers.js';
import { type CountingSmtpSink, startCountingSmtpSink } from './smtp-sink.js';
import { signAccessToken } from './tokens.js';

const PORTS = [3331, 3332];
const POLL_MS = 100;
/** MAIL_FROM's domain (the default): every Message-ID is `<email id>@localhost`. */
const MESSAGE_ID_DOMAIN = 'localhost';

export const emailBatchSizes = { full: 1_000, smoke: 20 } as const;

interface Invoice {
  id: string;
  user_id: string;
}

interface EmailRun {
  instances: number;
  messages: number;
  queueSeconds: number;
  seconds: number;
  perSecond: number;
  /** CPU time of the servers (all threads) per message sent, from the commit to the last. */
  serverCpuMs: number;
  failedTasks: number;
}

/** Sent invoices whose client has an email, at most `count`. */
async function sentInvoices(db: pg.Client, count: number): Promise<Invoice[]> {
  const { rows } = await db.query<Invoice>(
    `select i.id, i.user_id from invoices i join clients c on c.id = i.client_id
     where i.status = 'sent' and c.email is not null order by i.id limit $1`,
    [count],
  );
  if (rows.length < count) throw new Error(`only ${rows.length} sent invoices to email, ${count} wanted`);
  return rows;
}

/** No message and no delivery task left from an earlier run. */
async function resetEmails(db: pg.Client, sink: CountingSmtpSink): Promise<void> {
  await db.query('delete from email_attachments');
  await db.query('delete from emails');
  await db.query('delete from jobs where kind = $1', [EMAIL_SEND_KIND]);
  sink.received.length = 0;
}

async function renderedPdf(server: BenchServer, { id, user_id }: Invoice): Promise<Buffer> {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/v1/invoices/${id}/pdf`, {
    headers: { authorization: `Bearer ${signAccessToken(user_id)}` },
  });
  if (response.status !== 200) throw new Error(`GET /invoices/${id}/pdf: ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

async function deliver(databaseUrl: string, db: pg.Client, sink: CountingSmtpSink, invoices: Invoice[], instances: number, timeoutMs: number) {
  await resetEmails(db, sink);
  const { db: kysely } = createDatabase({ DATABASE_URL: databaseUrl, DATA_DIR: 'memory://', DB_POOL_MAX: 1, DB_STATEMENT_TIMEOUT_MS: 60_000 });
  const unitOfWork = createUnitOfWork(kysely, (error) => console.error(error));
  const servers: BenchServer[] = [];
  try {
    for (const port of PORTS.slice(0, instances)) servers.push(await startBenchServer('ours', databaseUrl, { port, env: { SMTP_URL: sink.url } }));
    const [first] = servers;
    const [invoice] = invoices;
    if (!first || !invoice) throw new Error('no server or no invoice');
    const pdf = await renderedPdf(first, invoice);
    const queueing = performance.now();
    await unitOfWork.run(async (trx) => {
      for (const { id, user_id } of invoices) {
        const record = await sendInvoice(trx, user_id, id);
        const fileName = documentFileName(record.invoice.number ?? id, 'pdf');
        await emailInvoice(trx, user_id, record, {}, async () => [{ fileName, contentType: 'application/pdf', content: pdf }]);
      }
    });
    const started = performance.now();
    const cpuBefore = servers.reduce((sum, server) => sum + cpuSeconds(server.pid), 0);
    const deadline = Date.now() + timeoutMs;
    let sent = 0;
    while (sent < invoices.length && Date.now() < deadline) {
      await sleep(POLL_MS);
      sent = (await db.query<{ count: number }>("select count(*)::int as count from emails where status = 'sent'")).rows[0]?.count ?? 0;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = servers.reduce((sum, server) => sum + cpuSeconds(server.pid), 0) - cpuBefore;
    const { rows } = await db.query<{ count: number }>("select count(*)::int as count from jobs where kind = $1 and state = 'failed'", [EMAIL_SEND_KIND]);
    const run: EmailRun = {
      instances,
      messages: sent,
      queueSeconds: (started - queueing) / 1000,
      seconds,
      perSecond: sent / seconds,
      serverCpuMs: (cpu * 1000) / sent,
      failedTasks: rows[0]?.count ?? 0,
    };
    return run;
  } finally {
    await kysely.destroy();
    await Promise.all(servers.map(stopServer));
  }
}

/** Checks what arrived: every queued message once, to its recipients, recorded sent after one attempt. */
async function deliveryProblems(db: pg.Client, sink: CountingSmtpSink, expected: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string; to_addresses: string[]; status: string; attempts: number }>(
    'select id, to_addresses, status, attempts from emails',
  );
  const problems: string[] = [];
  if (rows.length !== expected) problems.push(`${rows.length} messages queued, not ${expected}`);
  const unsent = rows.filter((row) => row.status !== 'sent' || row.attempts !== 1).length;
  if (unsent > 0) problems.push(`${unsent} messages not sent at the first attempt`);
  const arrived = new Map(sink.received.map((message) => [message.messageId, message]));
  if (arrived.size !== sink.received.length) problems.push(`${sink.received.length - arrived.size} messages arrived more than once`);
  const misdelivered = rows.filter((row) => {
    const message = arrived.get(`${row.id}@${MESSAGE_ID_DOMAIN}`);
    return !message || message.recipients.join() !== row.to_addresses.join();
  }).length;
  if (misdelivered > 0) problems.push(`${misdelivered} messages missing at the SMTP server or sent to other recipients`);
  return problems;
}

export async function runEmailBench(databaseUrl: string, messages: number, smoke: boolean): Promise<{ section: string; targets: string[]; problems: string[] }> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const sink = await startCountingSmtpSink();
  const problems: string[] = [];
  const runs: EmailRun[] = [];
  let messageKiB = NaN;
  try {
    const invoices = await sentInvoices(db, messages);
    for (const instances of [1, 2]) {
      const run = await deliver(databaseUrl, db, sink, invoices, instances, smoke ? 120_000 : 600_000);
      console.log(
        `emails: ${instances} instance(s): queued ${messages} in ${run.queueSeconds.toFixed(1)} s, ` +
          `${run.messages} sent in ${run.seconds.toFixed(1)} s, ${run.perSecond.toFixed(0)}/s, ` +
          `${run.serverCpuMs.toFixed(1)} ms of server CPU a message, ${run.failedTasks} failed tasks`,
      );
      runs.push(run);
      messageKiB = sink.received.reduce((sum, message) => sum + message.bytes, 0) / sink.received.length / 1024;
      problems.push(...(await deliveryProblems(db, sink, messages)).map((problem) => `emails, ${instances} instance(s): ${problem}`));
      if (run.failedTasks > 0) problems.push(`emails, ${instances} instance(s): ${run.failedTasks} delivery tasks failed`);
    }
    await resetEmails(db, sink);
  } finally {
    await sink.close();
    await db.end();
  }
  const [one, two] = runs;
  const targets = [
    targetLine(`email batch of ${messages.toLocaleString('en')}, one instance`, one?.perSecond ?? NaN, (rate) => `${rate.toFixed(0)} messages/s`, '≥ 100', (rate) => rate >= 100),
  ];
  const section = [
    '## Email batch (`npm run bench -- --emails`)',
    '',
    `${messages.toLocaleString('en')} sent invoices emailed again in one transaction through the services POST /invoices/:id/send runs ` +
      `(the invoice marked sent, the message in the client's language with the PDF attached, ${messageKiB.toFixed(0)} KiB as it arrives, ` +
      'one delivery task each), delivered by the background engine (10 tasks at a time and 5 pooled SMTP connections per instance) ' +
      'to a local SMTP server (smtp-server in the benchmark process, parsing nothing), timed from the commit to the last message recorded as sent.',
    '',
    '| instances | messages sent | queued in s | delivered in s | messages/s | server CPU ms/message | failed tasks |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...runs.map(
      (run) =>
        `| ${run.instances} | ${run.messages.toLocaleString('en')} | ${run.queueSeconds.toFixed(1)} | ${run.seconds.toFixed(1)} | ${run.perSecond.toFixed(0)} | ${run.serverCpuMs.toFixed(1)} | ${run.failedTasks} |`,
    ),
    '',
    ...targets,
    `- two instances ${two?.perSecond.toFixed(0)} messages/s (no target)`,
  ].join('\n');
  return { section, targets, problems };
}
