import type { ClientEndReason } from '@calling/protocol';

/** The device a party's event came from: its socket (null over REST) and the device id it named, if any. */
export interface FromDevice {
  socketId: string | null;
  deviceId: string | null;
}

/** Everything that can happen to a live call. The adapters turn socket events and timers into these. */
export type CallEvent =
  | { type: 'accept'; userId: string; socketId: string; deviceId: string | null; legacy: boolean }
  | ({ type: 'reject'; userId: string; reason: 'declined' | 'busy' } & FromDevice)
  | ({ type: 'hangup'; userId: string; reason?: ClientEndReason | undefined } & FromDevice)
  | { type: 'answer_relayed' }
  | ({ type: 'media_connected'; userId: string } & FromDevice)
  | ({ type: 'media_report'; userId: string; hearing: boolean; silentMs: number } & FromDevice)
  | { type: 'socket_lost'; socketId: string }
  | { type: 'resume'; userId: string; socketId: string; deviceId: string | null; legacy: boolean }
  | { type: 'deadline' }
  | { type: 'revoke'; userId: string | null }
  | { type: 'callee_offline' };
