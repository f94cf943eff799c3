import type { CaseStatus, NotifyStep } from '@wuye/shared';

/**
 * The steps an owner still waits to hear of, for a case in `status`: asked again when they urge it
 * (SPEC: consent at each step), since what they granted at submission may be used up by now — the
 * case reopened, or the first answer came and went.
 */
export function stepsAwaited(status: CaseStatus): NotifyStep[] {
  if (status === 'submitted') return ['accepted', 'assigned', 'resolved'];
  if (status === 'accepted') return ['assigned', 'resolved'];
  return ['resolved'];
}
