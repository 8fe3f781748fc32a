import { CallClient, type CallClientOptions } from '@calling/client';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { CallContext, type CallContextValue } from './context';
import { audioSessionStep } from './logic/audio-session';
import { platform } from './platform';

export interface CallProviderProps {
  /** Origin of the calling server, e.g. https://calls.example.com */
  serverUrl: string;
  /** The signed-in person's bearer token. */
  token: string;
  /** Extra client options (endedHoldMs, socketOptions, ...). */
  options?: Partial<Omit<CallClientOptions, 'serverUrl' | 'token' | 'webrtc'>>;
  children?: ReactNode;
}

/** Owns one CallClient for the signed-in person: connects it, plays the peer's audio, routes in-call audio. */
export function CallProvider({ serverUrl, token, options, children }: CallProviderProps) {
  const [client, setClient] = useState<CallClient | null>(null);
  const [speakerOn, setSpeakerOn] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: options are read once per server and token
  useEffect(() => {
    const created = new CallClient({ ...options, serverUrl, token, webrtc: platform.createWebRtc() });
    const stopAudio = platform.playRemoteAudio(created);
    let state = created.getSnapshot().state;
    const offRouting = created.subscribe(() => {
      const next = created.getSnapshot().state;
      const step = audioSessionStep(state, next);
      state = next;
      if (step === 'start') platform.audioSession.start();
      if (step === 'stop') {
        platform.audioSession.stop();
        setSpeakerOn(false);
      }
    });
    // A closing tab's hang-up goes by beacon: socket.io would drop an event sent with its disconnect.
    const offPageHide = platform.onPageHide(() => created.endOnPageHide());
    created.connect();
    setClient(created);
    return () => {
      offPageHide();
      offRouting();
      stopAudio();
      created.close();
      platform.audioSession.stop();
      setClient(null);
    };
  }, [serverUrl, token]);

  const value = useMemo<CallContextValue>(
    () => ({
      client,
      speakerOn,
      setSpeakerOn: (on) => {
        platform.audioSession.setSpeaker(on);
        setSpeakerOn(on);
      },
      speakerSupported: platform.speakerSupported,
    }),
    [client, speakerOn],
  );
  return <CallContext.Provider value={value}>{children}</CallContext.Provider>;
}
