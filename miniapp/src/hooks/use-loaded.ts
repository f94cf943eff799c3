import { useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  /** null while loading, after a failure, or when there is nothing to load (`key` null). */
  value: T | null;
  /** The failure of the last attempt (show it with 重试), else null. */
  error: unknown;
  retry: () => void;
}

/**
 * `fetch()` for `key`, loaded again whenever `key` changes; a null key loads nothing. An answer
 * for a key the user has already left (a community tapped before another) is dropped.
 */
export function useLoaded<T>(key: string | null, fetch: () => Promise<T>): Loaded<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const latestFetch = useRef(fetch);
  latestFetch.current = fetch;

  useEffect(() => {
    setValue(null);
    setError(null);
    if (key === null) return undefined;
    let current = true;
    latestFetch.current().then(
      (loaded) => current && setValue(loaded),
      (failure: unknown) => current && setError(failure ?? new Error('load failed')),
    );
    return () => {
      current = false;
    };
  }, [key, attempt]);

  return { value, error, retry: () => setAttempt((n) => n + 1) };
}
