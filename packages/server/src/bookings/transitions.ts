import type { BookingAction, BookingStatus, Role } from '@calling/protocol';

/** Who may move a booking where: [from states, to state, roles allowed]. */
const RULES: Record<BookingAction, { from: BookingStatus[]; to: BookingStatus; by: Role[] }> = {
  accept: { from: ['pending'], to: 'accepted', by: ['provider'] },
  decline: { from: ['pending'], to: 'cancelled', by: ['provider'] },
  start: { from: ['accepted'], to: 'in_progress', by: ['provider'] },
  complete: { from: ['in_progress'], to: 'completed', by: ['provider'] },
  cancel: { from: ['pending', 'accepted'], to: 'cancelled', by: ['user', 'provider'] },
};

export type BookingMove =
  | { ok: true; from: BookingStatus; to: BookingStatus }
  | { ok: false; code: 'forbidden' | 'conflict'; message: string };

export function bookingMove(action: BookingAction, status: BookingStatus, actor: Role): BookingMove {
  const rule = RULES[action];
  if (!rule.by.includes(actor))
    return { ok: false, code: 'forbidden', message: `a ${actor} cannot ${action} a booking` };
  if (!rule.from.includes(status)) {
    return { ok: false, code: 'conflict', message: `cannot ${action} a booking that is ${status}` };
  }
  return { ok: true, from: status, to: rule.to };
}
