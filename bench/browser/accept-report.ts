import type { BenchRecord, Frame, PcRecord } from './instrument-accept';

/**
 * Turns one call's two page records (bench/browser/instrument-accept.ts) into numbers relative to the Accept
 * tap, and many calls into the markdown table. Pure: no I/O.
 */

export interface CallMetrics {
  call: number;
  /** Epoch ms of the tap (the Accept click's dispatch in the receiver's page). */
  tap: number;
  /** Milliseconds (relative to the tap unless the name says otherwise); null: did not happen or not seen. */
  ms: Record<string, number | null>;
  messages: Record<string, number>;
  /** Socket.io events and acks by name, each page and way, over the whole call (pings left out). */
  byName: Record<string, Record<string, number>>;
  pair: { caller: string; receiver: string };
  notes: string[];
  /** Every event of both pages, relative to the tap, in time order (for the sample timeline). */
  timeline: { ms: number; page: 'caller' | 'receiver'; what: string }[];
  /** Both pages' records as read (the bench adds them for the JSON). */
  raw?: { caller: BenchRecord; receiver: BenchRecord };
}

/** The rows of the table, in order: [key, label]. Keys are what CallMetrics.ms holds. */
export const HEADLINE: [string, string][] = [
  ['tap→audio caller', 'tap → first audio at the caller (lastPacketReceivedTimestamp, first report with packets)'],
  ['tap→audio receiver', 'tap → first audio at the receiver (same)'],
  ['tap→audio est caller', 'tap → first audio packet at the caller, corrected for the stats cache¹'],
  ['tap→audio est receiver', 'tap → first audio packet at the receiver, corrected¹'],
  ['tap→played caller', 'tap → first audio delivered to the track at the caller (getSynchronizationSources)'],
  ['tap→played receiver', 'tap → first audio delivered to the track at the receiver'],
  ['audio→shown caller', 'first audio (caller, lastPacketReceivedTimestamp) → "connected" on the caller screen'],
  ['audio→shown receiver', 'first audio (receiver, lastPacketReceivedTimestamp) → "connected" on its screen'],
  ['audio est→shown caller', 'first audio packet (caller, corrected¹) → "connected" on the caller screen'],
  ['audio est→shown receiver', 'first audio packet (receiver, corrected¹) → "connected" on its screen'],
  ['tap→shown caller', 'tap → "connected" on the caller screen'],
  ['tap→shown receiver', 'tap → "connected" on the receiver screen'],
];

/** Opus's packet time in these calls (the SDP's default ptime): consecutive audio packets are ~20 ms apart. */
const PTIME_MS = 20;

/**
 * ¹ Chromium hands out a cached getStats report for ~50 ms, so the first report with packets may already hold
 * several, and its lastPacketReceivedTimestamp is the newest one's. The first packet came after the newest
 * report without any and ~(n−1)·20 ms before the newest: the later of the two.
 */
export function firstPacketEstimate(pc: PcRecord | undefined): number | null {
  const a = pc?.firstAudio;
  if (!a) return null;
  const back = a.lastPacketReceivedTimestamp - (a.packetsReceived - 1) * PTIME_MS;
  return Math.max(a.previousReportTimestamp ?? Number.NEGATIVE_INFINITY, back);
}

export const RECEIVER_STEPS: [string, string][] = [
  ['R gum start', 'getUserMedia called'],
  ['R gum end', 'getUserMedia resolved'],
  ['R accept sent', 'call:accept sent'],
  ['R accept ack', 'call:accept ack received (ICE servers)'],
  ['R pc created', 'RTCPeerConnection created'],
  ['R offer received', 'call:offer received'],
  ['R srd start', 'setRemoteDescription(offer) called'],
  ['R srd end', 'setRemoteDescription(offer) resolved'],
  ['R answer start', 'createAnswer called'],
  ['R answer created', 'createAnswer resolved'],
  ['R sld end', 'setLocalDescription(answer) resolved'],
  ['R answer sent', 'call:answer sent'],
  ['R first local cand', 'first local ICE candidate'],
  ['R first remote cand', 'first remote candidate added'],
  ['R ice connected', 'iceConnectionState connected'],
  ['R dtls connected', 'connectionState connected (DTLS)'],
  ['R first audio', 'first audio (lastPacketReceivedTimestamp, first report with packets)'],
  ['R first audio est', 'first audio packet, corrected¹'],
  ['R first played', 'first audio delivered to the track (getSynchronizationSources)'],
  ['R app poll first', "client's first getStats poll (starts at ICE connected)"],
  ['R app saw audio', "client's getStats first showed audio (resolved)"],
  ['R connected sent', 'call:connected sent'],
  ['R shown', '"connected" in the DOM'],
  ['R shown frame', '"connected": next animation frame'],
];

