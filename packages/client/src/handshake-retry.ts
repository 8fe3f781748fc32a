/**
 * After the server refused a handshake (socket.io does not try again by itself), when to try again, or null to
 * give up. A server that cannot check tokens right now (`unavailable`) or has too many of this account's
 * sockets (`rate_limited`) is tried again, backing off to 10 s, for as long as the client lives. A refused
 * token (`unauthorized`, expired say) is tried again a few times only when the app can hand over a fresh one
 * (`token` is a function, asked at every connect); then the refusal is final.
 */
export function handshakeRetryDelay(
  code: string | undefined,
  attempt: number,
  refreshableToken: boolean,
): number | null {
  const backoff = Math.min(10_000, 500 * 2 ** attempt);
  if (code === 'unavailable' || code === 'rate_limited') return backoff;
  if (code === 'unauthorized') return refreshableToken && attempt < UNAUTHORIZED_RETRIES ? backoff : null;
  return null;
}

/** How many fresh tokens a refused handshake asks for before it gives up. */
export const UNAUTHORIZED_RETRIES = 3;
