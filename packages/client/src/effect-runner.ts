import type { CallMedia } from './call-media';
import type { CallResources } from './call-resources';
import type { ClientIdentity } from './client-identity';
import type { FlowEffect, FlowInput } from './flow';
import type { CallsApi } from './rest';
import type { Signaling } from './signaling';
import type { CallClientOptions } from './types';

/** What the effects act on: the client's connections and its current call, read when an effect runs. */
export interface EffectTarget {
  opts: CallClientOptions;
  signaling: Signaling;
  api: CallsApi;
  media: CallMedia;
  identity: ClientIdentity;
  /** Steps the flow again with an effect's result. */
  apply(input: FlowInput): Promise<void>;
  /** The resources of the flow's current call, made on first use; none for a call that is over. */
  resourcesFor(leg: number): CallResources | null;
  /** The current call's resources as they are (never made here). */
  resources(): CallResources | null;
  muted(): boolean;
  /** Sends the page-hide hang-up, while endOnPageHide has one to send. */
  beacon(callId: string): void;
}

/** How long the candidates after a device's first wait for the end of gathering before they go anyway. */
const CANDIDATE_BATCH_MS = 1000;

/**
 * Carries out the call flow's effects over socket.io, REST and the call's media; results go back to the flow
 * as inputs. Decides nothing: every choice was the flow's.
 */
export class EffectRunner {
  private endedTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly t: EffectTarget) {}

  run(e: FlowEffect): unknown {
    const t = this.t;
    switch (e.type) {
      case 'acquire-mic': {
        const res = t.resourcesFor(e.leg);
        return res ? t.media.acquireMic(res) : undefined;
      }
      case 'initiate':
        return t.signaling
          .request('call:initiate', { bookingId: e.bookingId, onGlare: 'answer' })
          .then((result) => t.apply({ type: 'initiate-ack', leg: e.leg, result }));
      case 'accept':
        return t.signaling
          .request('call:accept', { ...e.ids, ...(e.answer ? { answer: e.answer } : {}) })
          .then((result) => t.apply({ type: 'accept-ack', leg: e.leg, result }));
      case 'reject':
        return t.signaling.request('call:reject', { ...e.ids, reason: e.reason });
      case 'hang-up':
        return this.hangUp(e.ids);
      case 'beacon':
        return void t.beacon(e.callId);
      case 'end':
        return t.signaling.request('call:end', { ...e.ids, ...(e.reason ? { reason: e.reason } : {}) });
      case 'resume':
        return t.signaling.request('call:resume', { callId: e.callId }).then((result) => {
          const iceConnected = t.resources()?.session?.iceConnectionState === 'connected';
          return t.apply({ type: 'resume-ack', leg: e.leg, result, iceConnected });
        });
      case 'ask-outcome':
        return t.api
          .outcome(e.bookingId, e.callId)
          .catch(() => null)
          .then((outcome) => t.apply({ type: 'outcome', leg: e.leg, outcome, error: e.error }));
      case 'open-session': {
        const res = t.resourcesFor(e.leg);
        const { iceServers, relayOnly, makeOffer } = e;
        const muted = t.muted();
        if (!res || !t.media.openSession(res, { iceServers, relayOnly, muted, makeOffer, gather: true })) return;
        return makeOffer ? t.media.createOffer(res) : undefined;
      }
      case 'prepare-answer': {
        const res = t.resourcesFor(e.leg);
        const { iceServers, relayOnly, offer } = e;
        const muted = t.muted();
        const session =
          res && t.media.openSession(res, { iceServers, relayOnly, muted, makeOffer: false, gather: false });
        return res && session ? t.media.prepareAnswer(res, session, offer) : undefined;
      }
      case 'send-pranswer':
        return t.signaling.post('call:pranswer', { ...e.ids, answer: e.answer });
      case 'set-pranswer': {
        const res = t.resourcesFor(e.leg);
        return res?.session?.setProvisionalAnswer(e.answer);
      }
      case 'answer-at-tap': {
        const res = t.resourcesFor(e.leg);
        return res ? t.media.answerAtTap(res, e.offer) : undefined;
      }
      case 'attach-mic': {
        const res = t.resourcesFor(e.leg);
        return res ? t.media.attachMic(res, t.muted()) : undefined;
      }
      case 'send-offer': {
        const { ids, to, offer, candidatesDone } = e;
        return t.signaling.post('call:offer', { ...ids, ...(to ? { to } : {}), offer, candidatesDone });
      }
      case 'send-candidates': {
        const { ids, to, candidates, done } = e;
        return t.signaling.post('call:ice-candidates', { ...ids, ...(to ? { to } : {}), candidates, done });
      }
      case 'batch-timer':
        return t.resourcesFor(e.leg)?.startBatchTimer(CANDIDATE_BATCH_MS, () => {
          void t.apply({ type: 'flush-candidates', leg: e.leg });
        });
      case 'accept-answer': {
        const res = t.resourcesFor(e.leg);
        return res ? t.media.acceptAnswer(res, e.answer) : undefined;
      }
      case 'resend-answer': {
        const res = t.resourcesFor(e.leg);
        return res ? t.media.resendAnswer(res, e.ids, e.to ? { to: e.to } : {}) : undefined;
      }
      case 'answer-offer': {
        const res = t.resourcesFor(e.leg);
        return res ? t.media.answerOffer(res, e.offer, e.ids, e.to ? { to: e.to } : {}) : undefined;
      }
      case 'report-connected':
        return t.signaling.post('call:connected', { callId: e.callId, bookingId: e.bookingId });
      case 'report-hearing': {
        const { type: _, ...payload } = e;
        return t.signaling.send('call:media', payload);
      }
      case 'restart-now':
        return t.resources()?.watchdog?.restartNow();
      case 'restart-ice': {
        const res = t.resourcesFor(e.leg);
        return res ? t.media.restartIce(res, e.ids, e.to ? { to: e.to } : {}) : undefined;
      }
      case 'set-muted':
        for (const track of t.resources()?.mic?.getAudioTracks() ?? []) track.enabled = !e.muted;
        return;
      case 'release':
        return; // done before the snapshot is shown (CallClient.step)
      case 'connect-timer': {
        const res = t.resourcesFor(e.leg);
        if (!e.on) return res?.clearConnectTimer();
        const giveUp = () => void t.apply({ type: 'give-up', leg: e.leg, reason: 'ice_failed' });
        return res?.startConnectTimer(t.opts.connectTimeoutMs ?? 20_000, giveUp);
      }
      case 'ended-timer':
        if (this.endedTimer) clearTimeout(this.endedTimer);
        this.endedTimer = e.on
          ? setTimeout(() => void t.apply({ type: 'ended-held' }), t.opts.endedHoldMs ?? 3000)
          : null;
        return;
    }
  }

  /** The client is closing: the ended screen's timer has nothing left to reset. */
  stop(): void {
    if (this.endedTimer) clearTimeout(this.endedTimer);
  }

  /** The socket is down or never answered: the hang-up goes over REST (retried), not lost to the grace period. */
  private async hangUp(ids: { bookingId: string; callId: string }): Promise<void> {
    const { signaling, api, identity } = this.t;
    const socketId = signaling.socketId;
    const ack = await signaling.request('call:end', ids);
    if (!ack.ok && (ack.error.code === 'not_connected' || ack.error.code === 'timeout')) {
      await api.hangUp(ids.callId, identity.device(socketId));
    }
  }
}
