import { addMinutes, isLowRating, minutesBetween, needsFollowUp, OPEN_STATUSES, type FollowUpResult, type VerifyAnswer } from '@wuye/shared';
import type { Case } from './case.entity';

// Pure changes to a case's own fields, shared by person-driven transitions and the SLA sweep.

/** The first acceptance is the first response (SPEC §3). */
export function markResponded(c: Case, now: Date): void {
  if (c.firstRespondedAt) return;
  c.firstRespondedAt = now;
  c.responseMinutes = minutesBetween(c.createdAt, now);
  c.respondBreached = c.respondBreached || now > c.respondDeadlineAt;
}

/** Leaving on_hold: the paused time extends the resolve deadline and is netted out of resolution time. */
export function endHold(c: Case, now: Date): void {
  if (!c.holdStartedAt) return;
  const paused = minutesBetween(c.holdStartedAt, now);
  c.holdMinutes += paused;
  c.resolveDeadlineAt = addMinutes(c.resolveDeadlineAt, paused);
  c.holdStartedAt = null;
}

export function markResolved(c: Case, now: Date, resolverId: string | null = null): void {
  c.status = 'resolved';
  c.resolvedAt = now;
  if (!c.firstResolvedAt) {
    c.firstResolvedAt = now;
    c.firstResolverId = resolverId;
    c.resolutionMinutes = Math.max(0, minutesBetween(c.createdAt, now) - c.holdMinutes);
    c.resolveBreached = c.resolveBreached || now > c.resolveDeadlineAt;
  }
}

/**
 * Back to work after "not fixed", an unsatisfied follow-up or a supervisor's reopen: a new resolution
 * cycle, with the same handler (SPEC §3) — unless `assigneeActive` is false (they left, or no longer
 * handle that community's cases), when it goes back to the agents as 已受理, to be assigned again;
 * then returns whom it was taken from, for the event.
 */
export function reopen(c: Case, assigneeActive = true): { unassignedFrom: string } | null {
  c.cycle += 1;
  c.reopenCount += 1;
  const dropped = !assigneeActive && c.assigneeId ? { unassignedFrom: c.assigneeId } : null;
  if (dropped) c.assigneeId = null;
  c.status = c.assigneeId ? 'in_progress' : 'accepted';
  c.resolvedAt = null;
  c.confirmedAt = null;
  c.closedAt = null;
  c.closeReason = null;
  c.unrated = false;
  c.followUpRequired = null;
  c.followUpDueAt = null;
  c.followUpAttempts = 0;
  return dropped;
}

export function close(c: Case, now: Date, reason: string): void {
  c.status = 'closed';
  c.closedAt = now;
  c.closeReason = reason;
}

/**
 * Judged when the rating arrives or the verification window ends: the case closes, or its
 * follow-up visit becomes due.
 */
export function decideFollowUp(c: Case, rating: number | null, now: Date): void {
  c.followUpRequired = needsFollowUp(c.followUpPolicy, rating, c.reopenCount);
  // Staff visited before the decision (the owner had not rated yet): the visit counts, unless the
  // rating that arrives is low (≤ 3) — then what the owner says now needs a visit of its own.
  const visitStands = followedUpThisCycle(c) && !isLowRating(rating);
  if (visitStands) {
    close(c, now, 'followed_up');
  } else if (!c.followUpRequired) {
    close(c, now, 'no_follow_up_needed');
  } else if (c.followUpAttempts >= 3 && !isLowRating(rating)) {
    // Three unreachable calls before the decision: as after it, the case closes marked unreachable —
    // unless the decision is the owner's low rating: they have just spoken, and need a visit.
    close(c, now, 'unreachable');
  } else {
    // The calls before a low rating do not count against the visit it makes due.
    if (isLowRating(rating)) c.followUpAttempts = 0;
    // followUpDueHours from this decision: SPEC's "after confirmation" when the two come together
    // (confirmed and rated at once, auto-confirmed at the window's end), later when the rating or the
    // window's end comes after the confirmation — counting from the confirmation made such a visit
    // due before anyone knew it was needed (one decided at the window's end a day overdue).
    c.followUpDueAt = addMinutes(now, c.followUpDueHours * 60);
  }
}

