/**
 * The two designs of turning the camera on in a voice call, each from the call's setup to the tap:
 *   A: the client's. The caller's first offer carries an idle two-way video line (offerVideoLine), the receiver
 *      answers it two-way (answerVideoTwoWay), and the tap is sendCamera: replaceTrack plus the sender
 *      parameters (the real functions of packages/client/src/peer-video.ts).
 *   B: the reference (not product code): W3C perfect negotiation on an audio-only call; the tap is addTrack.
 */

import {
  answerVideoTwoWay,
  offerVideoLine,
  prioritizeAudio,
  sendCamera,
  videoTransceiver,
} from '../../../packages/client/src/peer-video';
import { deferred, until, within } from '../page-waits';
import { type Call, failed, newCounters, newSide, type Side } from './call';
import { watchFrames } from './frames';
import type { Design } from './results';
import { pipe, wire } from './signaling';

/** Audio flows both ways (the call is connected, as the client sees it: packets in, not just ICE). */
async function audioFlowing(call: Call) {
  const inbound = async (pc: RTCPeerConnection) => {
    let n = 0;
    (await pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') n += s.packetsReceived ?? 0;
    });
    return n;
  };
  await until(
    'audio both ways',
    10_000,
    async () => (await inbound(call.caller.pc)) > 0 && (await inbound(call.receiver.pc)) > 0,
  );
}

/** An audio call, set up the way its design sets it up, connected and with audio flowing both ways. */
export async function connectCall(design: Design, delayMs: number, config: RTCConfiguration): Promise<Call> {
  const caller = await newSide('caller', config);
  const receiver = await newSide('receiver', config);
  const call: Call = { design, caller, receiver, counters: newCounters(), stops: [] };
  caller.send = pipe(delayMs, (m) => receiver.receive(m));
  receiver.send = pipe(delayMs, (m) => caller.receive(m));
  for (const side of [caller, receiver]) {
    side.pc.onicecandidate = (e) => {
      if (e.candidate?.candidate) side.send({ candidate: e.candidate.toJSON() });
    };
    side.pc.ontrack = (e) => {
      if (e.track.kind === 'video') watchFrames(call, side, e.track);
    };
  }
  if (design === 'A') await connectA(call);
  else await connectB(call);
  await until(
    'both connected',
    10_000,
    () => caller.pc.connectionState === 'connected' && receiver.pc.connectionState === 'connected',
  );
  await audioFlowing(call);
  return call;
}

/** Design A's call setup, as peer-session.ts does it: the caller offers audio and the idle video line. */
async function connectA(call: Call) {
  const { caller, receiver } = call;
  const sender = caller.pc.addTrack(caller.mic, new MediaStream([caller.mic]));
  void prioritizeAudio(sender);
  offerVideoLine(caller.pc);
  const answered = deferred<void>();
  caller.receive = (m) => {
    if (m.candidate)
      void caller.pc.addIceCandidate(m.candidate).catch((e) => failed(call, 'caller addIceCandidate', e));
    if (m.description?.type === 'answer')
      void caller.pc
        .setRemoteDescription(m.description)
        .then(() => answered.resolve())
        .catch((e) => failed(call, 'caller setRemoteDescription', e));
  };
  const pending: RTCIceCandidateInit[] = [];
  receiver.receive = (m) => {
    if (m.candidate) {
      if (receiver.pc.remoteDescription) void receiver.pc.addIceCandidate(m.candidate).catch(() => {});
      else pending.push(m.candidate);
    }
    if (m.description?.type === 'offer') void answerA(call, m.description, pending);
  };
  await caller.pc.setLocalDescription(await caller.pc.createOffer());
  caller.send({ description: wire(caller.pc.localDescription) });
  await within('the answer', 10_000, answered.promise);
  // Both sides watch the video line's receiver track from the start: it carries frames once the peer's camera is on.
  for (const side of [caller, receiver]) {
    const t = videoTransceiver(side.pc);
    if (!t) throw new Error(`${side.name} has no video line`);
    watchFrames(call, side, t.receiver.track);
  }
}

