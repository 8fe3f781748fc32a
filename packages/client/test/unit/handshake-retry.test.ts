import { describe, expect, it } from 'vitest';
import { handshakeRetryDelay, UNAUTHORIZED_RETRIES } from '../../src/handshake-retry';

describe('after the server refused a handshake', () => {
  it('a server that cannot check tokens now, or has too many sockets of this account, is tried again, backing off to 10 s', () => {
    for (const code of ['unavailable', 'rate_limited']) {
      expect([0, 1, 2, 3, 4, 5, 50].map((n) => handshakeRetryDelay(code, n, false))).toEqual([
        500, 1000, 2000, 4000, 8000, 10_000, 10_000,
      ]);
    }
  });

  it('a refused token is tried again only with a token function (a fresh token each time), a few times', () => {
    const delays = Array.from({ length: UNAUTHORIZED_RETRIES + 2 }, (_, n) =>
      handshakeRetryDelay('unauthorized', n, true),
    );
    expect(delays).toEqual([500, 1000, 2000, null, null]);
    expect(handshakeRetryDelay('unauthorized', 0, false)).toBeNull();
  });

  it('anything else is final', () => {
    expect(handshakeRetryDelay('forbidden', 0, true)).toBeNull();
    expect(handshakeRetryDelay(undefined, 0, true)).toBeNull();
  });
});
