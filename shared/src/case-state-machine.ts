import { CASE_TRANSITIONS } from './case-transitions';
import { CASE_ACTIONS, type CaseAction, type CaseStatus, type CaseType, type FollowUpPolicy, type Role } from './enums';
import { needsFollowUp } from './sla';
import type { ErrorCode } from './error-codes';

export const URGE_INTERVAL_MINUTES = 30;
export const REOPEN_WINDOW_DAYS = 30;

/** What the guards need to know about a case; a subset of the case response. */
export interface CaseFacts {
  status: CaseStatus;
  type: CaseType;
  assigneeId: string | null;
  /** True when an owner account is attached to the case (mini-program, or bound by staff). */
  hasOwnerAccount: boolean;
  lastUrgedAt: string | Date | null;
  closedAt: string | Date | null;
  /** Verification of the current resolution cycle, if any. */
  cycleVerification: 'yes' | 'partly' | 'no' | null;
  cycleRated: boolean;
  /** True when the current cycle was confirmed by the sweep without the owner (never rated). */
  unrated: boolean;
  followUpPolicy: FollowUpPolicy;
  /** null until decided (at the rating or when the verification window ends). */
  followUpRequired: boolean | null;
  /**
   * A satisfied or basically satisfied follow-up was recorded in the current cycle. Recorded before
   * the decision, it leaves the case `confirmed` so the owner can still rate; the decision closes it
   * (or, after a rating ≤ 3, makes another visit due).
   */
  cycleFollowedUp: boolean;
  reopenCount: number;
  /**
   * When the owner's verification window for the current resolution ends (resolution + the policy's
   * verification hours): a `yes` waits for its rating until then, and no rating is taken after it.
   * null while nothing is resolved in the current cycle.
   */
  verifyWindowEndsAt: string | Date | null;
}

export interface ActorFacts {
  id: string;
  role: Role;
  /** For owners: the case is theirs (submitted by them or for a house they are approved for). */
  ownsCase: boolean;
}

export type Refusal = { ok: false; code: ErrorCode };
export type Decision = { ok: true } | Refusal;

const OK: Decision = { ok: true };

/** Every role that may take each action in at least one state. */
const ROLES_BY_ACTION = Object.fromEntries(
  CASE_ACTIONS.map((action) => [
    action,
    new Set(Object.values(CASE_TRANSITIONS).flatMap((rules) => rules[action]?.roles ?? [])),
  ]),
) as Record<CaseAction, Set<Role>>;
const refuse = (code: ErrorCode): Refusal => ({ ok: false, code });

function toMillis(value: string | Date | null): number | null {
  if (value === null) return null;
  return typeof value === 'string' ? Date.parse(value) : value.getTime();
}

/** The owner's verification (and rating) window of the current resolution has ended. */
function verifyWindowOver(c: CaseFacts, now: Date): boolean {
  const end = toMillis(c.verifyWindowEndsAt);
  return end !== null && end <= now.getTime();
}

/**
 * The owner's rating of the current cycle may still come: they verified `yes`, have not rated, and
 * the window is open. A case without an owner account can never be rated (staff verified it).
 */
function ratingAwaited(c: CaseFacts, now: Date): boolean {
  return c.hasOwnerAccount && c.cycleVerification === 'yes' && !c.cycleRated && !c.unrated && !verifyWindowOver(c, now);
}

/**
 * Per-record rules on top of the transition table. Each returns why an action is refused, so the
 * API can answer with a precise code and the mini-program can hide the button.
 */
