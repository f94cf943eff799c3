import { useCallback, useRef } from 'react';
import { RequestError } from '../services/request';

function randomUuid(): string {
  // RFC 4122 v4 shape; crypto.randomUUID is missing in the WeChat JS engine.
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

/**
 * One key per submission: reused while the server has not answered (a retry after a network
 * failure), dropped once it answers so the next, possibly edited, submission gets a new one.
 */
export function useIdempotencyKey() {
  const key = useRef<string | null>(null);
  const current = useCallback(() => (key.current ??= randomUuid()), []);
  const settle = useCallback(() => {
    key.current = null;
  }, []);
  /** Sends with the key; keeps it only when the server never answered, so a retry cannot create twice. */
  const send = useCallback(async <T,>(request: (key: string) => Promise<T>): Promise<T> => {
    try {
      const answer = await request(current());
      settle();
      return answer;
    } catch (error) {
      if (!(error instanceof RequestError && error.isNetworkError)) settle();
      throw error;
    }
  }, [current, settle]);
  return { current, settle, send };
}
