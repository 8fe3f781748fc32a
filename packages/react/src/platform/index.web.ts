import type { CallClient } from '@calling/client';
import type { CallPlatform } from './types';

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

/** Browsers: their own RTCPeerConnection and getUserMedia, read when the provider starts (after any shim). */
export const platform: CallPlatform = {
  createWebRtc: () => ({
    RTCPeerConnection: globalThis.RTCPeerConnection,
    getUserMedia: (constraints) => navigator.mediaDevices.getUserMedia(constraints),
  }),
  playRemoteAudio,
  audioSession: { ring: noop, start: noop, stop: noop, setSpeaker: noop },
  speakerSupported: false,
  onPageHide: (fn) => {
    window.addEventListener('pagehide', fn);
    return () => window.removeEventListener('pagehide', fn);
  },
};
