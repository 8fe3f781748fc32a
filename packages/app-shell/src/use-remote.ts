import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api/http';

export interface Remote<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload(): void;
  /** Changes the data in place, as a change the server announced says it is now (no fetch). */
  update(change: (data: T | undefined) => T | undefined): void;
}

export interface RemoteOptions<T> {
  /**
   * What to show when a load lands, from what it read and what is shown: a change announced while the read was
   * on its way may be newer than the read. Default: what was read.
   */
  keep?(loaded: T, shown: T | undefined): T;
}

/**
 * Loads `load()` on mount and whenever `key` changes; reload() fetches again, keeping the old data meanwhile;
 * update() puts in what the server announced.
 */
export function useRemote<T>(key: string, load: () => Promise<T>, opts: RemoteOptions<T> = {}): Remote<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const keepRef = useRef(opts.keep);
  keepRef.current = opts.keep;

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the reload trigger
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    loadRef.current().then(
      (value) => {
        if (cancelled) return;
        setData((shown) => keepRef.current?.(value, shown) ?? value);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (cancelled) return;
        setError(e instanceof ApiError || e instanceof Error ? e.message : 'Something went wrong');
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const update = useCallback((change: (data: T | undefined) => T | undefined) => setData(change), []);
  return { data, error, loading, reload, update };
}
