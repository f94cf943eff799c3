import type { CaseType, FollowUpPolicy, Urgency } from './enums';

export interface SlaPolicy {
  respondMinutes: number;
  resolveMinutes: number;
  /** Hours the owner has to verify a resolution before it is auto-confirmed (unrated). */
  verifyHours: number;
  followUpPolicy: FollowUpPolicy;
  /** Hours after confirmation by which a required follow-up visit is due. */
  followUpDueHours: number;
  /** Minutes before a deadline at which staff are warned. */
  warnBeforeMinutes: number;
}

const H = 60;
const D = 24 * H;

/** SPEC §3 defaults; communities may override per type × urgency (sla_policies table). */
export function defaultSlaPolicy(type: CaseType, urgency: Urgency): SlaPolicy {
  const base = { verifyHours: 72, followUpDueHours: 48, followUpPolicy: 'when_unrated_or_low' as FollowUpPolicy };
  switch (type) {
    case 'repair':
      return urgency === 'urgent'
        ? { ...base, respondMinutes: 15, resolveMinutes: 24 * H, warnBeforeMinutes: 5 }
        : { ...base, respondMinutes: 30, resolveMinutes: 3 * D, warnBeforeMinutes: 10 };
    case 'complaint':
      return { ...base, respondMinutes: 2 * H, resolveMinutes: 7 * D, followUpPolicy: 'always', warnBeforeMinutes: 30 };
    case 'inquiry':
      return { ...base, respondMinutes: 2 * H, resolveMinutes: 24 * H, warnBeforeMinutes: 30 };
    case 'suggestion':
      return { ...base, respondMinutes: 24 * H, resolveMinutes: 15 * D, warnBeforeMinutes: 2 * H };
    case 'praise':
      return { ...base, respondMinutes: 24 * H, resolveMinutes: 7 * D, warnBeforeMinutes: 2 * H };
  }
}

/** Minutes between two instants, rounded down, never negative. */
export function minutesBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));
}

export function addMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * 60_000);
}

/** A rating that asks for a follow-up visit under `when_unrated_or_low` (overall 1–3 of 5). */
export const isLowRating = (rating: number | null): boolean => rating !== null && rating <= 3;

/**
 * Does a confirmed case need a follow-up visit? Judged when the rating arrives or the verification
 * window ends (SPEC §3).
 */

export function needsFollowUp(policy: FollowUpPolicy, rating: number | null, reopenCount: number): boolean {
  switch (policy) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'when_unrated_or_low':
      return rating === null || isLowRating(rating) || reopenCount >= 1;
  }
}

/** What a community's SLA policy may be set to (the API's validation and the staff page's checks). */
export const SLA_POLICY_LIMITS = {
  respondMinutes: { min: 1, max: 43_200 },
  resolveMinutes: { min: 1, max: 129_600 },
  verifyHours: { min: 1, max: 720 },
  followUpDueHours: { min: 1, max: 720 },
  warnBeforeMinutes: { min: 0, max: 1_440 },
} as const;

/**
 * What makes a policy contradict itself, or null: a resolve time shorter than the respond time (the
 * case would be late for its resolution before it was late for its acceptance). The warning lead is
 * not held to the respond time: one lead serves both deadlines, and a lead longer than the respond
 * time (an hour before a 48-hour resolution, with 20 minutes to accept) simply warns of the response
 * at once. Checked by the API and by the staff page's form.
 */
export function slaPolicyConflict(
  p: { respondMinutes: number; resolveMinutes: number },
): { field: 'resolveMinutes'; message: string } | null {
  return p.resolveMinutes < p.respondMinutes ? { field: 'resolveMinutes', message: '办结时限不能短于响应时限' } : null;
}