function guard(action: CaseAction, c: CaseFacts, actor: ActorFacts, now: Date): Decision {
  const isHandler = actor.role === 'handler';
  if (actor.role === 'owner' && !actor.ownsCase) return refuse('CASE_NOT_FOUND');
  if (isHandler && c.assigneeId !== actor.id) return refuse('CASE_ACTION_FORBIDDEN');

  switch (action) {
    case 'resolve':
      if (c.status === 'accepted' && c.type !== 'inquiry' && c.type !== 'praise') {
        return refuse('CASE_TRANSITION_NOT_ALLOWED');
      }
      return OK;
    case 'verify':
      if (c.cycleVerification !== null) return refuse('ALREADY_VERIFIED');
      if (actor.role !== 'owner' && c.hasOwnerAccount) return refuse('CASE_ACTION_FORBIDDEN');
      // Unanswered in the window, the case counts as confirmed without a rating (the sweep does it
      // soon after): a late "yes" would leave a rating that can no longer be given.
      if (verifyWindowOver(c, now)) return refuse('VERIFY_WINDOW_CLOSED');
      return OK;
    case 'rate':
      if (c.cycleRated) return refuse('ALREADY_RATED');
      if (c.unrated || c.cycleVerification !== 'yes') return refuse('RATING_NOT_ALLOWED');
      // The window's end decided the follow-up without a rating; a late one may not undo that.
      if (verifyWindowOver(c, now)) return refuse('RATING_WINDOW_CLOSED');
      return OK;
    case 'urge': {
      const last = toMillis(c.lastUrgedAt);
      if (last !== null && now.getTime() - last < URGE_INTERVAL_MINUTES * 60_000) return refuse('URGE_TOO_FREQUENT');
      return OK;
    }
    case 'follow-up':
    case 'close': {
      // Visited while the rating is awaited: the rating (or the window's end) closes it, not staff.
      if (c.cycleFollowedUp && c.followUpRequired === null) return refuse('ALREADY_FOLLOWED_UP');
      if (action === 'follow-up') return OK;
      if (c.followUpRequired === true) return refuse('FOLLOW_UP_REQUIRED');
      if (c.followUpRequired === null) {
        // Undecided. While the owner may still rate, the rating decides; once no rating can come
        // (window over, the sweep not there yet), the case is judged as unrated.
        const awaited = ratingAwaited(c, now);
        // Closing by hand may not skip a follow-up visit the policy requires, whatever the rating.
        if (needsFollowUp(c.followUpPolicy, awaited ? 5 : null, c.reopenCount)) return refuse('FOLLOW_UP_REQUIRED');
        // Nor may it take the owner's rating away: ratings are given before the case closes.
        if (awaited) return refuse('RATING_PENDING');
      }
      return OK;
    }
    case 'reopen': {
      const closed = toMillis(c.closedAt);
      if (closed !== null && now.getTime() - closed > REOPEN_WINDOW_DAYS * 86_400_000) return refuse('REOPEN_WINDOW_EXPIRED');
      return OK;
    }
    default:
      return OK;
  }
}

/** May `actor` take `action` on case `c` now? Table first, then the per-record guards. */
export function canPerform(action: CaseAction, c: CaseFacts, actor: ActorFacts, now: Date = new Date()): Decision {
  const rule = CASE_TRANSITIONS[c.status][action];
  if (!rule) return refuse('CASE_TRANSITION_NOT_ALLOWED');
  if (!rule.roles.includes(actor.role)) {
    if (actor.role === 'owner' && !actor.ownsCase) return refuse('CASE_NOT_FOUND');
    // A role that may take this action in another state lost a race or looks at a stale screen
    // (e.g. two agents assigning at once): that is a 409, like any other state conflict.
    return refuse(ROLES_BY_ACTION[action].has(actor.role) ? 'CASE_TRANSITION_NOT_ALLOWED' : 'CASE_ACTION_FORBIDDEN');
  }
  return guard(action, c, actor, now);
}

/** The actions `actor` may take on `c` now, in the table's order; what the UI shows as buttons. */
export function nextActions(c: CaseFacts, actor: ActorFacts, now: Date = new Date()): CaseAction[] {
  return CASE_ACTIONS.filter((action) => canPerform(action, c, actor, now).ok);
}

/** Whether `to` is a status the table lets `action` reach from `from`. */
export function isTransition(from: CaseStatus, action: CaseAction, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from][action]?.to.includes(to) ?? false;
}
