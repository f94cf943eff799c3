import { useState } from 'react';

/**
 * A form's submit. `problem` is what the form still lacks, worked out on every render from its
 * fields; from the first tap on 提交 it is shown and follows the fields — gone once fixed, another
 * one when that is what is missing now — instead of the last tap's message standing until the next.
 * `send` runs only when nothing is missing; its failure was already shown by the request wrapper,
 * and the form keeps what was typed for a retry.
 */
export function useFormSubmit(problem: string | null) {
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (send: () => Promise<void> | void) => {
    setTried(true);
    if (problem) return;
    setBusy(true);
    try {
      await send();
    } catch {
      // shown by the request wrapper
    } finally {
      setBusy(false);
    }
  };
  return { busy, error: tried ? problem : null, submit };
}
