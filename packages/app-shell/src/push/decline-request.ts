/** What a decline needs without the app's screens: the server, the person's token, this device's id. */
export interface DeclineSession {
  serverUrl: string;
  token: string;
  deviceId: string;
}

/**
 * Declines a ringing call as this device (`POST /api/calls/:callId/end`; a receiver's end of a ringing call is
 * a decline), from wherever the pick was made: a service worker, a headless task. True when nothing is left to
 * decline (409: it ended already, cancelled or answered elsewhere); false when the server did not take it.
 */
export async function declineRequest(
  session: DeclineSession,
  callId: string,
  fetchImpl: typeof fetch = (...a) => fetch(...a),
): Promise<boolean> {
  const res = await fetchImpl(`${session.serverUrl}/api/calls/${encodeURIComponent(callId)}/end`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ deviceId: session.deviceId }),
  }).catch(() => null);
  return res !== null && (res.ok || res.status === 409);
}
