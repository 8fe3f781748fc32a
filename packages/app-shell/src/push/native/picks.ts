import { pushActions } from './actions';
import { decliner } from './decliner';

/**
 * A pick on the system's ring, each call's first only. Decline goes to the server now, since the app may never
 * open; a decline the server did not take (offline, no stored session), and every Answer, wait in pushActions
 * for the app to carry out when the call rings in it. Resolves once handled, so a headless task can end then.
 */
export async function pickedOnSystemRing(action: 'answer' | 'decline', callId: string): Promise<boolean> {
  if (!pushActions.claim(callId)) {
    // The system's end of a call answered on it is the person hanging up there.
    if (action === 'decline' && pushActions.takeHangUp(callId)) {
      pushActions.deliver({ action: 'end', callId });
      return true;
    }
    return false;
  }
  if (action === 'decline' && (await decliner.decline(callId))) return true;
  if (action === 'answer') pushActions.markAnswered(callId);
  pushActions.deliver({ action, callId });
  return true;
}
