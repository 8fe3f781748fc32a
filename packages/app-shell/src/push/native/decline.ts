// A Decline picked on CallKit or the Android call notification goes to the server from whatever JS runs then,
// often a headless one (the app's screens never mount): it needs the server, the person's token and the device id
// without the React tree, so enable() stores them.

import { type DeclineSession, declineRequest } from '../decline-request';

/** Where enable() keeps what a decline needs (secure storage; see decliner.ts). */
export const DECLINE_SESSION_KEY = 'calling.push.session';

export type { DeclineSession };

export interface DeclineStore {
  load(): Promise<string | null>;
  save(value: string): Promise<void>;
  remove(): Promise<void>;
}

function readSession(raw: string | null): DeclineSession | null {
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Partial<DeclineSession>;
    if (typeof s.serverUrl === 'string' && typeof s.token === 'string' && typeof s.deviceId === 'string') {
      return { serverUrl: s.serverUrl, token: s.token, deviceId: s.deviceId };
    }
  } catch {}
  return null;
}

export function createDecliner(store: DeclineStore, fetchImpl: typeof fetch = (...a) => fetch(...a)) {
  return {
    remember: (session: DeclineSession) => store.save(JSON.stringify(session)),
    forget: () => store.remove(),
    /**
     * Declines a ringing call as this device (declineRequest). False also without a stored session: the caller
     * keeps the pick for the app instead.
     */
    async decline(callId: string): Promise<boolean> {
      const session = readSession(await store.load().catch(() => null));
      return session ? declineRequest(session, callId, fetchImpl) : false;
    },
  };
}

export type Decliner = ReturnType<typeof createDecliner>;
