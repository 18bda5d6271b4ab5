/** What `npm run bench` measures: each scenario's requests, the servers that answer it and the status it expects. */
import type { RequestSet } from './workload.js';

export const serverNames = ['ours', 'bare', 'conventional'] as const;
export type ServerName = (typeof serverNames)[number];

export const scenarioKeys = ['get', 'get-api-key', 'list', 'deep', 'create', 'payment', 'login', 'get-during-logins', 'health', 'hosted-page', 'hosted-page-paced'] as const;
export type ScenarioKey = (typeof scenarioKeys)[number];

export interface Scenario {
  key: ScenarioKey;
  title: string;
  requests: RequestSet;
  servers: readonly ServerName[];
  status: number;
  /** Requests another wrk sends to the same server all along (the login flood). */
  flood?: RequestSet;
  /** wrk's connections when the scenario's target names its own (else BENCH_CONNECTIONS). */
  connections?: number;
  /** Each connection waits this long after a response before its next request (a reader, not a load generator). */
  thinkMs?: number;
}

const everyServer = serverNames;
const notBare = ['ours', 'conventional'] as const;

export function scenarios(deepOffset: number): Scenario[] {
  return [
    { key: 'get', title: 'GET /invoices/:id', requests: 'get', servers: everyServer, status: 200 },
    // API-key authentication against the JWT of `get` (the reference servers know no API keys).
    { key: 'get-api-key', title: 'GET /invoices/:id with an API key', requests: 'get-api-key', servers: ['ours'], status: 200 },
    { key: 'list', title: 'GET /invoices?limit=20', requests: 'list', servers: everyServer, status: 200 },
    { key: 'deep', title: `same, ${deepOffset.toLocaleString('en')} rows deep`, requests: 'deep', servers: everyServer, status: 200 },
    { key: 'create', title: 'POST /invoices (5 items)', requests: 'create', servers: everyServer, status: 201 },
    { key: 'payment', title: 'POST …/payments', requests: 'payment', servers: everyServer, status: 201 },
    { key: 'login', title: 'POST /auth/login', requests: 'login', servers: notBare, status: 200 },
    { key: 'get-during-logins', title: 'GET /invoices/:id during a login flood', requests: 'get', flood: 'login', servers: notBare, status: 200 },
    { key: 'health', title: 'GET /health/live', requests: 'health', servers: everyServer, status: 200 },
    // Server-rendered HTML (Eta, the QR code): the reference servers have no hosted page.
    { key: 'hosted-page', title: 'GET /i/:token (hosted page, 50 connections)', requests: 'hosted', servers: ['ours'], status: 200, connections: 50 },
    // The same 50 connections as customers open it: each reads a page for 250 ms on average, at random, before the next (≈ 200 views/s).
    {
      key: 'hosted-page-paced',
      title: 'GET /i/:token (50 connections, 250 ms between views on average)',
      requests: 'hosted',
      servers: ['ours'],
      status: 200,
      connections: 50,
      thinkMs: 250,
    },
  ];
}
