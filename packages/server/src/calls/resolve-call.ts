import { CallingError } from '@calling/protocol';
import { roleOf } from './engine/call';
import type { LiveCallStore, Versioned } from './live/store';

/** How a client event names its call: the seed's bookingId alone, or a callId too. */
export interface CallRef {
  callId?: string | undefined;
  bookingId?: string | undefined;
}

/** The live call a participant's event names, or a typed refusal (none such, or not theirs). */
export async function resolveCall(live: LiveCallStore, userId: string, ref: CallRef): Promise<Versioned> {
  const found = ref.callId ? await live.get(ref.callId) : ref.bookingId ? await live.ofBooking(ref.bookingId) : null;
  if (!found || (ref.bookingId && ref.callId && found.call.bookingId !== ref.bookingId)) {
    throw new CallingError('no_live_call', 'no live call matches this callId/bookingId');
  }
  if (!roleOf(found.call, userId)) throw new CallingError('forbidden', 'not a participant of this call');
  return found;
}
