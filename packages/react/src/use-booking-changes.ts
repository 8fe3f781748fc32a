import type { Booking } from '@calling/protocol';
import { useContext, useEffect, useRef } from 'react';
import { CallContext } from './context';

export interface BookingChangeHandlers {
  /** A booking of this person was created or changed: the booking as the REST API now answers it. */
  changed(booking: Booking): void;
  /**
   * The call service's connection came back after a drop: changes made meanwhile were not sent, so what is
   * shown should be read again.
   */
  missed?(): void;
}

/**
 * Follows this person's bookings over the call client's socket (no polling, no extra connection). Must be used
 * under a CallProvider; the handlers may change on every render.
 */
export function useBookingChanges(handlers: BookingChangeHandlers): void {
  const client = useContext(CallContext)?.client ?? null;
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    if (!client) return;
    let online = client.getSnapshot().online;
    // Offline at first counts as a drop too: the screen may have read its bookings before the socket was up.
    let dropped = !online;
    const offChanged = client.on('booking-changed', (b) => latest.current.changed(b));
    const offOnline = client.subscribe(() => {
      const now = client.getSnapshot().online;
      if (now === online) return;
      online = now;
      if (!now) dropped = true;
      else if (dropped) {
        dropped = false;
        latest.current.missed?.();
      }
    });
    return () => {
      offChanged();
      offOnline();
    };
  }, [client]);
}
