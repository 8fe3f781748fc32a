import type { CallClient, WebRtcApi } from '@calling/client';
import type { ComponentType } from 'react';

/** What differs between the browser and iOS/Android; one implementation per platform (index.web / index.native). */
export interface CallPlatform {
  /** The W3C WebRTC API of this platform, read when a CallProvider starts. */
  createWebRtc(): WebRtcApi;
  /** Plays the peer's audio for as long as the client lives; returns the function that stops it. */
  playRemoteAudio(client: CallClient): () => void;
  /** In-call audio routing (earpiece/speaker, ringtone); no-ops where the browser decides. */
  audioSession: AudioSession;
  /** The person can switch between earpiece and loudspeaker. */
  speakerSupported: boolean;
  /** Calls fn when the page is going away (a tab closed, a reload); returns the function that stops it. */
  onPageHide(fn: () => void): () => void;
  /** Shows a camera's stream (the peer's or this device's own), filling the view it is put in. */
  VideoView: ComponentType<VideoViewProps>;
  /** Whether this device has another camera to switch to (front and back on a phone). */
  hasCameraChoice(): Promise<boolean>;
}

export interface VideoViewProps {
  stream: MediaStream;
  /** Flipped left to right, as a mirror: a front camera's picture of oneself. */
  mirror: boolean;
  /** 'cover' fills the view (cropping); 'contain' shows the whole picture. */
  fit: 'cover' | 'contain';
  /** Drawn over another video view (the small self view over the peer's). */
  front: boolean;
  testID: string;
  accessibilityLabel: string;
}

export interface AudioSession {
  /** An incoming call is ringing. */
  ring(): void;
  /** A call is being placed or answered: route audio for a voice call. */
  start(): void;
  /** The call is over: give the audio back. */
  stop(): void;
  setSpeaker(on: boolean): void;
}
