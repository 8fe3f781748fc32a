import { CallingError } from '@calling/protocol';
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
export async function serviceWorld(
  opts: {
    serviceLagMs?: number;
    /** Runs each time the service has read a booking, before it goes on (to land a change right there). */
    afterBookingRead?: (bookingId: string) => Promise<void>;
  } = {},
) {
  const db = await openPglite(null);
  await migrate(db);
  const users = usersRepo(db);
  const stored = bookingsRepo(db);
  const bookings = {
    ...stored,
    async byId(id: string) {
      const b = await stored.byId(id);
      await opts.afterBookingRead?.(id);
      return b;
    },
  };
  const callLogs = callLogsRepo(db);
  const make = (role: 'user' | 'provider', phone: string) =>
    users.create({ name: role, phone, role, passwordHash: 'x', serviceName: null });
  const user = await make('user', '+19990000001');
  const provider = await make('provider', '+19990000002');
  if (!user || !provider) throw new Error('no users');
  const bookingId = await stored.create({
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
    presence: new MemoryPresence(300),
    callLogs: logs,
    bookings,
    send: (n) => sent.push(n.event),
    timing: { ringTimeoutMs: 300, reconnectGraceMs: 300, setupTimeoutMs: 300 },
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
    calls.initiate({ userId: user.id, role: 'user', socketId: 's1', deviceId: null, protocol: 2 }, {
      bookingId,
    } as never);
  const row = async () => (await callLogs.history(bookingId, 10, undefined))[0];
  return {
    calls,
    bookings: stored,
    bookingId,
    userId: user.id,
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
