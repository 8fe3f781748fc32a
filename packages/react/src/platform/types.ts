import type { CallClient, WebRtcApi } from '@calling/client';
import type { ComponentType } from 'react';
import type { CallHaptic, CallTone } from '../logic/call-alerts';

/** What differs between the browser and iOS/Android; one implementation per platform (index.web / index.native). */
export interface CallPlatform {
  /** The W3C WebRTC API of this platform, read when a CallProvider starts. */
  createWebRtc(): WebRtcApi;
  /** Plays the peer's audio for as long as the client lives; returns the function that stops it. */
  playRemoteAudio(client: CallClient): () => void;
  /** In-call audio routing (earpiece/speaker); no-ops where the browser decides. */
  audioSession: AudioSession;
  /** The ringtone of an incoming call and the caller's ringback. */
  tones: TonePlayer;
  /** The ring's vibration and the taps felt at connect and end; no-ops where there is nothing to vibrate. */
  haptics: CallHaptics;
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
  /** A call is being placed or answered: route audio for a voice call. */
  start(): void;
  /** The call is over: give the audio back. */
  stop(): void;
  setSpeaker(on: boolean): void;
}

/**
 * How a tone's start went: `blocked` when the browser refused to play without a tap (autoplay rules), `stopped`
 * when it was stopped (or failed) before it sounded.
 */
export type ToneStart = 'playing' | 'blocked' | 'stopped';

export interface TonePlayer {
  /** Starts the tone, looped, in place of any other; must be called inside a tap's handler to unblock one. */
  play(tone: CallTone): Promise<ToneStart>;
  /** Silences whichever tone sounds (nothing when none does). */
  stop(): void;
}

export interface CallHaptics {
  /** Starts (true) or stops (false) the repeating vibration of an incoming call. */
  ringVibration(on: boolean): void;
  tap(kind: CallHaptic): void;
}
