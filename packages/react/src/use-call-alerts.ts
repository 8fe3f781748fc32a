import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { type CallAlerts, followCallAlerts } from './call-alerts';
import { CallContext } from './context';
import { platform } from './platform';

export interface CallAlertsView {
  /** The browser refused to play the ring without a tap: show it muted, with a way to hear it. */
  ringMuted: boolean;
  /** From a tap: plays the ring the browser blocked. */
  hearRing(): void;
}

/**
 * The call's ringtone, ringback, ring vibration and connect/end taps, for as long as the component that uses it
 * is mounted (the call screen: once per app). Must be used under a CallProvider.
 */
export function useCallAlerts(): CallAlertsView {
  const client = useContext(CallContext)?.client ?? null;
  const [ringMuted, setRingMuted] = useState(false);
  const alerts = useRef<CallAlerts | null>(null);
  useEffect(() => {
    if (!client) return;
    const followed = followCallAlerts(client, platform, setRingMuted);
    alerts.current = followed;
    return () => {
      followed.close();
      alerts.current = null;
    };
  }, [client]);
  const hearRing = useCallback(() => alerts.current?.retry(), []);
  return { ringMuted, hearRing };
}
