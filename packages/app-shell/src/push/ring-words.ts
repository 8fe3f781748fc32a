import type { PushMessage } from '@calling/protocol';

type Ringing = Extract<PushMessage, { type: 'call_ringing' }>;
type Stopped = Extract<PushMessage, { type: 'call_ring_stopped' }>;

/** What the system's ring says: who calls (when the device shows names), never a number. */
export function ringWords(m: Ringing): { title: string; body: string } {
  return { title: m.callerName ? `${m.callerName} is calling` : 'Incoming call', body: 'About your booking' };
}

/** What is left on the screen once a ring stopped; `callerName` is what the ring showed. */
export function stoppedWords(m: Stopped, callerName: string | null): { title: string; body: string } {
  if (m.reason === 'answered') return { title: 'Answered on another device', body: '' };
  if (m.reason === 'declined') return { title: 'Call declined', body: callerName ? `From ${callerName}` : '' };
  return { title: callerName ? `Missed call from ${callerName}` : 'Missed call', body: 'About your booking' };
}

/** Where the app opens for a tap on a ring: the answer or decline rides in the URL to the page. */
export const PUSH_ACTION_PARAM = 'pushAction';
export const PUSH_CALL_PARAM = 'pushCall';

/** In the fragment, not the query: the app's router never sees it (nor keeps it in its state). */
export function pushActionUrl(appBase: string, action: 'answer' | 'decline' | 'open', callId: string): string {
  const url = new URL(appBase);
  if (action !== 'open')
    url.hash = new URLSearchParams({ [PUSH_ACTION_PARAM]: action, [PUSH_CALL_PARAM]: callId }).toString();
  return url.toString();
}

/** The answer or decline a URL carries (opened from a ring), or null. */
export function pushActionFromUrl(href: string): { action: 'answer' | 'decline'; callId: string } | null {
  const params = new URLSearchParams(new URL(href).hash.slice(1));
  const action = params.get(PUSH_ACTION_PARAM);
  const callId = params.get(PUSH_CALL_PARAM);
  if ((action !== 'answer' && action !== 'decline') || !callId || !/^[0-9a-f-]{36}$/i.test(callId)) return null;
  return { action, callId };
}
