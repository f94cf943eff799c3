import { useState } from 'react';
import { useOneAtATime } from './use-one-at-a-time';

/**
 * A form's submit. `problem` is what the form still lacks, worked out on every render from its
 * fields. A tap on 提交 with something missing shows that; the line goes as soon as it is fixed —
 * not at the next tap — and what else may be missing then (say, the reason a 部分解决 just asked
 * for) shows at the next tap, not while the owner has yet to reach it.
 * `send` runs only when nothing is missing, and once however often the button is tapped while it
 * runs; its failure was already shown by the request wrapper, and the form keeps what was typed for
 * a retry.
 */
export function useFormSubmit(problem: string | null) {
  const [shown, setShown] = useState<string | null>(null);
  const { busy, run } = useOneAtATime();
  const submit = async (send: () => Promise<void> | void) => {
    setShown(problem);
    if (problem) return;
    await run(async () => {
      await send();
    });
  };
  return { busy, error: shown === problem ? shown : null, submit };
}
