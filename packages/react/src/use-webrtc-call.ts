import { type CallClient, type CallSnapshot, initialSnapshot, isLive } from '@calling/client';
import { useCallback, useContext, useMemo, useSyncExternalStore } from 'react';
import { CallContext } from './context';
import { useCallDuration } from './use-call-duration';

const noSubscribe = () => () => undefined;
const idle = () => initialSnapshot;

function useSnapshot(client: CallClient | null): CallSnapshot {
  const subscribe = useMemo(() => client?.subscribe ?? noSubscribe, [client]);
  const getSnapshot = useMemo(() => client?.getSnapshot ?? idle, [client]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/** The call as React state, plus its actions. Must be used under a CallProvider. */
export function useWebRTCCall() {
  const ctx = useContext(CallContext);
  if (!ctx) throw new Error('useWebRTCCall must be used inside <CallProvider>');
  const { client, speakerOn, setSpeakerOn, speakerSupported } = ctx;
  const snapshot = useSnapshot(client);
  const live = isLive(snapshot);
  const duration = useCallDuration(live ? snapshot.connectedAt : null);

  const startCall = useCallback((bookingId: string) => client?.startCall(bookingId) ?? Promise.resolve(), [client]);
  const acceptCall = useCallback(() => client?.accept() ?? Promise.resolve(), [client]);
  const rejectCall = useCallback(
    (reason?: 'declined' | 'busy') => client?.reject(reason) ?? Promise.resolve(),
    [client],
  );
  const endCall = useCallback(() => client?.end() ?? Promise.resolve(), [client]);
  const toggleMute = useCallback(() => client?.toggleMute(), [client]);
  const toggleSpeaker = useCallback(() => {
    if (speakerSupported) setSpeakerOn(!speakerOn);
  }, [speakerSupported, speakerOn, setSpeakerOn]);

  const call = snapshot.call;
  return {
    snapshot,
    state: snapshot.state,
    isLive: live,
    call,
    bookingId: call?.bookingId ?? null,
    peerName: call?.peerName ?? null,
    serviceName: call?.serviceName ?? null,
    direction: call?.direction ?? null,
    /** Seconds since media started flowing; the server's figure once the call ended. */
    duration: snapshot.state === 'ended' && snapshot.duration !== null ? snapshot.duration : duration,
    muted: snapshot.muted,
    speakerOn,
    speakerSupported,
    online: snapshot.online,
    peerReconnecting: snapshot.peerReconnecting,
    endReason: snapshot.endReason,
    error: snapshot.error,
    startCall,
    acceptCall,
    rejectCall,
    endCall,
    toggleMute,
    toggleSpeaker,
  };
}

export type WebRTCCall = ReturnType<typeof useWebRTCCall>;