export const CALLER_STEPS: [string, string][] = [
  ['C accepted received', 'call:accepted received'],
  ['C offer sent', 'call:offer sent (made while ringing)'],
  ['C answer received', 'call:answer received'],
  ['C srd start', 'setRemoteDescription(answer) called'],
  ['C srd end', 'setRemoteDescription(answer) resolved'],
  ['C first remote cand', 'first remote candidate added'],
  ['C ice connected', 'iceConnectionState connected'],
  ['C dtls connected', 'connectionState connected (DTLS)'],
  ['C first audio', 'first audio (lastPacketReceivedTimestamp, first report with packets)'],
  ['C first audio est', 'first audio packet, corrected¹'],
  ['C first played', 'first audio delivered to the track (getSynchronizationSources)'],
  ['C app poll first', "client's first getStats poll (starts at ICE connected)"],
  ['C app saw audio', "client's getStats first showed audio (resolved)"],
  ['C connected sent', 'call:connected sent'],
  ['C shown', '"connected" in the DOM'],
  ['C shown frame', '"connected": next animation frame'],
];

/** Durations between two pages' events (not relative to the tap): the server's part and each page's work. */
export const INTERVALS: [string, string][] = [
  ['sig accept→accepted', 'server: call:accept sent (R) → call:accepted received (C)'],
  ['sig accept ack', 'server: call:accept sent → its ack received (R)'],
  ['sig offer relay', 'server: call:offer sent (C) → received (R)'],
  ['sig answer relay', 'server: call:answer sent (R) → received (C)'],
  ['R wait for pc', 'R: call:offer received → peer connection there (mic + ack), 0 if it was first'],
  ['R gum', 'R: getUserMedia duration'],
  ['R srd', 'R: setRemoteDescription(offer) duration'],
  ['R flush', 'R: srd resolved → createAnswer called (held remote candidates added one by one)'],
  ['R answer', 'R: createAnswer called → setLocalDescription(answer) resolved'],
  ['R offer→answer sent', 'R: call:offer received → call:answer sent'],
  ['C srd', 'C: setRemoteDescription(answer) duration'],
  ['C answer→dtls', 'C: call:answer received → connectionState connected'],
  ['C dtls→audio est', 'C: DTLS connected → first audio packet (corrected¹)'],
  ['R dtls→audio est', 'R: DTLS connected → first audio packet (corrected¹)'],
  ['C ice→app poll', 'C: ICE connected → the client’s first getStats poll (its 20 ms interval)'],
  ['R ice→app poll', 'R: ICE connected → the client’s first getStats poll'],
  ['C audio est→app saw', 'C: first audio packet (corrected¹) → the client’s getStats showed it'],
  ['R audio est→app saw', 'R: first audio packet (corrected¹) → the client’s getStats showed it'],
  ['C app saw→shown', 'C: the client’s getStats showed audio → "connected" in the DOM'],
  ['R app saw→shown', 'R: the client’s getStats showed audio → "connected" in the DOM'],
];

export const DIAGNOSTICS: [string, string][] = [
  ['ring shown→tap', 'ring shown at the receiver → tap (the person waits ~1 s)'],
  ['dial→ring', 'caller taps call → ring shown at the receiver'],
  ['tap pointerdown→click', 'tap: pointerdown → click dispatch'],
  ['tap click timeStamp−dispatch', 'tap: click event.timeStamp − listener time'],
  ['C observe lag', 'caller: poll observation − lastPacketReceivedTimestamp'],
  ['R observe lag', 'receiver: poll observation − lastPacketReceivedTimestamp'],
  ['C packets at observation', 'caller: packetsReceived at the first observation (count)'],
  ['R packets at observation', 'receiver: packetsReceived at the first observation (count)'],
  ['C poll interval', 'caller: mean time between bench getStats polls'],
  ['R poll interval', 'receiver: mean time between bench getStats polls'],
  ['C report interval', 'caller: median time between distinct getStats reports (the cache)'],
  ['R report interval', 'receiver: median time between distinct getStats reports (the cache)'],
];

