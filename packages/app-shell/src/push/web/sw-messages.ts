import type { DeclineSession } from '../decline-request';
/** Messages between the app's pages and its service worker. */
export const SW_MESSAGE = {
  /** page -> worker: who is signed in (for a decline from the notification), or null after sign-out. */
  session: 'calling-push-session',
  /** worker -> page: the person picked Answer or Decline on a ring while the app was open. */
  action: 'calling-push-action',
  /** worker -> page: a pushed ring stopped. */
  ringStopped: 'calling-push-ring-stopped',
} as const;

/** What the page hands its service worker so a Decline on the notification reaches the server. */
export type PushSession = DeclineSession;
