import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './admin-client.js';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads `load()` whenever `deps` change (and every `pollMs` when given), keeping the last data while a
 * reload runs so a live page does not flicker. An answer that arrives after a newer request started is
 * dropped.
 */
export function useApi<T>(load: () => Promise<T>, deps: readonly unknown[], pollMs?: number): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setLoading(true);
    load().then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (mine !== generation.current) return;
        setError(failure instanceof ApiError ? failure : new ApiError(String(failure), 0, undefined));
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => {
    run();
    if (pollMs === undefined) return () => void generation.current++;
    const timer = setInterval(run, pollMs);
    return () => {
      clearInterval(timer);
      generation.current++;
    };
  }, [run, pollMs]);
  return { data, error, loading, reload: run };
}
