import type { CallClient } from '@calling/client';
import { haptics, tones } from './alerts.web';
import type { CallPlatform } from './types';
import { VideoView } from './video-view.web';

/** An <audio autoplay> element outside the React tree, fed the peer's stream. */
function playRemoteAudio(client: CallClient): () => void {
  const audio = document.createElement('audio');
  audio.autoplay = true;
  audio.setAttribute('playsinline', '');
  audio.dataset.role = 'call-remote-audio';
  document.body.appendChild(audio);
  const attach = (stream: MediaStream | null) => {
    audio.srcObject = stream;
    if (stream) audio.play().catch(() => undefined);
  };
  attach(client.remoteStream);
  const off = client.on('remote-stream', attach);
  return () => {
    off();
    audio.srcObject = null;
    audio.remove();
  };
}

const noop = () => undefined;

/**
 * A switch is offered only where there is a second camera to switch to (a phone's browser, a laptop with two);
 * the device list names cameras once the permission is granted, which it is while this side's camera is on.
 */
async function hasCameraChoice(): Promise<boolean> {
  const devices = await navigator.mediaDevices?.enumerateDevices?.().catch(() => []);
  return (devices ?? []).filter((d) => d.kind === 'videoinput').length > 1;
}

/** Browsers: their own RTCPeerConnection and getUserMedia, read when the provider starts (after any shim). */
export const platform: CallPlatform = {
  createWebRtc: () => ({
    RTCPeerConnection: globalThis.RTCPeerConnection,
    getUserMedia: (constraints) => navigator.mediaDevices.getUserMedia(constraints),
  }),
  playRemoteAudio,
  audioSession: { start: noop, stop: noop, setSpeaker: noop },
  tones,
  haptics,
  speakerSupported: false,
  onPageHide: (fn) => {
    window.addEventListener('pagehide', fn);
    return () => window.removeEventListener('pagehide', fn);
  },
  VideoView,
  hasCameraChoice,
};
