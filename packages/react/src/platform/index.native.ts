import type { WebRtcApi } from '@calling/client';
import InCallManager from 'react-native-incall-manager';
import { mediaDevices, MediaStream as NativeMediaStream, RTCPeerConnection } from 'react-native-webrtc';
import type { CallPlatform } from './types';
import { VideoView } from './video-view.native';

/**
 * iOS/Android: react-native-webrtc (its W3C-shaped classes, cast to the DOM types the client is written against)
 * and react-native-incall-manager for the audio route. react-native-webrtc plays remote audio tracks by itself.
 */
export const platform: CallPlatform = {
  createWebRtc: () => ({
    RTCPeerConnection: RTCPeerConnection as unknown as WebRtcApi['RTCPeerConnection'],
    // The peer's camera track comes without a stream (the idle video line): the call screen needs one for RTCView.
    MediaStream: NativeMediaStream as unknown as NonNullable<WebRtcApi['MediaStream']>,
    getUserMedia: (constraints) =>
      mediaDevices.getUserMedia(
        constraints as Parameters<typeof mediaDevices.getUserMedia>[0],
      ) as unknown as Promise<MediaStream>,
  }),
  playRemoteAudio: () => () => undefined,
  audioSession: {
    ring: () => InCallManager.startRingtone('_DEFAULT_', [0, 500, 1000], 'playback', 45),
    start: () => {
      InCallManager.stopRingtone();
      InCallManager.start({ media: 'audio' });
    },
    stop: () => {
      InCallManager.stopRingtone();
      InCallManager.stop();
    },
    setSpeaker: (on) => InCallManager.setForceSpeakerphoneOn(on),
  },
  speakerSupported: true,
  // An app is not a page: a killed app's call ends with its socket (the server's reconnect grace).
  onPageHide: () => () => undefined,
  VideoView,
  // A phone has a front and a back camera.
  hasCameraChoice: async () => true,
};
