/**
 * What the dispatcher needs of the delivery queue in the database: the webhook-deliveries
 * service implements it, and the webhooks plugin hands it over, so the dispatcher sits below
 * the services it drives.
 */
import type { Transaction } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';

export interface ClaimedDelivery {
  deliveryId: string;
  leaseId: string;
  /** This attempt's number (1 for the first). */
  attempt: number;
  url: string;
  secrets: string[];
  eventId: string;
  body: string;
}

export interface AttemptResult {
  status: number | null;
  error: string | null;
  durationMs: number;
  /** Delivered (2xx), retry after `retryInMs`, or given up (no retries left, or 410 Gone). */
  outcome: { kind: 'delivered' } | { kind: 'retry'; retryInMs: number } | { kind: 'failed'; disableEndpoint: boolean };
}

export interface DeliveryQueue {
  /** Claims up to `limit` due deliveries, leased for `leaseMs`. */
  claimDue(trx: Transaction<DB>, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /** Logs a finished attempt and moves its delivery on; ends the lease. */
  record(trx: Transaction<DB>, delivery: ClaimedDelivery, result: AttemptResult): Promise<void>;
  /** Gives a claimed delivery back without counting an attempt. */
  release(trx: Transaction<DB>, delivery: ClaimedDelivery): Promise<void>;
  /** When the next pending delivery falls due, or null when none is pending. */
  nextDueAt(db: Executor): Promise<string | null>;
}
