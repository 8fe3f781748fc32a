/**
 * Turns one call's two page records (bench/browser/instrument-accept.ts) into numbers relative to the Accept
 * tap: each step of both pages, the intervals between them, the messages, the timeline. Pure: no I/O.
 */

import { percentile } from '../stats';
import type { BenchRecord, Frame, PcRecord } from './instrument-accept';

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
      ? percentile(
          r.slice(1).map((t, i) => t - (r[i] ?? t)),
          50,
        )
      : null;
  };
  const pollInterval = (pc: PcRecord | undefined) =>
    pc && pc.poll.count > 1 ? (pc.poll.lastAt - pc.created) / pc.poll.count : null;
  /** The steps both pages take from the first remote candidate to "connected" on screen, keyed "<page> <step>". */
  const connectedSteps = (
    page: 'R' | 'C',
    r: BenchRecord,
    pc: PcRecord | undefined,
    audio: number | null,
    est: number | null,
    shown: BenchRecord['states'][number] | null,
  ): Record<string, number | null> => ({
    [`${page} first remote cand`]: rel(pc?.remoteCandidates[0]?.t),
    [`${page} ice connected`]: rel(stateT(pc, 'ice', 'connected')),
    [`${page} dtls connected`]: rel(stateT(pc, 'conn', 'connected')),
    [`${page} first audio`]: rel(audio),
    [`${page} first audio est`]: rel(est),
    [`${page} first played`]: rel(pc?.firstSource?.timestamp),
    [`${page} app poll first`]: rel(pc?.app.firstCallAt),
    [`${page} app saw audio`]: rel(pc?.app.sawAudio?.resolvedAt),
    [`${page} connected sent`]: rel(frameAt(r.frames, 'out', 'call:connected', tap)),
    [`${page} shown`]: rel(shown?.t),
    [`${page} shown frame`]: rel(shown?.raf),
  });
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
    ...connectedSteps('R', receiver, rpc, rAudio, rEst, rShown),
    'C accepted received': rel(frameAt(caller.frames, 'in', 'call:accepted', tap)),
    'C offer sent': rel(frameAt(caller.frames, 'out', 'call:offer', tap)),
    'C answer received': rel(frameAt(caller.frames, 'in', 'call:answer', tap)),
    'C srd start': rel(srd(cpc, 'answer')?.start),
    'C srd end': rel(srd(cpc, 'answer')?.end),
    ...connectedSteps('C', caller, cpc, cAudio, cEst, cShown),
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
