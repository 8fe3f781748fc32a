import type { WebRtcApi } from '@calling/client';
import InCallManager from 'react-native-incall-manager';
import { mediaDevices, MediaStream as NativeMediaStream, RTCPeerConnection } from 'react-native-webrtc';
import { haptics, tones } from './alerts.native';
import type { CallPlatform } from './types';
import { VideoView } from './video-view.native';

/**
 * iOS/Android: react-native-webrtc (its W3C-shaped classes, cast to the DOM types the client is written against)
 * and react-native-incall-manager for the audio route and the call tones. react-native-webrtc plays remote audio
 * tracks by itself.
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
    start: () => {
      // An answered call's ring ends before the route changes (the tones stop it too, after this).
      InCallManager.stopRingtone();
      InCallManager.start({ media: 'audio' });
    },
    stop: () => {
      InCallManager.stopRingtone();
      InCallManager.stop();
    },
    setSpeaker: (on) => InCallManager.setForceSpeakerphoneOn(on),
  },
  tones,
  haptics,
  speakerSupported: true,
  // An app is not a page: a killed app's call ends with its socket (the server's reconnect grace).
  onPageHide: () => () => undefined,
  VideoView,
  // A phone has a front and a back camera.
  hasCameraChoice: async () => true,
};
