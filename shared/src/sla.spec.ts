import { CASE_TYPES, URGENCIES } from './enums';
import { addMinutes, defaultSlaPolicy, minutesBetween, needsFollowUp } from './sla';

const H = 60;
const D = 24 * H;

describe('defaultSlaPolicy', () => {
  // SPEC §3, "SLA (defaults)": type / urgency → respond within, resolve within.
  it.each([
    ['repair', 'urgent', 15, 24 * H],
    ['repair', 'normal', 30, 72 * H],
    ['complaint', 'normal', 2 * H, 7 * D],
    ['complaint', 'urgent', 2 * H, 7 * D],
    ['inquiry', 'normal', 2 * H, 24 * H],
    ['suggestion', 'normal', 24 * H, 15 * D],
    ['praise', 'normal', 24 * H, 7 * D],
  ] as const)('%s (%s): respond within %i min, resolve within %i min', (type, urgency, respond, resolve) => {
    expect(defaultSlaPolicy(type, urgency)).toMatchObject({ respondMinutes: respond, resolveMinutes: resolve });
  });

  it.each(CASE_TYPES.flatMap((type) => URGENCIES.map((urgency) => [type, urgency] as const)))(
    '%s (%s): 72 h to verify, follow-up due 48 h after confirmation, warns before the first deadline', (type, urgency) => {
      const policy = defaultSlaPolicy(type, urgency);
      expect(policy.verifyHours).toBe(72);
      expect(policy.followUpDueHours).toBe(48);
      expect(policy.followUpPolicy).toBe(type === 'complaint' ? 'always' : 'when_unrated_or_low');
      expect(policy.warnBeforeMinutes).toBeGreaterThan(0);
      expect(policy.warnBeforeMinutes).toBeLessThan(policy.respondMinutes);
      expect(policy.respondMinutes).toBeLessThan(policy.resolveMinutes);
    });
});

describe('needsFollowUp', () => {
  it.each([
    ['always', 5, 0, true],
    ['always', null, 0, true],
    ['never', null, 3, false],
    ['never', 1, 0, false],
    ['when_unrated_or_low', null, 0, true], // unrated
    ['when_unrated_or_low', 3, 0, true], // low
    ['when_unrated_or_low', 1, 0, true],
    ['when_unrated_or_low', 4, 0, false],
    ['when_unrated_or_low', 5, 0, false],
    ['when_unrated_or_low', 5, 1, true], // reopened at least once
  ] as const)('%s, rating %s, reopened %i times → %s', (policy, rating, reopenCount, expected) => {
    expect(needsFollowUp(policy, rating, reopenCount)).toBe(expected);
  });
});

describe('minutesBetween', () => {
  const at = new Date('2026-11-30T08:00:00Z');
  it.each([
    [0, 0],
    [59_999, 0],
    [60_000, 1],
    [90 * 60_000 + 59_999, 90],
    [7 * 86_400_000, 7 * D],
  ])('%i ms later is %i whole minutes', (ms, minutes) => {
    expect(minutesBetween(at, new Date(at.getTime() + ms))).toBe(minutes);
  });

  it('is never negative', () => {
    expect(minutesBetween(at, new Date(at.getTime() - 5 * 60_000))).toBe(0);
  });

  it('is the inverse of addMinutes', () => {
    expect(minutesBetween(at, addMinutes(at, 4321))).toBe(4321);
    expect(addMinutes(at, 30).toISOString()).toBe('2026-11-30T08:30:00.000Z');
  });
});
