import { CallingError } from '@calling/protocol';
import { defineHandler } from '../define-handler';

/** The seed's `join(userId)`: rooms come from the token now, so this only confirms the id matches it. */
export const join = defineHandler('join', async (payload, { me }) => {
  const userId = typeof payload === 'string' ? payload : payload.userId;
  if (userId !== me.userId) throw new CallingError('forbidden', 'you can only join your own room');
  return { userId };
});