export const MESSAGES: [string, string][] = [
  ['caller sent', 'caller page sent'],
  ['caller received', 'caller page received'],
  ['receiver sent', 'receiver page sent'],
  ['receiver received', 'receiver page received'],
  ['caller sent after tap', 'caller page sent, tap → both "connected"'],
  ['caller received after tap', 'caller page received, tap → both "connected"'],
  ['receiver sent after tap', 'receiver page sent, tap → both "connected"'],
  ['receiver received after tap', 'receiver page received, tap → both "connected"'],
];

const firstWhere = <T>(xs: T[], ok: (x: T) => boolean) => xs.find(ok);
const frameAt = (frames: Frame[], dir: Frame['dir'], name: string, after: number) =>
  firstWhere(frames, (f) => f.dir === dir && f.name === name && f.t >= after)?.t ?? null;
const stateAt = (r: BenchRecord, re: RegExp, after: number) =>
  firstWhere(r.states, (s) => s.t >= after && re.test(s.text ?? '')) ?? null;
const stateT = (pc: PcRecord | undefined, list: 'ice' | 'conn', state: string) =>
  pc?.[list].find((s) => s.state === state)?.t ?? null;

export function analyseCall(
  call: number,
  caller: BenchRecord,
  receiver: BenchRecord,
  pair: { caller: string; receiver: string },
): CallMetrics {
  const notes: string[] = [];
  const click = firstWhere(receiver.clicks, (c) => c.testid === 'call-accept' && c.type === 'click');
  if (!click) throw new Error(`call ${call}: no click on call-accept recorded in the receiver page`);
  const tap = click.t;
  const down = firstWhere(receiver.clicks, (c) => c.testid === 'call-accept' && c.type === 'pointerdown');
  const dial = firstWhere(caller.clicks, (c) => c.testid === 'call-button' && c.type === 'click');
  if (caller.pcs.length !== 1 || receiver.pcs.length !== 1)
    notes.push(`peer connections: caller ${caller.pcs.length}, receiver ${receiver.pcs.length}`);
  const cpc = caller.pcs.at(-1);
  const rpc = receiver.pcs.at(-1);
  const cShown = stateAt(caller, /^\s*connected\b/i, tap);
  const rShown = stateAt(receiver, /^\s*connected\b/i, tap);
  const cAudio = cpc?.firstAudio?.lastPacketReceivedTimestamp ?? null;
  const rAudio = rpc?.firstAudio?.lastPacketReceivedTimestamp ?? null;
  const cEst = firstPacketEstimate(cpc);
  const rEst = firstPacketEstimate(rpc);
  const rel = (t: number | null | undefined) => (t === null || t === undefined ? null : t - tap);
  const diff = (a: number | null | undefined, b: number | null | undefined) =>
    a === null || a === undefined || b === null || b === undefined ? null : a - b;
  const srd = (pc: PcRecord | undefined, type: string) => pc?.setRemote.find((d) => d.type === type);
  const sld = (pc: PcRecord | undefined, type: string) => pc?.setLocal.find((d) => d.type === type);
  const reportInterval = (pc: PcRecord | undefined) => {
    const r = (pc?.poll.reports ?? []).filter((t) => t > 0);
    return r.length > 2
      ? pct(
          r.slice(1).map((t, i) => t - (r[i] ?? t)),
          50,
        )
      : null;
  };
  const pollInterval = (pc: PcRecord | undefined) =>
    pc && pc.poll.count > 1 ? (pc.poll.lastAt - pc.created) / pc.poll.count : null;
  const ms: Record<string, number | null> = {
    'tap→audio caller': rel(cAudio),
    'tap→audio receiver': rel(rAudio),
    'tap→audio est caller': rel(cEst),
    'tap→audio est receiver': rel(rEst),
    'tap→played caller': rel(cpc?.firstSource?.timestamp),
    'tap→played receiver': rel(rpc?.firstSource?.timestamp),
    'audio→shown caller': diff(cShown?.t, cAudio),
    'audio→shown receiver': diff(rShown?.t, rAudio),
    'audio est→shown caller': diff(cShown?.t, cEst),
    'audio est→shown receiver': diff(rShown?.t, rEst),
    'tap→shown caller': rel(cShown?.t),
    'tap→shown receiver': rel(rShown?.t),
    'R gum start': rel(firstWhere(receiver.gum, (g) => g.start >= tap - 1)?.start),
    'R gum end': rel(firstWhere(receiver.gum, (g) => g.start >= tap - 1)?.end),
    'R accept sent': rel(frameAt(receiver.frames, 'out', 'call:accept', tap)),
    'R accept ack': rel(frameAt(receiver.frames, 'in', 'ack call:accept', tap)),
    'R pc created': rel(rpc?.created),
    'R offer received': rel(frameAt(receiver.frames, 'in', 'call:offer', tap)),
    'R srd start': rel(srd(rpc, 'offer')?.start),
    'R srd end': rel(srd(rpc, 'offer')?.end),
    'R answer start': rel(rpc?.createAnswerStart[0]),
    'R answer created': rel(rpc?.createAnswerEnd[0]),
    'R sld end': rel(sld(rpc, 'answer')?.end),
    'R answer sent': rel(frameAt(receiver.frames, 'out', 'call:answer', tap)),
    'R first local cand': rel(rpc?.localCandidates[0]?.t),
    'R first remote cand': rel(rpc?.remoteCandidates[0]?.t),
    'R ice connected': rel(stateT(rpc, 'ice', 'connected')),
    'R dtls connected': rel(stateT(rpc, 'conn', 'connected')),
    'R first audio': rel(rAudio),
    'R first audio est': rel(rEst),
    'R first played': rel(rpc?.firstSource?.timestamp),
    'R app poll first': rel(rpc?.app.firstCallAt),
    'R app saw audio': rel(rpc?.app.sawAudio?.resolvedAt),
    'R connected sent': rel(frameAt(receiver.frames, 'out', 'call:connected', tap)),
    'R shown': rel(rShown?.t),
    'R shown frame': rel(rShown?.raf),
    'C accepted received': rel(frameAt(caller.frames, 'in', 'call:accepted', tap)),
    'C offer sent': rel(frameAt(caller.frames, 'out', 'call:offer', tap)),
    'C answer received': rel(frameAt(caller.frames, 'in', 'call:answer', tap)),
    'C srd start': rel(srd(cpc, 'answer')?.start),
    'C srd end': rel(srd(cpc, 'answer')?.end),
    'C first remote cand': rel(cpc?.remoteCandidates[0]?.t),
    'C ice connected': rel(stateT(cpc, 'ice', 'connected')),
    'C dtls connected': rel(stateT(cpc, 'conn', 'connected')),
    'C first audio': rel(cAudio),
    'C first audio est': rel(cEst),
    'C first played': rel(cpc?.firstSource?.timestamp),
    'C app poll first': rel(cpc?.app.firstCallAt),
    'C app saw audio': rel(cpc?.app.sawAudio?.resolvedAt),
    'C connected sent': rel(frameAt(caller.frames, 'out', 'call:connected', tap)),
    'C shown': rel(cShown?.t),
    'C shown frame': rel(cShown?.raf),
    'ring shown→tap': diff(tap, receiver.ringShown[0]?.t),
    'dial→ring': diff(receiver.ringShown[0]?.t, dial?.t),
    'tap pointerdown→click': diff(tap, down?.t),
    'tap click timeStamp−dispatch': diff(click.eventTimeStamp, tap),
    'C observe lag': diff(cpc?.firstAudio?.observedAt, cAudio),
    'R observe lag': diff(rpc?.firstAudio?.observedAt, rAudio),
    'C packets at observation': cpc?.firstAudio?.packetsReceived ?? null,
    'R packets at observation': rpc?.firstAudio?.packetsReceived ?? null,
    'C poll interval': pollInterval(cpc),
    'R poll interval': pollInterval(rpc),
    'C report interval': reportInterval(cpc),
    'R report interval': reportInterval(rpc),
  };
  const d = (a: string, b: string) => {
    const x = ms[a];
    const y = ms[b];
    return typeof x === 'number' && typeof y === 'number' ? x - y : null;
  };
  const pcReady = Math.max(ms['R pc created'] ?? Number.NaN, ms['R offer received'] ?? Number.NaN);
  Object.assign(ms, {
    'sig accept→accepted': d('C accepted received', 'R accept sent'),
    'sig accept ack': d('R accept ack', 'R accept sent'),
    'sig offer relay': d('R offer received', 'C offer sent'),
    'sig answer relay': d('C answer received', 'R answer sent'),
    'R wait for pc': Number.isNaN(pcReady) ? null : pcReady - (ms['R offer received'] ?? 0),
    'R gum': d('R gum end', 'R gum start'),
    'R srd': d('R srd end', 'R srd start'),
    'R flush': d('R answer start', 'R srd end'),
    'R answer': d('R sld end', 'R answer start'),
    'R offer→answer sent': d('R answer sent', 'R offer received'),
    'C srd': d('C srd end', 'C srd start'),
    'C answer→dtls': d('C dtls connected', 'C answer received'),
    'C dtls→audio est': d('C first audio est', 'C dtls connected'),
    'R dtls→audio est': d('R first audio est', 'R dtls connected'),
    'C ice→app poll': d('C app poll first', 'C ice connected'),
    'R ice→app poll': d('R app poll first', 'R ice connected'),
    'C audio est→app saw': d('C app saw audio', 'C first audio est'),
    'R audio est→app saw': d('R app saw audio', 'R first audio est'),
    'C app saw→shown': d('C shown', 'C app saw audio'),
    'R app saw→shown': d('R shown', 'R app saw audio'),
  });
  for (const [k, v] of Object.entries(ms)) if (v === null) notes.push(`${k}: not seen`);

  const bothShown = Math.max(cShown?.t ?? Number.POSITIVE_INFINITY, rShown?.t ?? Number.POSITIVE_INFINITY);
  const count = (r: BenchRecord, dir: Frame['dir'], from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY) =>
    r.frames.filter((f) => !f.ping && f.dir === dir && f.t >= from && f.t <= to).length;
  const messages = {
    'caller sent': count(caller, 'out'),
    'caller received': count(caller, 'in'),
    'receiver sent': count(receiver, 'out'),
    'receiver received': count(receiver, 'in'),
    'caller sent after tap': count(caller, 'out', tap, bothShown),
    'caller received after tap': count(caller, 'in', tap, bothShown),
    'receiver sent after tap': count(receiver, 'out', tap, bothShown),
    'receiver received after tap': count(receiver, 'in', tap, bothShown),
  };
  const names = (r: BenchRecord, dir: Frame['dir']) => {
    const out: Record<string, number> = {};
    for (const f of r.frames) if (!f.ping && f.dir === dir) out[f.name] = (out[f.name] ?? 0) + 1;
    return out;
  };
  const byName = {
    'caller sent': names(caller, 'out'),
    'caller received': names(caller, 'in'),
    'receiver sent': names(receiver, 'out'),
    'receiver received': names(receiver, 'in'),
  };
  return { call, tap, ms, messages, byName, pair, notes, timeline: timeline(caller, receiver, tap, bothShown + 100) };
}

