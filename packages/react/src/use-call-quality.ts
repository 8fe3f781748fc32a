import type { CallQualityView } from '@calling/client';
import { useContext, useMemo, useSyncExternalStore } from 'react';
import { CallContext } from './context';

const none = () => null;
const noSubscribe = () => () => undefined;

/** This side's quality estimate and the peer's reported level while a call has media (else null). */
export function useCallQuality(): CallQualityView | null {
  const client = useContext(CallContext)?.client ?? null;
  const subscribe = useMemo(
    () => (client ? (listener: () => void) => client.on('quality', () => listener()) : noSubscribe),
    [client],
  );
  const get = useMemo(() => client?.getQuality ?? none, [client]);
  return useSyncExternalStore(subscribe, get, get);
}
