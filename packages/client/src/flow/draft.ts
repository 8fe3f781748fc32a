import type { EndReason } from '@calling/protocol';
import { type CallInput, reduceCall } from '../state';
import type { CallError, CallSnapshot } from '../types';
import type { CallIds, CallLeg, FlowEffect, FlowState } from './types';

/** A working copy of one step: handlers change it and list effects; the state they were given is never touched. */
export class Draft {
  snapshot: CallSnapshot;
  leg: CallLeg | null;
  unnamed: FlowState['unnamed'];
  nextLeg: number;
  readonly effects: FlowEffect[] = [];

  constructor(from: FlowState) {
    this.snapshot = from.snapshot;
    this.leg = from.leg
      ? { ...from.leg, initiate: { ...from.leg.initiate }, heldCandidates: [...from.leg.heldCandidates] }
      : null;
    this.unnamed = from.unnamed;
    this.nextLeg = from.nextLeg;
  }

  show(input: CallInput): void {
    this.snapshot = reduceCall(this.snapshot, input);
  }

  do(effect: FlowEffect): void {
    this.effects.push(effect);
  }

  /** The leg an input names, if it is still this device's call. */
  current(leg: number): CallLeg | null {
    return this.leg?.id === leg ? this.leg : null;
  }

  startLeg(bookingId: string, role: CallLeg['role'], callId: string | null, peerId: string | null): CallLeg {
    this.leg = {
      id: this.nextLeg,
      bookingId,
      role,
      callId,
      peerId,
      initiate: { unanswered: 0, waiting: false },
      media: null,
      micReady: false,
      sessionOpen: false,
      answered: false,
      offer: null,
      offerSent: false,
      remoteOffer: null,
      answeredOfferSdp: null,
      acceptSent: false,
      heldCandidates: [],
      batchOpen: false,
      pranswerSent: false,
      pranswerSet: false,
      candidatesSent: false,
      gathered: false,
      candidatesDone: false,
      reportedConnected: false,
      mediaDropped: false,
      droppedSinceSocketUp: false,
    };
    this.nextLeg += 1;
    return this.leg;
  }

  /**
   * The one way a call ends on this device: release everything, show `ended`, then go idle. An end the server
   * reports names its call; one for another call (or booking, before the initiate ack) changes nothing.
   */
  finish(reason: EndReason, o: { callId?: string; bookingId?: string; duration?: number; error?: CallError } = {}) {
    const leg = this.leg;
    if (leg) {
      const mine = !o.callId || (leg.callId ? leg.callId === o.callId : leg.bookingId === o.bookingId);
      if (!mine) return;
      if (!leg.callId) this.unnamed = [...this.unnamed, { leg: leg.id, reason }];
      this.leg = null;
      this.do({ type: 'release' });
    }
    this.show({
      type: 'ended',
      reason,
      ...(o.callId ? { callId: o.callId } : {}),
      ...(o.duration !== undefined ? { duration: o.duration } : {}),
      ...(o.error ? { error: o.error } : {}),
    });
    if (this.snapshot.state === 'ended') this.do({ type: 'ended-timer', on: true });
  }

  done(): { state: FlowState; effects: FlowEffect[] } {
    const state = { snapshot: this.snapshot, leg: this.leg, unnamed: this.unnamed, nextLeg: this.nextLeg };
    return { state, effects: this.effects };
  }
}

export const legIds = (leg: CallLeg): CallIds => ({
  bookingId: leg.bookingId,
  ...(leg.callId ? { callId: leg.callId } : {}),
});

/** The seed's `to` addressing, once the peer is known. */
export const addressedTo = (leg: CallLeg): { to?: string } => (leg.peerId ? { to: leg.peerId } : {});
