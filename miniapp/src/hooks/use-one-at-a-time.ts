import { useRef, useState } from 'react';

/**
 * Work a tap starts, one at a time: a second tap while it runs (a dialog open, a request under way)
 * does nothing. A disabled button alone does not stop it: a mini-program's view learns of `busy`
 * only after a round trip to its render thread. A failure was shown by the request wrapper; the
 * page keeps what was typed.
 */
export function useOneAtATime() {
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      await work();
    } catch {
      // shown by the request wrapper
    } finally {
      running.current = false;
      setBusy(false);
    }
  };
  return { busy, run };
}
