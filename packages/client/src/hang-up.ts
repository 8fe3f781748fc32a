import { type CallEndBody, CallEndResult } from '@calling/protocol';

/** Delays between REST hang-up attempts: the last lands well inside the server's default 20 s grace. */
export const HANG_UP_RETRY_MS = [0, 500, 1000, 2000, 4000, 8000] as const;

export type HangUpOutcome = 'ended' | 'refused' | 'gave_up';

const url = (serverUrl: string, callId: string) =>
  `${serverUrl.replace(/\/$/, '')}/api/calls/${encodeURIComponent(callId)}/end`;

/**
 * A hang-up the socket could not carry, over REST, tried again while the network is away. A reply with an
 * error (the call already ended, or is not ours) is final: only no reply at all is retried.
 */
export async function hangUpOverRest(
  serverUrl: string,
  callId: string,
  body: Omit<CallEndBody, 'token'>,
  token: () => string | Promise<string>,
  delays: readonly number[] = HANG_UP_RETRY_MS,
): Promise<HangUpOutcome> {
  for (const delay of delays) {
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    try {
      const res = await fetch(url(serverUrl, callId), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
        body: JSON.stringify(body),
      });
      const reply = (await res.json()) as { status?: string; data?: unknown };
      if (reply.status === 'success' && CallEndResult.safeParse(reply.data).success) return 'ended';
      if (res.status < 500) return 'refused';
    } catch {
      // No answer (offline, server away): try again.
    }
  }
  return 'gave_up';
}

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
    return sendBeacon(url(serverUrl, callId), JSON.stringify(body));
  } catch {
    return false;
  }
}
