// Runs inside a peer namespace: one CallClient on @roamhq/wrtc (host candidates on the namespace's veth
// only), driven by the test over JSON lines (lines.ts). Records what a test needs to prove the path: the
// ICE servers the client handed to its peer connection, every local and remote candidate, every snapshot.

import { emit, fatal, serve, sleep } from '@calling/server/testing/netns';
import { CallClient } from '../../../src';
import { inboundAudio, nodeWebRtc, selectedPath } from '../../../src/testing/node-webrtc';
import type { CallPhase, CallSnapshot } from '../../../src/types';

export interface PeerConfig {
  serverUrl: string;
  token: string;
  connectTimeoutMs: number;
}

export interface CandidateSeen {
  type: string;
  address: string;
}

export interface PeerReport {
  snapshot: CallSnapshot;
  states: CallPhase[];
  /** The last `ended` snapshot, kept after the client went back to idle. */
  ended: CallSnapshot | null;
  /** iceServers and iceTransportPolicy of every peer connection the client made (credentials left out). */
  configs: { urls: string[]; hasCredential: boolean; policy: string | undefined }[];
  local: CandidateSeen[];
  remote: CandidateSeen[];
  /** Remote candidates the peer connection refused (the client ignores such errors). */
  refused: string[];
  /** Every iceConnectionState the peer connection went through. */
  iceStates: string[];
}

const config = JSON.parse(process.argv[2] ?? '{}') as PeerConfig;

/** `candidate:<foundation> <component> <proto> <priority> <address> <port> typ <type> ...` */
function parseCandidate(line: string | undefined | null): CandidateSeen | null {
  const m = line?.match(/^(?:a=)?candidate:\S+ \d+ \S+ \d+ (\S+) \d+ typ (\S+)/);
  return m?.[1] && m[2] ? { address: m[1], type: m[2] } : null;
}

export interface PairStats {
  state: string;
  local: string;
  remote: string;
  requestsSent: number;
  responsesReceived: number;
}

/** Every ICE candidate pair (from getStats): the checks sent on each and the answers that came back. */
async function candidatePairs(pc: RTCPeerConnection): Promise<PairStats[]> {
  const byId = new Map<string, Record<string, unknown>>();
  (await pc.getStats()).forEach((s: Record<string, unknown>) => {
    byId.set(String(s.id), s);
  });
  const addr = (id: unknown) => {
    const c = byId.get(String(id));
    return `${c?.candidateType} ${c?.address ?? c?.ip}`;
  };
  return [...byId.values()]
    .filter((s) => s.type === 'candidate-pair')
    .map((s) => ({
      state: String(s.state),
      local: addr(s.localCandidateId),
      remote: addr(s.remoteCandidateId),
      requestsSent: Number(s.requestsSent ?? 0),
      responsesReceived: Number(s.responsesReceived ?? 0),
    }));
}

try {
  const webrtc = nodeWebRtc();
  const configs: PeerReport['configs'] = [];
  const local: CandidateSeen[] = [];
  const remote: CandidateSeen[] = [];
  const iceStates: string[] = [];
  const refused: string[] = [];
  const Recorded = webrtc.RTCPeerConnection;
  class Observed extends Recorded {
    constructor(c: RTCConfiguration) {
      super(c);
      configs.push({
        urls: (c.iceServers ?? []).flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls])),
        hasCredential: (c.iceServers ?? []).some((s) => Boolean(s.username && s.credential)),
        policy: c.iceTransportPolicy,
      });
      this.addEventListener('icecandidate', (e) => {
        const seen = parseCandidate((e as RTCPeerConnectionIceEvent).candidate?.candidate);
        if (seen) local.push(seen);
      });
      this.addEventListener('iceconnectionstatechange', () => iceStates.push(this.iceConnectionState));
    }
    // Protocol 3: candidates gathered before the offer went out ride in its SDP, not in addIceCandidate.
    override setRemoteDescription(desc: RTCSessionDescriptionInit): Promise<void> {
      for (const line of (desc.sdp ?? '').split(/\r?\n/)) {
        const seen = line.startsWith('a=candidate:') ? parseCandidate(line.slice(2)) : null;
        if (seen) remote.push(seen);
      }
      return super.setRemoteDescription(desc);
    }
    override addIceCandidate(candidate?: RTCIceCandidateInit | null): Promise<void> {
      const seen = parseCandidate(candidate?.candidate);
      if (seen) remote.push(seen);
      return super.addIceCandidate(candidate ?? undefined).catch((err: unknown) => {
        refused.push(`${candidate?.candidate}: ${err}`);
        throw err;
      });
    }
  }
  const client = new CallClient({
    serverUrl: config.serverUrl,
    token: config.token,
    webrtc: { ...webrtc, RTCPeerConnection: Observed },
    endedHoldMs: 500,
    connectTimeoutMs: config.connectTimeoutMs,
  });
  const seen: CallSnapshot[] = [];
  client.subscribe(() => seen.push(client.getSnapshot()));
  client.connect();
  const report = (): PeerReport => ({
    snapshot: client.getSnapshot(),
    states: seen.map((s) => s.state),
    ended: [...seen].reverse().find((s) => s.state === 'ended') ?? null,
    configs,
    local,
    remote,
    iceStates,
    refused,
  });
  const pc = () => {
    const first = webrtc.pcs[0];
    if (!first) throw new Error('no peer connection yet');
    return first;
  };
  const waitFor = async (state: CallPhase, timeoutMs: number) => {
    const started = Date.now();
    while (!seen.some((s) => s.state === state)) {
      if (Date.now() - started > timeoutMs) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${state} (seen ${seen.map((s) => s.state)})`);
      }
      await sleep(20);
    }
    return report();
  };

  const started = Date.now();
  while (!client.getSnapshot().online) {
    if (Date.now() - started > 15_000) throw new Error(`socket not online after 15 s (${config.serverUrl})`);
    await sleep(20);
  }
  let closing: Promise<void> | null = null;
  serve(
    {
      startCall: (a) => {
        void client.startCall(String(a.bookingId));
      },
      accept: () => client.accept(),
      end: () => client.end(),
      waitFor: (a) => waitFor(a.state as CallPhase, Number(a.timeoutMs ?? 15_000)),
      report,
      inboundAudio: () => inboundAudio(pc()),
      path: () => selectedPath(pc()),
      pairs: () => candidatePairs(pc()),
    },
    () => {
      closing ??= (async () => {
        client.close();
        await sleep(300); // the hang-up (if any) leaves before the socket closes
      })();
      return closing;
    },
  );
  emit({ ready: { pid: process.pid } });
} catch (err) {
  fatal(err);
}