/**
 * A rating that comes after staff decided the follow-up (confirming for an owner without an account;
 * a bound owner of the house may still rate): it may make the visit unneeded (a good rating under
 * `when_unrated_or_low`), never later — and after a low one, the calls made before it do not count.
 */
export function rateAfterDecision(c: Case, rating: number, now: Date): void {
  if (!c.followUpRequired) return;
  if (!needsFollowUp(c.followUpPolicy, rating, c.reopenCount)) {
    c.followUpRequired = false;
    c.followUpDueAt = null;
    close(c, now, 'no_follow_up_needed');
  } else if (isLowRating(rating)) {
    c.followUpAttempts = 0;
  }
}

/** Open and past a deadline still running; on hold, past one that ran out before the hold. As `overdueSql`. */
export function isOverdue(c: Pick<Case, 'status' | 'respondDeadlineAt' | 'resolveDeadlineAt' | 'holdStartedAt'>, now: Date): boolean {
  if (c.status === 'on_hold') return c.holdStartedAt !== null && c.resolveDeadlineAt < c.holdStartedAt;
  if (!OPEN_STATUSES.includes(c.status)) return false;
  return c.resolveDeadlineAt < now || (c.status === 'submitted' && c.respondDeadlineAt < now);
}

/** When the owner's verification window for the current resolution ends. */
export function verifyWindowEnd(c: Pick<Case, 'resolvedAt' | 'verifyHours'>): Date | null {
  return c.resolvedAt ? addMinutes(c.resolvedAt, c.verifyHours * 60) : null;
}

/** The owner's verification (and rating) window has ended. */
export function verifyWindowOver(c: Case, now: Date): boolean {
  const end = verifyWindowEnd(c);
  return end !== null && end <= now;
}

// Feedback facts on the case row (reports read them instead of the feedback tables). Each is called
// with the row it mirrors, in the same transaction, before any reopen moves the cycle on;
// cases/feedback-facts.ts defines them from the tables.
//
// `feedbackRank` encodes the latest judging feedback (verification or follow-up that reached the
// owner) so that the greatest rank is the one recorded last; odd = solved, null = never judged:
//   cycle*4 + 0  verification no / partly (reopens: nothing else of that cycle follows it)
//   cycle*4 + 1  verification yes (a cycle's verification comes before its follow-ups)
//   cycle*4 + 3  satisfied / basically satisfied follow-up (there may be several)
//   cycle*4 + 4  unsatisfied follow-up: it reopens the case, so it is the last judgement of its
//                cycle and ranks at the start of the next one (level with that cycle's "no").
// (Slot 2 was the unsatisfied follow-up until migration 1765497600000: below a satisfied visit of
// the same cycle recorded before it.)

function judged(c: Case, rank: number): void {
  c.feedbackRank = c.feedbackRank === null || c.feedbackRank === undefined ? rank : Math.max(c.feedbackRank, rank);
}

/** A satisfied or basically satisfied follow-up was recorded in the current cycle (its rank, see recordFollowUp). */
export function followedUpThisCycle(c: Case): boolean {
  return c.feedbackRank === c.cycle * 4 + 3;
}

/** A verification of the current cycle was recorded. */
export function recordVerification(c: Case, fixed: VerifyAnswer): void {
  judged(c, c.cycle * 4 + (fixed === 'yes' ? 1 : 0));
}

/** A rating of the current cycle was recorded. */
export function recordRating(c: Case, overall: number): void {
  c.ratingCount = (c.ratingCount ?? 0) + 1;
  c.ratingGood = (c.ratingGood ?? 0) + (overall >= 4 ? 1 : 0);
  c.ratingSum = (c.ratingSum ?? 0) + overall;
}

/** A follow-up of the current cycle was recorded; unreachable ones judge nothing. */
export function recordFollowUp(c: Case, result: FollowUpResult): void {
  if (result === 'unreachable') return;
  c.followedUp = true;
  judged(c, c.cycle * 4 + (result === 'satisfied' || result === 'basically_satisfied' ? 3 : 4));
}
