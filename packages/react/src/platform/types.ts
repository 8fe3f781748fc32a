import type { CallClient, WebRtcApi } from '@calling/client';

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
