import { createHash, timingSafeEqual } from 'node:crypto';
import { CallingError } from '@calling/protocol';

const digest = (key: string) => createHash('sha256').update(key).digest();

/**
 * The key the host marketplace's backend calls the provisioning API with (HOST_API_KEY). Compared in constant
 * time (digests of equal length, so neither the key's length nor its prefix shows in the timing).
 */
export function hostApiKey(key: string | null) {
  const expected = key ? digest(key) : null;
  return {
    /** Throws unless `presented` is the key: `forbidden` when the API is off, `unauthorized` otherwise. */
    check(presented: string | null): void {
      if (!expected) throw new CallingError('forbidden', 'the provisioning API is off here (HOST_API_KEY is not set)');
      if (!presented || !timingSafeEqual(digest(presented), expected)) {
        throw new CallingError('unauthorized', 'wrong or missing API key');
      }
    },
  };
}
export type HostApiKey = ReturnType<typeof hostApiKey>;
