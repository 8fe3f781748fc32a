import type { Role } from '@calling/protocol';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type Api, createApi } from '../api/api';
import { ApiError } from '../api/http';
import { loadDeviceId } from './device-id';
import { sessionStorage } from './storage';
import type { Session } from './types';

export interface SessionContextValue {
  /** The app's side of the marketplace: customers sign in to the user app, providers to the provider app. */
  role: Role;
  serverUrl: string;
  /** undefined while the stored session is being read. */
  session: Session | null | undefined;
  /** This app instance's id (kept across launches); known before `session` is. */
  deviceId: string;
  api: Api;
  signIn(phone: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

const roleWords: Record<Role, string> = { user: 'customer', provider: 'provider' };

/** Reads, checks and keeps the signed-in person's token for one app. */
export function SessionProvider({
  accountRole: role,
  serverUrl,
  children,
}: {
  accountRole: Role;
  serverUrl: string;
  children: ReactNode;
}) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [deviceId, setDeviceId] = useState('');
  const key = `calling.session.${role}`;

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const device = await loadDeviceId(sessionStorage, `calling.device.${role}`);
      if (!cancelled) setDeviceId(device);
      const stored = await sessionStorage.load(key).catch(() => null);
      const parsed = stored ? (JSON.parse(stored) as Session) : null;
      if (parsed) {
        // A token the server no longer accepts (expired, other server) sends the person back to sign in.
        const me = await createApi(serverUrl, parsed.token)
          .me()
          .catch((e: unknown) => (e instanceof ApiError && e.status === 401 ? null : parsed.user));
        if (!me) await sessionStorage.remove(key);
        if (!cancelled) setSession(me ? parsed : null);
        return;
      }
      if (!cancelled) setSession(null);
    })();
    return () => {
      cancelled = true;
    };
  }, [key, role, serverUrl]);

  const signIn = useCallback(
    async (phone: string, password: string) => {
      const result = await createApi(serverUrl, null).login({ phone, password });
      if (result.user.role !== role) {
        throw new ApiError(
          'forbidden',
          `This is the ${roleWords[role]} app: ${roleWords[result.user.role]} accounts sign in to the ${roleWords[result.user.role]} app`,
          403,
        );
      }
      const next: Session = { token: result.token, user: result.user };
      await sessionStorage.save(key, JSON.stringify(next));
      setSession(next);
    },
    [key, role, serverUrl],
  );

  const signOut = useCallback(async () => {
    // A signed-out device must not ring for this person any more: its push target goes first (best effort).
    if (session)
      await createApi(serverUrl, session.token)
        .removePushTarget(deviceId)
        .catch(() => {});
    await sessionStorage.remove(key);
    setSession(null);
  }, [key, serverUrl, session, deviceId]);

  const token = session?.token ?? null;
  const api = useMemo(() => createApi(serverUrl, token), [serverUrl, token]);
  const value = useMemo(
    () => ({ role, serverUrl, session, deviceId, api, signIn, signOut }),
    [role, serverUrl, session, deviceId, api, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The signed-in session; only for screens shown after sign-in. */
export function useSignedIn(): SessionContextValue & { session: Session } {
  const value = useSession();
  if (!value.session) throw new Error('no one is signed in');
  return value as SessionContextValue & { session: Session };
}
