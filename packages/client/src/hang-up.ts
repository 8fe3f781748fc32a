import type { CallEndBody } from '@calling/protocol';

/** Delays between REST hang-up attempts: the last lands well inside the server's default 20 s grace. */
export const HANG_UP_RETRY_MS = [0, 500, 1000, 2000, 4000, 8000] as const;

/** The REST path of a hang-up, shared by CallsApi (with retries) and the beacon. */
export const hangUpPath = (callId: string) => `/api/calls/${encodeURIComponent(callId)}/end`;

/**
 * The hang-up of a page that is closing: `navigator.sendBeacon` outlives the page, but sends no headers, so
 * the token rides in a text/plain body (no CORS preflight). False if the browser would not queue it.
 */
export function hangUpByBeacon(
  sendBeacon: (url: string, data: string) => boolean,
  serverUrl: string,
  callId: string,
  body: CallEndBody,
): boolean {
  try {
    return sendBeacon(`${serverUrl.replace(/\/$/, '')}${hangUpPath(callId)}`, JSON.stringify(body));
  } catch {
    return false;
  }
}