/** From the dial to just after both screens say "connected". */
function timeline(caller: BenchRecord, receiver: BenchRecord, tap: number, until: number) {
  const out: CallMetrics['timeline'] = [];
  const add = (page: 'caller' | 'receiver', t: number | null | undefined, what: string) => {
    if (t !== null && t !== undefined && t <= until) out.push({ ms: Math.round((t - tap) * 10) / 10, page, what });
  };
  for (const [page, r] of [
    ['caller', caller],
    ['receiver', receiver],
  ] as const) {
    for (const c of r.clicks) add(page, c.t, `${c.type} ${c.testid}`);
    for (const s of r.states) add(page, s.t, `call-state "${s.text}"`);
    for (const g of r.gum) {
      add(page, g.start, 'getUserMedia called');
      add(page, g.end, 'getUserMedia resolved');
    }
    for (const f of r.frames) if (!f.ping) add(page, f.t, `${f.dir === 'out' ? 'sent' : 'received'} ${f.name}`);
    for (const pc of r.pcs) {
      add(page, pc.created, 'RTCPeerConnection created');
      for (const d of pc.setRemote) {
        add(page, d.start, `setRemoteDescription(${d.type}) called`);
        add(page, d.end, `setRemoteDescription(${d.type}) resolved`);
      }
      for (const d of pc.setLocal) add(page, d.end, `setLocalDescription(${d.type}) resolved`);
      for (const t of pc.createAnswerStart) add(page, t, 'createAnswer called');
      for (const t of pc.createAnswerEnd) add(page, t, 'createAnswer resolved');
      for (const c of pc.localCandidates) add(page, c.t, `local candidate ${c.type}`);
      for (const c of pc.remoteCandidates) add(page, c.t, `remote candidate ${c.type} added`);
      for (const s of pc.ice) add(page, s.t, `iceConnectionState ${s.state}`);
      for (const s of pc.conn) add(page, s.t, `connectionState ${s.state}`);
      add(page, pc.track, 'track event');
      const a = pc.firstAudio;
      if (a) {
        add(page, a.previousReportTimestamp, 'getStats: newest report without audio made');
        add(page, firstPacketEstimate(pc), 'FIRST AUDIO PACKET (corrected estimate)');
        add(
          page,
          a.lastPacketReceivedTimestamp,
          `lastPacketReceivedTimestamp of the first report with audio (${a.packetsReceived} packets)`,
        );
        add(page, a.reportTimestamp, 'getStats: first report with audio made');
      }
      add(page, pc.firstSource?.timestamp, 'first audio delivered to the track (getSynchronizationSources)');
      add(page, pc.app.firstCallAt, 'client getStats poll: first call');
      add(page, pc.app.sawAudio?.resolvedAt, 'client getStats poll: audio seen');
    }
  }
  return out.sort((a, b) => a.ms - b.ms);
}

