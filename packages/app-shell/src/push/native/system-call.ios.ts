// iOS: CallKit. The AppDelegate reports each VoIP push to CallKit natively (iOS ends apps that wait for JS), and
// set callkeep up there, so JS only listens to the picks and takes rings down.
import { pushActions } from './actions';
import { listenToCallKeep, reportRingEnded, type StopReason } from './callkeep-events';

export async function setupSystemCalls(): Promise<void> {}

export async function showRing(): Promise<void> {}

export function endRing(callId: string, reason: StopReason | null = null): void {
  reportRingEnded(callId, reason);
}

export function listenToSystemCalls(): void {
  listenToCallKeep((action, callId) => pushActions.emit({ action, callId }));
}

/** CallKit and VoIP pushes need no permission from the person. */
export async function ringPermission(): Promise<'granted' | 'denied'> {
  return 'granted';
}
