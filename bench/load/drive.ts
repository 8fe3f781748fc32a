/**
 * The closed loop: P pairs call back to back; after the warm-up a measured window opens (CPU readings taken at
 * both ends) and closes after `seconds` or once `calls` calls completed in it. Then every pair finishes or
 * gives up its current call (each call has its own timeout) and stops.
 */

import { SessionDescription } from '@calling/protocol';
import {
  busyPercent,
  type CoreSample,
  clockTicks,
  clusterTicks,
  coreSample,
  foreignTicks,
  ioCalls,
  sumTicks,
} from './cpu';
import { type Collector, type Mode, newCollector, PairRunner, type Payloads } from './pair';
import { makeSide, type Side } from './sdp';
import type { PairAccounts } from './setup';

export interface DriveOptions {
  mode: Mode;
  /** Where pair i's caller and callee connect. */
  urls: (i: number) => { caller: string; callee: string };
  accounts: PairAccounts[];
  warmupS: number;
  seconds: number;
  calls: number | null;
  callTimeoutMs: number;
  serverPids: number[];
  postmasterPid: number | null;
  serverCore: number;
  loadCore: number;
  /** The Redis server of a multi-node run: its CPU is part of the cost. */
  redisPid?: number | null;
  /** The benchmark database's committed + rolled-back transactions so far (pg_stat_database), if any. */
  dbTransactions?: () => Promise<number>;
}

export interface Measured {
  windowS: number;
  collector: Collector;
  serverCpuS: number;
  dbCpuS: number | null;
  serverCoreBusy: number;
  loadCoreBusy: number;
  /** This load generator's own CPU over the window. */
  loadCpuS: number;
  /** CPU of other user-space processes over the window: more than a little means the numbers are not clean. */
  foreignCpuS: number;
  /**
   * The machine's irq + softirq ticks over the window: mostly the loopback network stack. Ticks are charged to
   * whichever task ran, so this partly overlaps the server's and the load generator's CPU.
   */
  irqCpuS: number;
  dbTransactions: number | null;
  redisCpuS: number | null;
  /** The server processes' read and write system calls over the window (each a frame or a batch of them). */
  serverIo: { reads: number; writes: number };
  /** Why the run stopped early, if it did. */
  fatal: string | null;
}

/** A pool of fresh-looking payloads, made before the run so the load generator spends nothing on them. */
function payloadPool(size: number): Payloads {
  const offers: Side[] = Array.from({ length: size }, () => makeSide('offer'));
  const answers: Side[] = Array.from({ length: size }, () => makeSide('answer'));
  // What the server will check, checked here first: a payload the schema refuses is the bench's bug.
  for (const s of [...offers, ...answers]) SessionDescription.parse(s.sdp);
  let i = 0;
  let j = 0;
  return { offer: () => offers[i++ % size] as Side, answer: () => answers[j++ % size] as Side };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Reading {
  at: number;
  server: number;
  io: { reads: number; writes: number };
  db: number | null;
  serverCore: CoreSample;
  loadCore: CoreSample;
  machine: CoreSample;
  foreign: number;
  redis: number | null;
  self: number;
  tx: number | null;
}

export async function drive(opts: DriveOptions): Promise<Measured> {
  const collector = newCollector();
  const payloads = payloadPool(64);
  const runners = opts.accounts.map((acc, i) => {
    const u = opts.urls(i);
    return new PairRunner(opts.mode, u.caller, u.callee, acc, payloads, collector, opts.callTimeoutMs);
  });
  let stop = false;
  let fatal: string | null = null;
  try {
    // Connect a few at a time: a burst of handshakes is not what is measured.
    for (let i = 0; i < runners.length; i += 10) await Promise.all(runners.slice(i, i + 10).map((r) => r.connect()));
    const loops = runners.map((r, i) =>
      r
        .loop(() => stop)
        .catch((err: Error) => {
          fatal ??= `pair ${i}: ${err.message}`;
          stop = true;
        }),
    );
    const read = async (): Promise<Reading> => ({
      tx: opts.dbTransactions ? await opts.dbTransactions().catch(() => null) : null,
      at: performance.now(),
      machine: coreSample(null),
      foreign: foreignTicks(opts.redisPid ? [...opts.serverPids, opts.redisPid] : opts.serverPids, opts.postmasterPid),
      redis: opts.redisPid ? sumTicks([opts.redisPid]) : null,
      self: (() => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1e6;
      })(),
      server: sumTicks(opts.serverPids),
      io: ioCalls(opts.serverPids),
      db: opts.postmasterPid === null ? null : clusterTicks(opts.postmasterPid),
      serverCore: coreSample(opts.serverCore),
      loadCore: coreSample(opts.loadCore),
    });
    const warmEnd = Date.now() + opts.warmupS * 1000;
    while (!stop && Date.now() < warmEnd) await sleep(50);
    const a = await read();
    collector.measuring = true;
    const windowEnd = Date.now() + opts.seconds * 1000;
    while (!stop && Date.now() < windowEnd && (opts.calls === null || collector.calls < opts.calls)) await sleep(20);
    const b = await read();
    collector.measuring = false;
    stop = true;
    // Every loop ends within one call timeout plus its clean-up.
    await Promise.race([Promise.all(loops), sleep(opts.callTimeoutMs + 5_000)]);
    const hz = clockTicks();
    const serverCpuS = (b.server - a.server) / hz;
    const dbCpuS = a.db === null || b.db === null ? null : (b.db - a.db) / hz;
    const loadCpuS = b.self - a.self;
    return {
      windowS: (b.at - a.at) / 1000,
      collector,
      serverCpuS,
      dbCpuS,
      loadCpuS,
      foreignCpuS: (b.foreign - a.foreign) / hz,
      irqCpuS: (b.machine.irq - a.machine.irq) / hz,
      dbTransactions: a.tx === null || b.tx === null ? null : b.tx - a.tx,
      redisCpuS: a.redis === null || b.redis === null ? null : (b.redis - a.redis) / hz,
      serverIo: { reads: b.io.reads - a.io.reads, writes: b.io.writes - a.io.writes },
      serverCoreBusy: busyPercent(a.serverCore, b.serverCore),
      loadCoreBusy: busyPercent(a.loadCore, b.loadCore),
      fatal,
    };
  } finally {
    stop = true;
    for (const r of runners) r.close();
  }
}