/** Nearest rank, as bench/connect-time.ts. */
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

export function summary(calls: CallMetrics[]) {
  const keys = [...HEADLINE, ...RECEIVER_STEPS, ...CALLER_STEPS, ...INTERVALS, ...DIAGNOSTICS].map(([k]) => k);
  const out: Record<string, { n: number; p50: number; p90: number; max: number; min: number }> = {};
  for (const k of keys) {
    const xs = calls.map((c) => c.ms[k]).filter((v): v is number => typeof v === 'number');
    out[k] = { n: xs.length, p50: pct(xs, 50), p90: pct(xs, 90), max: Math.max(...xs), min: Math.min(...xs) };
  }
  for (const [k] of MESSAGES) {
    const xs = calls.map((c) => c.messages[k] ?? 0);
    out[`messages ${k}`] = {
      n: xs.length,
      p50: pct(xs, 50),
      p90: pct(xs, 90),
      max: Math.max(...xs),
      min: Math.min(...xs),
    };
  }
  return out;
}

const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) < 10 ? v.toFixed(1) : v.toFixed(0)) : '–');

export function markdown(mode: string, calls: CallMetrics[], failed: number, meta: string): string {
  const s = summary(calls);
  const lines: string[] = [];
  lines.push(`### ${mode}: ${calls.length} calls${failed ? `, ${failed} failed` : ''}`, '', meta, '');
  const table = (title: string, rows: [string, string][], prefix = '') => {
    lines.push(`| ${title} | n | p50 | p90 | max |`, '|---|---|---|---|---|');
    for (const [k, label] of rows) {
      const r = s[prefix + k];
      if (r) lines.push(`| ${label} | ${r.n} | ${fmt(r.p50)} | ${fmt(r.p90)} | ${fmt(r.max)} |`);
    }
    lines.push('');
  };
  table('ms', HEADLINE);
  lines.push(
    '¹ Chromium serves a cached getStats report for ~50 ms, so the first report with packets may hold several: ' +
      'the first packet is taken as the later of (its lastPacketReceivedTimestamp − (packets − 1) × 20 ms) and the ' +
      'newest report without packets.',
    '',
  );
  table('receiver page, ms after tap', RECEIVER_STEPS);
  table('caller page, ms after tap', CALLER_STEPS);
  table('intervals, ms', INTERVALS);
  table('diagnostics', DIAGNOSTICS);
  table('socket.io messages per call (no pings)', MESSAGES, 'messages ');
  const pairs = new Map<string, number>();
  for (const c of calls) {
    const k = `caller ${c.pair.caller}, receiver ${c.pair.receiver}`;
    pairs.set(k, (pairs.get(k) ?? 0) + 1);
  }
  lines.push(`Selected candidate pairs (local/remote): ${[...pairs].map(([k, n]) => `${k} × ${n}`).join('; ')}`, '');
  const sample = medianCall(calls);
  if (sample) {
    lines.push(
      `Messages of call ${sample.call} by name: ${Object.entries(sample.byName)
        .map(
          ([k, v]) =>
            `${k} {${Object.entries(v)
              .map(([n, c]) => `${n}: ${c}`)
              .join(', ')}}`,
        )
        .join('; ')}`,
      '',
      `Timeline of call ${sample.call} (the median tap → first audio at the receiver), ms after the tap:`,
      '',
      '| ms | page | event |',
      '|---|---|---|',
      ...sample.timeline.map((e) => `| ${e.ms.toFixed(1)} | ${e.page} | ${e.what} |`),
      '',
    );
  }
  return lines.join('\n');
}

export function medianCall(calls: CallMetrics[]): CallMetrics | undefined {
  const sorted = calls
    .filter((c) => typeof c.ms['tap→audio receiver'] === 'number')
    .sort((a, b) => (a.ms['tap→audio receiver'] ?? 0) - (b.ms['tap→audio receiver'] ?? 0));
  return sorted[Math.floor(sorted.length / 2)];
}
