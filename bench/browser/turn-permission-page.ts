/**
 * The browser side of bench/turn-permission.ts, bundled by it with esbuild: one relay-only call between two
 * RTCPeerConnections in this page, set up as the client sets up a protocol-3 call. The caller's offer goes to
 * the receiver without candidates; the receiver's answer comes back as a provisional answer; at the "tap" the
 * receiver adds the caller's candidates and, a fixed signaling delay later, the caller gets the answer and the
 * receiver's candidates. With `hint`, the caller adds one more remote candidate while it rings: its own TURN
 * relay's address at a port nobody uses, so its TURN server holds a permission for that address (the
 * receiver's relay, on the same TURN server, has it too) before the receiver's first check comes.
 */

export interface PermissionTry {
  hint: boolean;
  ringMs: number;
  /** ICE connected, ms after the tap (-1: not within 5 s). */
  callerConnected: number;
  receiverConnected: number;
  /** The caller's ICE state at the tap (the hint's pair is checked while it rings). */
  callerStateAtTap: RTCIceConnectionState;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const withoutCandidates = (sdp: string) =>
  sdp
    .split('\r\n')
    .filter((l) => !l.startsWith('a=candidate') && !l.startsWith('a=end-of-candidates'))
    .join('\r\n');

function gathered(pc: RTCPeerConnection, into: RTCIceCandidate[]) {
  return new Promise<void>((done) => {
    const timer = setTimeout(done, 5000);
    pc.onicecandidate = (e) => {
      if (e.candidate) into.push(e.candidate);
      else {
        clearTimeout(timer);
        done();
      }
    };
  });
}

function connectedAfter(pc: RTCPeerConnection, since: number) {
  return new Promise<number>((done) => {
    const timer = setTimeout(() => done(-1), 5000);
    const check = () => {
      if (pc.iceConnectionState !== 'connected' && pc.iceConnectionState !== 'completed') return;
      clearTimeout(timer);
      done(Math.round(performance.now() - since));
    };
    pc.addEventListener('iceconnectionstatechange', check);
    check();
  });
}

async function run(o: { iceServer: RTCIceServer; hint: boolean; ringMs: number; delayMs: number }) {
  const config: RTCConfiguration = { iceServers: [o.iceServer], iceTransportPolicy: 'relay' };
  const caller = new RTCPeerConnection(config);
  const receiver = new RTCPeerConnection(config);
  const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
  try {
    for (const t of mic.getAudioTracks()) caller.addTrack(t, mic);
    const callerCandidates: RTCIceCandidate[] = [];
    const receiverCandidates: RTCIceCandidate[] = [];
    const callerGathered = gathered(caller, callerCandidates);
    await caller.setLocalDescription();
    await callerGathered;
    const receiverGathered = gathered(receiver, receiverCandidates);
    await receiver.setRemoteDescription({ type: 'offer', sdp: withoutCandidates(caller.localDescription?.sdp ?? '') });
    await receiver.setLocalDescription();
    await receiverGathered;
    const answer = withoutCandidates(receiver.localDescription?.sdp ?? '');
    await caller.setRemoteDescription({ type: 'pranswer', sdp: answer });
    const relay = callerCandidates.find((c) => c.type === 'relay');
    if (o.hint && relay) {
      // Chromium drops remote candidates on ports below 1024: a high one that nothing listens on.
      await caller.addIceCandidate({
        candidate: `candidate:9 1 udp 1 ${relay.address} 65000 typ relay raddr 0.0.0.0 rport 0`,
        sdpMid: relay.sdpMid,
        sdpMLineIndex: relay.sdpMLineIndex,
      });
    }
    await sleep(o.ringMs);
    const callerStateAtTap = caller.iceConnectionState;
    const tap = performance.now();
    const times = Promise.all([connectedAfter(caller, tap), connectedAfter(receiver, tap)]);
    for (const c of callerCandidates) void receiver.addIceCandidate(c);
    await sleep(o.delayMs);
    void caller.setRemoteDescription({ type: 'answer', sdp: answer });
    for (const c of receiverCandidates) void caller.addIceCandidate(c);
    const [callerConnected, receiverConnected] = await times;
    return { hint: o.hint, ringMs: o.ringMs, callerConnected, receiverConnected, callerStateAtTap };
  } finally {
    caller.close();
    receiver.close();
    for (const t of mic.getTracks()) t.stop();
  }
}

const api = { run };
export type TurnPermissionApi = typeof api;
(window as unknown as { __tp: TurnPermissionApi }).__tp = api;
