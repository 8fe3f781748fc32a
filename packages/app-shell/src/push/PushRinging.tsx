import type { PushConfig } from '@calling/protocol';
import { useWebRTCCall } from '@calling/react';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useSignedIn } from '../session/SessionProvider';
import { sessionStorage } from '../session/storage';
import { type PendingPushAction, pushActionStep } from './action-flow';
import { devicePush } from './device-push';
import type { PushSetup, PushState } from './types';

export interface PushRingingValue {
  /** null while the server's push config is loading. */
  state: PushState | null;
  showCallerName: boolean;
  /** From a tap: asks for the permission and registers this device. */
  enable(): Promise<PushState>;
  disable(): Promise<void>;
  setShowCallerName(show: boolean): Promise<void>;
}

const PushRingingContext = createContext<PushRingingValue | null>(null);

/**
 * Ringing this device while the app is closed: keeps its push target fresh, and carries out Answer or Decline
 * picked on the system's ring once the call rings in the app. Lives under the CallProvider.
 */
export function PushRinging({ children }: { children: ReactNode }) {
  const { api, session, deviceId, serverUrl, role } = useSignedIn();
  const call = useWebRTCCall();
  const [config, setConfig] = useState<PushConfig | null>(null);
  const [state, setState] = useState<PushState | null>(null);
  const [showCallerName, setShow] = useState(true);
  const [pending, setPending] = useState<PendingPushAction | null>(null);
  const nameKey = `calling.push.showCallerName.${role}`;

  const setup = useCallback(
    (show: boolean): PushSetup | null =>
      config ? { api, serverUrl, token: session.token, deviceId, config, showCallerName: show } : null,
    [api, serverUrl, session.token, deviceId, config],
  );

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const stored = await sessionStorage.load(nameKey).catch(() => null);
      const show = stored !== 'false';
      const cfg = await api.pushConfig().catch(() => null);
      if (cancelled) return;
      setShow(show);
      setConfig(cfg);
      if (!cfg) return setState('unsupported');
      const s: PushSetup = { api, serverUrl, token: session.token, deviceId, config: cfg, showCallerName: show };
      const now = await devicePush.state(s).catch(() => 'off' as const);
      // Already on (permission given before): register again, so the server has this session's target.
      const next = now === 'on' ? await devicePush.enable(s).catch(() => 'off' as const) : now;
      if (!cancelled) setState(next);
    })();
    return () => {
      cancelled = true;
    };
  }, [api, serverUrl, session.token, deviceId, nameKey]);

  useEffect(() => devicePush.onAction((a) => setPending({ ...a, at: Date.now() })), []);

  const snapshotCallId = call.snapshot.call?.callId ?? null;
  const acting = useRef(false);
  useEffect(() => {
    if (!pending || acting.current) return;
    const step = pushActionStep(pending, { state: call.state, callId: snapshotCallId, at: Date.now() });
    if (step === 'wait') return;
    setPending(null);
    if (step === 'drop') return;
    acting.current = true;
    const work =
      step === 'accept' ? call.acceptCall() : step === 'hangup' ? call.endCall() : call.rejectCall('declined');
    void work.finally(() => {
      acting.current = false;
    });
  }, [pending, call, snapshotCallId]);

  // The app rings for the call itself, or it is over: the system's ring may go (each platform decides).
  const shownState = call.state;
  useEffect(() => {
    if (snapshotCallId && shownState === 'ringing') devicePush.dismiss(snapshotCallId, 'ringing-here');
    if (snapshotCallId && shownState === 'ended') devicePush.dismiss(snapshotCallId, 'over');
  }, [snapshotCallId, shownState]);

  const value = useMemo<PushRingingValue>(
    () => ({
      state,
      showCallerName,
      async enable() {
        const s = setup(showCallerName);
        const next = s ? await devicePush.enable(s) : 'unsupported';
        setState(next);
        return next;
      },
      async disable() {
        const s = setup(showCallerName);
        if (s) await devicePush.disable(s);
        setState('off');
      },
      async setShowCallerName(show) {
        setShow(show);
        await sessionStorage.save(nameKey, String(show)).catch(() => {});
        const s = setup(show);
        if (s && state === 'on') setState(await devicePush.enable(s));
      },
    }),
    [state, showCallerName, setup, nameKey],
  );
  return <PushRingingContext.Provider value={value}>{children}</PushRingingContext.Provider>;
}

export function usePushRinging(): PushRingingValue {
  const value = useContext(PushRingingContext);
  if (!value) throw new Error('usePushRinging must be used inside <PushRinging>');
  return value;
}
