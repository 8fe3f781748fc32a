import type { ClientEndReason } from '@calling/protocol';

/** Everything that can happen to a live call. The adapters turn socket events and timers into these. */
export type CallEvent =
  | { type: 'accept'; userId: string; socketId: string; legacy: boolean }
  | { type: 'reject'; userId: string; reason: 'declined' | 'busy' }
  | { type: 'hangup'; userId: string; reason?: ClientEndReason | undefined }
  | { type: 'answer_relayed' }
  | { type: 'media_connected'; userId: string }
  | { type: 'socket_lost'; socketId: string }
  | { type: 'resume'; userId: string; socketId: string; legacy: boolean }
  | { type: 'deadline' }
  | { type: 'revoke'; userId: string }
  | { type: 'callee_offline' };
