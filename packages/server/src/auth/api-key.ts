import { createHash, timingSafeEqual } from 'node:crypto';
import { CallingError } from '@calling/protocol';

const digest = (key: string) => createHash('sha256').update(key).digest();

/**
 * A server-to-server key (the host's HOST_API_KEY, the operators' OPERATOR_API_KEY), never a user's token.
 * Compared in constant time (digests of equal length, so neither the key's length nor its prefix shows).
 */
export function apiKey(key: string | null, offMessage: string) {
  const expected = key ? digest(key) : null;
  return {
    /** Throws unless `presented` is the key: `forbidden` when its API is off, `unauthorized` otherwise. */
    check(presented: string | null): void {
      if (!expected) throw new CallingError('forbidden', offMessage);
      if (!presented || !timingSafeEqual(digest(presented), expected)) {
        throw new CallingError('unauthorized', 'wrong or missing API key');
      }
    },
  };
}
export type ApiKey = ReturnType<typeof apiKey>;
