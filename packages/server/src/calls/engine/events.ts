import type { ClientEndReason, IceCandidate, SessionDescription } from '@calling/protocol';

/** The device a party's event came from: its socket (null over REST) and the device id it named, if any. */
export interface FromDevice {
  socketId: string | null;
  deviceId: string | null;
}

/** Everything that can happen to a live call. The adapters turn socket events and timers into these. */
export type CallEvent =
  /** `answer`: the receiver answered the early offer in its accept (protocol 3). */
  | {
      type: 'accept';
      userId: string;
      socketId: string;
      deviceId: string | null;
      protocol: number;
      answer?: SessionDescription | undefined;
    }
  /** The caller's first offer while it rings, and candidates after it (protocol 3). */
  | ({ type: 'early_offer'; userId: string; offer: SessionDescription; candidatesDone: boolean } & FromDevice)
  | ({ type: 'early_candidates'; userId: string; candidates: IceCandidate[]; done: boolean } & FromDevice)
  | ({ type: 'reject'; userId: string; reason: 'declined' | 'busy' } & FromDevice)
  | ({ type: 'hangup'; userId: string; reason?: ClientEndReason | undefined } & FromDevice)
  | { type: 'answer_relayed' }
  | ({ type: 'media_connected'; userId: string } & FromDevice)
  /** A party's camera turned on or off (connected calls only). */
  | ({ type: 'video'; userId: string; on: boolean } & FromDevice)
  | ({ type: 'media_report'; userId: string; hearing: boolean; silentMs: number } & FromDevice)
  | { type: 'socket_lost'; socketId: string }
  | { type: 'resume'; userId: string; socketId: string; deviceId: string | null; protocol: number }
  /** A receiver's device that connected while the call rings was sent the ring (woken by push, or back). */
  | { type: 'rang' }
  | { type: 'deadline' }
  | { type: 'revoke'; userId: string | null }
  | { type: 'callee_offline' };
