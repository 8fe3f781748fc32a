import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWorld } from '../../e2e/support/global-setup';
import { percentile } from '../stats';
import { fmt } from './accept-report';
import { BENCH_OUT, benchModes, modeFile } from './paths';

/**
 * The e2e world (real server in this process on the embedded database, both apps, coturn), plus a probe of the
 * server: every database statement's start and end (PGlite runs synchronously on this process's event loop, so
 * a statement's time is time no socket.io message moves), and event-loop stalls (a 2 ms timer that fires
 * late by 4 ms or more). At teardown, after the bench wrote each mode's calls, the probe's records are cut
 * to each call's tap → both screens "connected" and summed: accept-bench-server.json, and a section appended
 * to accept-bench.md.
 */
export default async function benchSetup() {
  const world = await startWorld();
  const now = () => performance.timeOrigin + performance.now();
  const statements: { start: number; end: number; sql: string }[] = [];
  const stalls: Stall[] = [];
  const MAX = 200_000;
  const db = world.server.db;
  const keep = (start: number, sql: string) => {
    if (statements.length < MAX) statements.push({ start, end: now(), sql: sql.replace(/\s+/g, ' ').slice(0, 60) });
  };
  const query = db.query.bind(db);
  db.query = (async (sql: string, params?: unknown[]) => {
    const start = now();
    try {
      return await query(sql, params);
    } finally {
      keep(start, sql);
    }
  }) as typeof db.query;
  const transaction = db.transaction.bind(db);
  db.transaction = (async (fn: Parameters<typeof db.transaction>[0]) => {
    const start = now();
    try {
      return await transaction(fn);
    } finally {
      keep(start, 'transaction');
    }
  }) as typeof db.transaction;
  const TICK = 2;
  let expected = now() + TICK;
  let cpuBefore = process.cpuUsage();
  const sampler = setInterval(() => {
    const t = now();
    const lag = t - expected;
    const cpu = process.cpuUsage();
    // CPU this process used (all its threads) since the last tick: near the wall time, it was busy; far
    // below it, it waited for a core.
    const cpuMs = (cpu.user - cpuBefore.user + cpu.system - cpuBefore.system) / 1000;
    cpuBefore = cpu;
    if (lag >= 4 && stalls.length < MAX) stalls.push({ t, lagMs: lag, cpuMs, wallMs: lag + TICK });
    expected = t + TICK;
  }, TICK);
  sampler.unref();

  return async () => {
    clearInterval(sampler);
    try {
      report(statements, stalls);
    } finally {
      await world.teardown();
    }
  };
}

/** A tick of the 2 ms timer that came late: when it fired, how late, and the process's CPU since the last tick. */
interface Stall {
  t: number;
  lagMs: number;
  cpuMs: number;
  wallMs: number;
}

interface ModeFile {
  meta: { mode: string };
  calls: { call: number; tap: number; ms: Record<string, number | null> }[];
}

function report(statements: { start: number; end: number; sql: string }[], stalls: Stall[]) {
  const modes: { mode: string; calls: Record<string, number | null>[] }[] = [];
  for (const mode of benchModes()) {
    if (!existsSync(modeFile(mode))) continue;
    const m = JSON.parse(readFileSync(modeFile(mode), 'utf8')) as ModeFile;
    const rows = m.calls.map((c) => {
      const shown = Math.max(c.ms['tap→shown caller'] ?? Number.NaN, c.ms['tap→shown receiver'] ?? Number.NaN);
      const from = c.tap;
      const to = c.tap + shown;
      const inWindow = statements.filter((s) => s.end > from && s.start < to);
      const busy = inWindow.reduce((sum, s) => sum + Math.min(s.end, to) - Math.max(s.start, from), 0);
      const write = statements.find((s) => s.start >= from && /^(with w as \()?update call_logs/i.test(s.sql));
      const lag = stalls.filter((s) => s.t > from && s.t - s.lagMs < to);
      return {
        call: c.call,
        'DB busy': busy,
        'DB statements': inWindow.length,
        'accept log write start': write ? write.start - from : null,
        'accept log write end': write ? write.end - from : null,
        'accept log write duration': write ? write.end - write.start : null,
        'loop stalls': lag.length,
        'loop stall total': lag.reduce((sum, s) => sum + s.lagMs, 0),
        'loop stall max': lag.reduce((max, s) => Math.max(max, s.lagMs), 0),
        'loop stall cpu': lag.reduce((sum, s) => sum + s.cpuMs, 0),
        'loop stall wall': lag.reduce((sum, s) => sum + s.wallMs, 0),
      };
    });
    modes.push({ mode, calls: rows });
  }
  if (modes.length === 0) return;
  const labels: [string, string][] = [
    ['DB busy', 'database statements running, tap → both "connected" (ms)'],
    ['DB statements', 'database statements, tap → both "connected" (count)'],
    ['accept log write start', 'the accept’s call-log write (first update call_logs) starts, ms after tap'],
    ['accept log write end', 'the accept’s call-log write ends (call:accepted goes out after it)'],
    ['accept log write duration', 'the accept’s call-log write, duration'],
    ['loop stalls', 'event-loop stalls ≥ 4 ms, tap → both "connected" (count)'],
    ['loop stall total', 'event-loop stalls, total lag (ms)'],
    ['loop stall max', 'event-loop stalls, longest (ms)'],
    ['loop stall wall', 'event-loop stalls, wall time of the late ticks (ms)'],
    ['loop stall cpu', 'event-loop stalls, CPU the server process used in them (ms, all threads)'],
  ];
  const md: string[] = [];
  for (const { mode, calls } of modes) {
    md.push(`### ${mode}: the server (in the Playwright runner process, PGlite) during tap → both "connected"`, '');
    md.push('| server | n | p50 | p90 | max |', '|---|---|---|---|---|');
    for (const [k, label] of labels) {
      const xs = calls.map((c) => c[k]).filter((v): v is number => typeof v === 'number');
      md.push(
        `| ${label} | ${xs.length} | ${fmt(percentile(xs, 50))} | ${fmt(percentile(xs, 90))} | ${fmt(Math.max(...xs))} |`,
      );
    }
    md.push('');
  }
  const text = md.join('\n');
  console.log(`\n${text}`);
  writeFileSync(join(BENCH_OUT, 'accept-bench-server.json'), JSON.stringify({ modes, statements, stalls }, null, 1));
  const mdFile = join(BENCH_OUT, 'accept-bench.md');
  if (existsSync(mdFile)) writeFileSync(mdFile, `${readFileSync(mdFile, 'utf8')}\n${text}`);
}
