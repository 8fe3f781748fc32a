// iOS: CallKit. The AppDelegate reports each VoIP push to CallKit natively (iOS ends apps that wait for JS), ends
// a ring when the stop arrives as a background push, and set callkeep up, so JS only listens to the picks and
// takes rings down the app shows itself.
import { listenToCallKeep, reportRingEnded } from './callkeep-events';
import { pickedOnSystemRing } from './picks';
import type { StopReason } from './ring';

export async function setupSystemCalls(): Promise<void> {}

export async function showRing(): Promise<void> {}

export async function endRing(callId: string, reason: StopReason | null = null): Promise<void> {
  reportRingEnded(callId, reason);
}

export function listenToSystemCalls(): void {
  listenToCallKeep(pickedOnSystemRing);
}

/** CallKit, VoIP and background pushes need no permission from the person. */
export async function ringPermission(): Promise<'granted' | 'denied'> {
  return 'granted';
}
