import type { CallVideoView } from '@calling/client';
import { useCallback, useContext, useMemo, useRef, useSyncExternalStore } from 'react';
import { CallContext } from './context';

const none = () => null;
const noSubscribe = () => () => undefined;

/** The call's cameras as React state, plus what the person can do with them. */
export interface WebRTCVideo {
  /** Null unless the call is connected (or reconnecting). */
  view: CallVideoView | null;
  /** Turns this side's camera on or off; a press while the last one is still opening the camera is ignored. */
  setCamera(on: boolean): void;
  toggleCamera(): void;
  switchCamera(): void;
  /** "Not now" to the peer's request: this camera stays off. */
  dismissRequest(): void;
}

/**
 * The camera of the current call. Use it once per call screen and pass it down: the camera button and the
 * request's "Show mine" share one guard, so two quick taps never open two cameras (the client checks the
 * camera's state before it awaits the permission, not after).
 */
export function useCallVideo(): WebRTCVideo {
  const client = useContext(CallContext)?.client ?? null;
  const subscribe = useMemo(
    () => (client ? (listener: () => void) => client.on('video', () => listener()) : noSubscribe),
    [client],
  );
  const get = useMemo(() => client?.getVideo ?? none, [client]);
  const view = useSyncExternalStore(subscribe, get, get);
  const busy = useRef(false);

  const run = useCallback((action: () => Promise<void>) => {
    if (busy.current) return;
    busy.current = true;
    void action().finally(() => {
      busy.current = false;
    });
  }, []);
  const setCamera = useCallback(
    (on: boolean) => {
      if (client) run(() => client.setCamera(on));
    },
    [client, run],
  );
  const toggleCamera = useCallback(() => {
    const local = client?.getVideo()?.local ?? false;
    setCamera(!local);
  }, [client, setCamera]);
  const switchCamera = useCallback(() => {
    if (client) run(() => client.switchCamera());
  }, [client, run]);
  const dismissRequest = useCallback(() => client?.dismissVideoRequest(), [client]);

  return useMemo(
    () => ({ view, setCamera, toggleCamera, switchCamera, dismissRequest }),
    [view, setCamera, toggleCamera, switchCamera, dismissRequest],
  );
}
