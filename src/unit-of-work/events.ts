/**
 * Domain events: what a write service reports it changed. The unit of work collects the reports
 * of its transaction, hands them to the in-transaction hooks (the events table) just before the
 * commit and to the after-commit hooks (metrics) once committed. A request that fails reports
 * nothing (its transaction rolls back with its reports), and an idempotent replay runs no work.
 *
 * Rules (contract v1.1, "Settled details"): a transition reports its own type only; an edit
 * reports `*.updated`; `/pay` reports `payment.created` then `invoice.paid`; a payment that
 * settles an invoice reports `payment.created` and `invoice.paid`; `*.deleted` carries the
 * resource as it was before deletion. `object` is always the resource as `GET` returns it.
 */
import type { Transaction } from 'kysely';
import { type DomainEventShape, type DomainEventType, domainEventTypes } from '../../schemas/event-types.js';
import type { DB } from '../../db/types.js';

export { type DomainEventType, domainEventTypes };

/** A change and whose it is: `userId` owns the resource, and the event (GET /events is per user). */
export type DomainEvent = DomainEventShape & { userId: string };

// Fails to compile when a listed type has no shape, or a shape names an unlisted type.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const everyTypeHasAShape: Exact<DomainEvent['type'], DomainEventType> = true;
void everyTypeHasAShape;

const logs = new WeakMap<Transaction<DB>, DomainEvent[]>();

/**
 * Reports a change made in `trx`, which must be a unit-of-work transaction: reports are kept in
 * the order made and only count once that transaction commits.
 */
export function reportEvent(trx: Transaction<DB>, event: DomainEvent): void {
  const log = logs.get(trx);
  if (!log) throw new Error(`${event.type} reported on a transaction the unit of work did not open`);
  log.push(event);
}

/** Starts collecting the reports made in `trx` (the unit of work does, when it opens it). */
export function startEventLog(trx: Transaction<DB>): void {
  logs.set(trx, []);
}

/** The reports made in `trx` so far, in order. */
export function reportedEvents(trx: Transaction<DB>): readonly DomainEvent[] {
  return logs.get(trx) ?? [];
}

/** Forgets the reports made after the first `length` (their changes were rolled back to a savepoint). */
export function truncateEventLog(trx: Transaction<DB>, length: number): void {
  logs.get(trx)?.splice(length);
}
