import type { FollowUpPolicy } from '@wuye/shared';
import { close, decideFollowUp, endHold, isOverdue, markResolved, markResponded, reopen, verifyWindowEnd } from './case-lifecycle';
import type { Case } from './case.entity';

const T0 = new Date('2026-11-30T00:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** The fields the lifecycle functions read and write, for a repair created at T0 (30 min / 72 h). */
function newCase(overrides: Partial<Case> = {}): Case {
  return {
    status: 'in_progress', assigneeId: 'handler-1', createdAt: T0, cycle: 1, reopenCount: 0,
    respondDeadlineAt: at(30), resolveDeadlineAt: at(72 * 60), firstRespondedAt: null, responseMinutes: null, respondBreached: false,
    firstResolvedAt: null, resolvedAt: null, resolutionMinutes: null, resolveBreached: false, confirmedAt: null, closedAt: null,
    closeReason: null, holdStartedAt: null, holdMinutes: 0, unrated: false, followUpRequired: null, followUpDueAt: null,
    followUpAttempts: 0, followUpPolicy: 'when_unrated_or_low', followUpDueHours: 48, verifyHours: 72,
    ...overrides,
  } as Case;
}

describe('markResponded', () => {
  it('records the first response only, with its minutes and breach', () => {
    const c = newCase();
    markResponded(c, at(45));
    expect(c).toMatchObject({ firstRespondedAt: at(45), responseMinutes: 45, respondBreached: true });
    markResponded(c, at(90));
    expect(c).toMatchObject({ firstRespondedAt: at(45), responseMinutes: 45 });
  });

  it('is not a breach on the deadline itself', () => {
    const c = newCase();
    markResponded(c, at(30));
    expect(c.respondBreached).toBe(false);
  });
});

describe('holds', () => {
  it('extend the resolve deadline and are netted out of the resolution time', () => {
    const c = newCase();
    c.holdStartedAt = at(60);
    endHold(c, at(60 + 120));
    expect(c.holdMinutes).toBe(120);
    expect(c.holdStartedAt).toBeNull();
    expect(c.resolveDeadlineAt).toEqual(at(72 * 60 + 120));

    c.holdStartedAt = at(300);
    endHold(c, at(330));
    expect(c.holdMinutes).toBe(150);

    // Resolved 73 h after creation but 2.5 h of it on hold: on time, 70.5 h net.
    markResolved(c, at(73 * 60));
    expect(c.resolutionMinutes).toBe(73 * 60 - 150);
    expect(c.resolveBreached).toBe(false);
  });

  it('does nothing when the case was not on hold', () => {
    const c = newCase();
    endHold(c, at(100));
    expect(c.holdMinutes).toBe(0);
    expect(c.resolveDeadlineAt).toEqual(at(72 * 60));
  });
});

describe('markResolved', () => {
  it('counts the first resolution only; later cycles move resolvedAt alone', () => {
    const c = newCase();
    markResolved(c, at(73 * 60));
    expect(c).toMatchObject({ status: 'resolved', firstResolvedAt: at(73 * 60), resolvedAt: at(73 * 60), resolutionMinutes: 73 * 60, resolveBreached: true });

    reopen(c);
    markResolved(c, at(80 * 60));
    expect(c).toMatchObject({ firstResolvedAt: at(73 * 60), resolvedAt: at(80 * 60), resolutionMinutes: 73 * 60, resolveBreached: true });
  });
});

describe('reopen', () => {
  it('starts a new cycle with the same handler and clears the cycle’s outcome', () => {
    const c = newCase({ status: 'closed', resolvedAt: at(10), confirmedAt: at(20), closedAt: at(30), closeReason: 'followed_up',
      unrated: true, followUpRequired: true, followUpDueAt: at(40), followUpAttempts: 2 });
    reopen(c);
    expect(c).toMatchObject({ status: 'in_progress', assigneeId: 'handler-1', cycle: 2, reopenCount: 1, resolvedAt: null,
      confirmedAt: null, closedAt: null, closeReason: null, unrated: false, followUpRequired: null, followUpDueAt: null, followUpAttempts: 0 });
  });

  it('goes back to accepted when nobody was assigned (an inquiry answered by an agent)', () => {
    const c = newCase({ status: 'resolved', assigneeId: null });
    reopen(c);
    expect(c.status).toBe('accepted');
  });
});

describe('decideFollowUp', () => {
  it.each<[FollowUpPolicy, number | null, number, boolean]>([
    ['always', 5, 0, true],
    ['always', null, 0, true],
    ['never', null, 0, false],
    ['never', 1, 2, false],
    ['when_unrated_or_low', null, 0, true],
    ['when_unrated_or_low', 3, 0, true],
    ['when_unrated_or_low', 4, 0, false],
    ['when_unrated_or_low', 5, 1, true],
  ])('policy %s, rating %s, reopened %i times → follow-up needed: %s', (followUpPolicy, rating, reopenCount, needed) => {
    const c = newCase({ status: 'confirmed', followUpPolicy, reopenCount, confirmedAt: at(100) });
    decideFollowUp(c, rating, at(100));
    if (needed) {
      expect(c).toMatchObject({ status: 'confirmed', followUpRequired: true, followUpDueAt: at(100 + 48 * 60), closedAt: null });
    } else {
      expect(c).toMatchObject({ status: 'closed', followUpRequired: false, closedAt: at(100), closeReason: 'no_follow_up_needed' });
    }
  });

  it('gives the visit its 48 h from the decision when that comes after the confirmation (confirmed, rated or unrated later)', () => {
    const c = newCase({ status: 'confirmed', followUpPolicy: 'when_unrated_or_low', confirmedAt: at(100) });
    decideFollowUp(c, null, at(100 + 70 * 60));
    expect(c.followUpDueAt).toEqual(at(100 + 70 * 60 + 48 * 60));
  });
});

describe('verifyWindowEnd and close', () => {
  it('ends the verification window verifyHours after the latest resolution', () => {
    expect(verifyWindowEnd(newCase())).toBeNull();
    expect(verifyWindowEnd(newCase({ resolvedAt: at(10) }))).toEqual(at(10 + 72 * 60));
  });

  it('closes with a reason', () => {
    const c = newCase({ status: 'confirmed' });
    close(c, at(5), 'unreachable');
    expect(c).toMatchObject({ status: 'closed', closedAt: at(5), closeReason: 'unreachable' });
  });
});

describe('isOverdue (late now, as the 超时 tab)', () => {
  it('is the running deadline passed: respond while submitted, resolve while open', () => {
    expect(isOverdue(newCase({ status: 'submitted' }), at(30))).toBe(false);
    expect(isOverdue(newCase({ status: 'submitted' }), at(31))).toBe(true);
    expect(isOverdue(newCase({ status: 'assigned' }), at(31))).toBe(false);
    expect(isOverdue(newCase({ status: 'in_progress' }), at(72 * 60 + 1))).toBe(true);
  });

  it('on hold, only a deadline that ran out before the hold; once handled, never', () => {
    expect(isOverdue(newCase({ status: 'on_hold', holdStartedAt: at(60) }), at(80 * 60))).toBe(false);
    expect(isOverdue(newCase({ status: 'on_hold', holdStartedAt: at(73 * 60) }), at(80 * 60))).toBe(true);
    for (const status of ['resolved', 'confirmed', 'closed', 'cancelled'] as const) {
      expect(isOverdue(newCase({ status, resolveBreached: true }), at(80 * 60))).toBe(false);
    }
  });
});
