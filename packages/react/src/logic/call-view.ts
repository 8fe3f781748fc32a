import type { CallPhase, CallSnapshot } from '@calling/client';

/** Which face of the call overlay to show for a state. */
export type CallView = 'none' | 'incoming' | 'outgoing' | 'active' | 'ended';

export function callView(state: CallPhase): CallView {
  switch (state) {
    case 'idle':
      return 'none';
    case 'ringing':
      return 'incoming';
    case 'calling':
      return 'outgoing';
    case 'connecting':
    case 'connected':
    case 'reconnecting':
      return 'active';
    case 'ended':
      return 'ended';
  }
}

/** A short line under the state word: what is happening, in words. */
export function stateDetail(s: Pick<CallSnapshot, 'state' | 'call' | 'peerReconnecting'>): string {
  const peer = s.call?.peerName ?? '';
  switch (s.state) {
    case 'idle':
      return '';
    case 'calling':
      return peer ? `Calling ${peer}…` : 'Calling…';
    case 'ringing':
      return `${peer || 'Someone'} is calling`;
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return s.peerReconnecting ? `${peer || 'The other side'} is reconnecting…` : 'On call';
    case 'reconnecting':
      return 'Reconnecting…';
    case 'ended':
      return 'Call ended';
  }
}
