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
 * The server may have stored the submission: it never answered, or answered with a 5xx. (A 422
 * IDEMPOTENCY_KEY_REUSED after an edit is an answer: the key goes, and its message says to check
 * the list first.)
 */
const outcomeUnknown = (error: RequestError) => error.isNetworkError || error.statusCode >= 500;

/**
 * One key per submission: reused while the submission may have been stored without the app knowing
 * — no answer (a network failure) or a server-side failure (a proxy's 502/504 can come after the
 * case was committed) — so a retry cannot create a second case; dropped once the server has
 * answered for itself, so the next, possibly edited, submission gets a new one.
 */
export function useIdempotencyKey() {
  const key = useRef<string | null>(null);
  const current = useCallback(() => (key.current ??= randomUuid()), []);
  const settle = useCallback(() => {
    key.current = null;
  }, []);
  /** Sends with the key; keeps it when the outcome is unknown, so a retry cannot create twice. */
  const send = useCallback(async <T,>(request: (key: string) => Promise<T>): Promise<T> => {
    try {
      const answer = await request(current());
      settle();
      return answer;
    } catch (error) {
      if (!(error instanceof RequestError && outcomeUnknown(error))) settle();
      throw error;
    }
  }, [current, settle]);
  return { current, settle, send };
}