async function answerA(call: Call, offer: RTCSessionDescriptionInit, pending: RTCIceCandidateInit[]) {
  const pc = call.receiver.pc;
  try {
    await pc.setRemoteDescription(offer);
    const audio = pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio');
    if (audio) {
      audio.direction = 'sendrecv';
      await audio.sender.replaceTrack(call.receiver.mic);
      void prioritizeAudio(audio.sender);
    }
    answerVideoTwoWay(pc);
    await pc.setLocalDescription(await pc.createAnswer());
    call.receiver.send({ description: wire(pc.localDescription) });
    for (const c of pending.splice(0)) await pc.addIceCandidate(c).catch(() => {});
  } catch (e) {
    failed(call, 'receiver answer', e);
  }
}

/**
 * Design B: the W3C perfect negotiation pattern (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example)
 * on both sides from the start; the receiver of the call is the polite peer. The call's first negotiation is
 * the caller's addTrack of its microphone.
 */
function perfectNegotiation(call: Call, side: Side) {
  const pc = side.pc;
  let makingOffer = false;
  let ignoreOffer = false;
  let settingRemoteAnswer = false;
  pc.onnegotiationneeded = async () => {
    try {
      makingOffer = true;
      await pc.setLocalDescription();
      call.counters.descriptions++;
      if (pc.localDescription?.type === 'offer') call.counters.lastOffer = pc.localDescription.sdp;
      side.send({ description: wire(pc.localDescription) });
    } catch (e) {
      failed(call, `${side.name} negotiationneeded`, e);
    } finally {
      makingOffer = false;
    }
  };
  side.receive = async (m) => {
    try {
      if (m.description) {
        const d = m.description;
        const ready = !makingOffer && (pc.signalingState === 'stable' || settingRemoteAnswer);
        const collision = d.type === 'offer' && !ready;
        if (collision) call.counters.collisions++;
        ignoreOffer = !side.polite && collision;
        if (ignoreOffer) {
          call.counters.ignored++;
          return;
        }
        if (collision) call.counters.rollbacks++; // setRemoteDescription rolls this side's offer back
        settingRemoteAnswer = d.type === 'answer';
        await pc.setRemoteDescription(d);
        settingRemoteAnswer = false;
        if (d.type === 'answer') call.counters.answeredAt = performance.now();
        if (d.type === 'offer') {
          // The receiver's microphone goes on the audio line the caller offered (as the client does).
          const audio = pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio');
          if (audio && !audio.sender.track) {
            audio.direction = 'sendrecv';
            await audio.sender.replaceTrack(side.mic);
            void prioritizeAudio(audio.sender);
          }
          await pc.setLocalDescription();
          call.counters.descriptions++;
          side.send({ description: wire(pc.localDescription) });
        }
      } else if (m.candidate) {
        try {
          await pc.addIceCandidate(m.candidate);
        } catch (e) {
          if (!ignoreOffer) throw e;
        }
      }
    } catch (e) {
      failed(call, `${side.name} receive`, e);
    }
  };
}

async function connectB(call: Call) {
  perfectNegotiation(call, call.caller);
  perfectNegotiation(call, call.receiver);
  const sender = call.caller.pc.addTrack(call.caller.mic, new MediaStream([call.caller.mic]));
  void prioritizeAudio(sender);
  await until(
    'the first negotiation',
    10_000,
    () => call.caller.pc.signalingState === 'stable' && !!call.caller.pc.remoteDescription,
  );
  // The audio call's own negotiation is not the tap's.
  call.counters = newCounters();
}

/** The camera goes on the call: A's sendCamera, B's addTrack. */
export async function putCamera(call: Call, side: Side, stream: MediaStream) {
  const track = stream.getVideoTracks()[0];
  if (!track) throw new Error('no fake camera track');
  if (call.design === 'A') {
    if (!(await sendCamera(side.pc, track))) throw new Error('no video line');
    // The client tells the peer (call:video) so its screen can ask; no frame waits for this.
    side.send({ video: true });
  } else {
    side.pc.addTrack(track, stream);
  }
}
