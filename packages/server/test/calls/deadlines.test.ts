import { CallingError } from '@calling/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Call } from '../../src/calls/engine/call';
import { MemoryLiveCalls } from '../../src/calls/live/memory-store';
import { CallService } from '../../src/calls/service';
import { Sweeper } from '../../src/calls/sweeper';
import { createLogger } from '../../src/ops/logger';
import { createMetrics } from '../../src/ops/metrics';
import { MemoryPresence } from '../../src/presence/presence';
import { bookingsRepo } from '../../src/store/bookings';
import { callLogsRepo } from '../../src/store/call-logs';
import { openPglite } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { usersRepo } from '../../src/store/users';
import { sleep } from '../support/calls';

/** The memory store with faults on demand: the next N writes of an ended call fail as if Redis were away. */
class FlakyLiveCalls extends MemoryLiveCalls {
  failEndedCommits = 0;
  override async commit(next: Call, expected: number, deadline: number | null) {
    if (next.state === 'ended' && this.failEndedCommits > 0) {
      this.failEndedCommits -= 1;
      throw new CallingError('unavailable', 'injected: store unreachable');
    }
    return super.commit(next, expected, deadline);
  }
}

/** A call service and sweeper on a real (embedded) database, with the clock and the faults in the test's hands. */
async function world(opts: { serviceLagMs?: number } = {}) {
  const db = await openPglite(null);
  await migrate(db);
  const users = usersRepo(db);
  const bookings = bookingsRepo(db);
  const callLogs = callLogsRepo(db);
  const make = (role: 'user' | 'provider', phone: string) =>
    users.create({ name: role, phone, role, passwordHash: 'x', serviceName: null });
  const user = await make('user', '+19990000001');
  const provider = await make('provider', '+19990000002');
  if (!user || !provider) throw new Error('no users');
  const bookingId = await bookings.create({
    userId: user.id,
    providerId: provider.id,
    serviceName: 'x',
    status: 'accepted',
  });
  const live = new FlakyLiveCalls();
  const failFinishes = { count: 0 };
  const logs = {
    ...callLogs,
    async finish(f: Parameters<typeof callLogs.finish>[0]) {
      if (failFinishes.count > 0) {
        failFinishes.count -= 1;
        throw new Error('injected: database write failed');
      }
      return callLogs.finish(f);
    },
  };
  const sent: string[] = [];
  let sweeper: Sweeper | null = null;
  const calls = new CallService({
    live,
    presence: new MemoryPresence(),
    callLogs: logs,
    bookings,
    send: (n) => sent.push(n.event),
    timing: { ringTimeoutMs: 300, reconnectGraceMs: 300 },
    ice: { stunUrls: [], turnUrls: [], turnSecret: null, turnTtlS: 60 },
    relayPolicy: 'never',
    logger: createLogger('silent'),
    metrics: createMetrics({ connectedSockets: () => 0, liveCallsByState: async () => ({}) }),
    onDeadline: (at) => sweeper?.wake(at),
    // A node whose clock is behind: its on-time timer finds the deadline not due yet, as an early timer would.
    now: () => Date.now() - (opts.serviceLagMs ?? 0),
  });
  sweeper = new Sweeper({ live, calls, logger: createLogger('silent'), intervalMs: 200, finishRetryMs: 300 });
  sweeper.start();
  const ring = () =>
    calls.initiate({ userId: user.id, role: 'user', socketId: 's1', legacy: false }, { bookingId } as never);
  const row = async () => (await callLogs.history(bookingId, 10, undefined))[0];
  return {
    live,
    failFinishes,
    sent,
    ring,
    row,
    async close() {
      await sweeper?.stop();
      await db.close();
    },
  };
}

describe('deadlines stored with the call', () => {
  let w: Awaited<ReturnType<typeof world>> | null = null;
  afterEach(async () => {
    await w?.close();
    w = null;
  });

  it('a timer that fires before the deadline is due re-arms: the ring timeout still ends the call', async () => {
    w = await world({ serviceLagMs: 120 });
    const { callId } = await w.ring();
    await sleep(800);
    expect(await w.live.get(callId)).toBeNull();
    expect(await w.row()).toMatchObject({ id: callId, call_status: 'missed', end_reason: 'no_answer' });
    expect(w.sent.filter((e) => e === 'call:ended')).toHaveLength(2);
  });

  it('a deadline whose store write fails once is applied on the next sweep', async () => {
    w = await world();
    w.live.failEndedCommits = 1;
    const { callId } = await w.ring();
    await sleep(900);
    expect(w.live.failEndedCommits).toBe(0);
    expect(await w.row()).toMatchObject({ id: callId, call_status: 'missed', end_reason: 'no_answer' });
    expect(w.sent.filter((e) => e === 'call:ended')).toHaveLength(2);
  });

  it('an ended call whose log write fails is written by a later sweep, once', async () => {
    w = await world();
    w.failFinishes.count = 1;
    const { callId } = await w.ring();
    await sleep(450);
    // Ended for the parties at the deadline; the row is still live until the retry.
    expect(await w.live.get(callId)).toBeNull();
    expect(w.sent.filter((e) => e === 'call:ended')).toHaveLength(2);
    expect((await w.live.finishing()).map((c) => c.id)).toEqual([callId]);
    await sleep(900);
    expect(await w.live.finishing()).toEqual([]);
    expect(await w.row()).toMatchObject({ id: callId, call_status: 'missed', end_reason: 'no_answer' });
  });
});
