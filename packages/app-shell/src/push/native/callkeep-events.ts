// CallKit's / ConnectionService's calls through react-native-callkeep, the same on both platforms.

import RNCallKeep from 'react-native-callkeep';
import { pushActions } from './actions';
import { callIdOfSystemCall, type StopReason, systemCallUuid, systemEndReason } from './ring';

/** Ends the system's call for callId without reporting a pick; later events for it are echoes. */
export function reportRingEnded(callId: string, reason: StopReason | null): void {
  pushActions.settle(callId);
  RNCallKeep.reportEndCallWithUUID(systemCallUuid(callId), systemEndReason(reason));
}

type Picked = (action: 'answer' | 'decline', callId: string) => unknown;

/** Answer and end on the system's call UI, also those made before JS listened (a pick that launched the app). */
export function listenToCallKeep(picked: Picked): void {
  RNCallKeep.addEventListener('answerCall', ({ callUUID }) => void picked('answer', callIdOfSystemCall(callUUID)));
  // An end before any answer is a decline; after an answer on this screen it is a hang-up (picks.ts).
  RNCallKeep.addEventListener('endCall', ({ callUUID }) => void picked('decline', callIdOfSystemCall(callUUID)));
  RNCallKeep.addEventListener('didLoadWithEvents', (events) => {
    for (const { name, data } of events) {
      if (name === 'RNCallKeepPerformAnswerCallAction') void picked('answer', callIdOfSystemCall(data.callUUID));
      if (name === 'RNCallKeepPerformEndCallAction') void picked('decline', callIdOfSystemCall(data.callUUID));
    }
  });
}
