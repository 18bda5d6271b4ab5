import { describe, expect, it } from 'vitest';
import { createConcurrencyGate } from '../../src/concurrency-gate.js';

class Refused extends Error {}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

function gateWith(limit: number, maxQueued: number, maxWaitMs = 10_000) {
  const events: string[] = [];
  const gate = createConcurrencyGate({
    limit,
    maxQueued,
    maxWaitMs,
    refusal: () => new Refused(),
    observer: { admitted: () => events.push('admitted'), refused: () => events.push('refused') },
  });
  return { gate, events };
}

describe('concurrency gate', () => {
  it('runs at most `limit` tasks at once and lets the waiters in first come, first served', async () => {
    const { gate, events } = gateWith(2, 10);
    const blockers = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const results = blockers.map((blocker, index) =>
      gate.run(async () => {
        started.push(index);
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await blocker.promise;
        running -= 1;
        return index;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(gate.stats()).toEqual({ running: 2, queued: 2 });
    blockers[1]!.resolve();
    await results[1];
    await new Promise((done) => setImmediate(done));
    expect(started).toEqual([0, 1, 2]);
    for (const blocker of blockers) blocker.resolve();
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3]);
    expect(mostAtOnce).toBe(2);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(gate.stats()).toEqual({ running: 0, queued: 0 });
    expect(events).toEqual(['admitted', 'admitted', 'admitted', 'admitted']);
  });

  it('refuses at once when the line is full, without running the task', async () => {
    const { gate, events } = gateWith(1, 1);
    const blocker = deferred();
    const first = gate.run(() => blocker.promise);
    const second = gate.run(async () => 'second');
    let ranThird = false;
    await expect(
      gate.run(async () => {
        ranThird = true;
      }),
    ).rejects.toBeInstanceOf(Refused);
    expect(ranThird).toBe(false);
    blocker.resolve();
    await first;
    expect(await second).toBe('second');
    expect(events).toEqual(['admitted', 'refused', 'admitted']);
  });

  it('refuses a waiter whose wait runs out, and frees its place in line', async () => {
    const { gate, events } = gateWith(1, 1, 20);
    const blocker = deferred();
    const first = gate.run(() => blocker.promise);
    await expect(gate.run(async () => 'late')).rejects.toBeInstanceOf(Refused);
    expect(gate.stats()).toEqual({ running: 1, queued: 0 });
    const next = gate.run(async () => 'next');
    blocker.resolve();
    await first;
    expect(await next).toBe('next');
    expect(events).toEqual(['admitted', 'refused', 'admitted']);
  });

  it('frees the slot when a task fails', async () => {
    const { gate } = gateWith(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'after')).toBe('after');
    expect(gate.stats()).toEqual({ running: 0, queued: 0 });
  });
});
