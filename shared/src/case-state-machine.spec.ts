import { CASE_TRANSITIONS } from './case-transitions';
import { canPerform, isTransition, nextActions, type ActorFacts, type CaseFacts } from './case-state-machine';
import { CASE_ACTIONS, CASE_STATUSES, CASE_TYPES, ROLES, type CaseAction, type CaseStatus, type Role } from './enums';
import { ERROR_CODES } from './error-codes';

// Who may take which action in which state, written out by hand from SPEC §2/§3 so that a change to
// the transition table has to be a deliberate change here too.
const AGENT_UP = 'agent supervisor admin';
const SUPERVISOR_UP = 'supervisor admin';
const HANDLING = 'handler supervisor admin';
const NOTE_TAKERS = 'agent handler supervisor admin';
const EXPECTED: Record<CaseStatus, Partial<Record<CaseAction, string>>> = {
  submitted: { accept: AGENT_UP, cancel: `owner ${AGENT_UP}`, urge: 'owner' },
  accepted: { reply: AGENT_UP, assign: AGENT_UP, resolve: AGENT_UP, note: AGENT_UP, cancel: `owner ${AGENT_UP}`, urge: 'owner' },
  assigned: { reply: AGENT_UP, assign: SUPERVISOR_UP, start: HANDLING, note: NOTE_TAKERS, cancel: AGENT_UP, urge: 'owner' },
  in_progress: {
    reply: AGENT_UP, assign: SUPERVISOR_UP, hold: HANDLING, note: NOTE_TAKERS, resolve: HANDLING, cancel: AGENT_UP, urge: 'owner',
  },
  on_hold: { reply: AGENT_UP, assign: SUPERVISOR_UP, resume: HANDLING, note: NOTE_TAKERS, cancel: AGENT_UP, urge: 'owner' },
  resolved: { verify: `owner ${AGENT_UP}`, reply: AGENT_UP, note: NOTE_TAKERS },
  confirmed: { rate: 'owner', 'follow-up': AGENT_UP, close: AGENT_UP, reply: AGENT_UP, note: AGENT_UP },
  closed: { reopen: SUPERVISOR_UP },
  cancelled: {},
};

const allowedRoles = (status: CaseStatus, action: CaseAction): Role[] =>
  (EXPECTED[status][action]?.split(' ') ?? []) as Role[];

const NOW = new Date('2026-11-30T08:00:00Z');
const HANDLER_ID = 'handler-1';
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

/** A case in `status` on which every guard passes for the given role. */
function permissiveCase(status: CaseStatus, role: Role, overrides: Partial<CaseFacts> = {}): CaseFacts {
  // Staff may close a confirmed case by hand only once no rating can come and no visit is needed:
  // here the owner's window has just ended under a policy that never asks for a visit.
  const closable: Partial<CaseFacts> = status === 'confirmed' && role !== 'owner'
    ? { followUpPolicy: 'never', verifyWindowEndsAt: minutesAgo(1) }
    : {};
  return {
    status,
    type: 'inquiry', // inquiries may be resolved straight from accepted
    assigneeId: HANDLER_ID,
    hasOwnerAccount: role === 'owner', // staff verify only for owners without an account
    lastUrgedAt: null,
    closedAt: minutesAgo(60),
    cycleVerification: status === 'confirmed' ? 'yes' : null,
    cycleRated: false,
    unrated: false,
    followUpPolicy: 'when_unrated_or_low',
    followUpRequired: null,
    cycleFollowedUp: false,
    reopenCount: 0,
    verifyWindowEndsAt: minutesAgo(-24 * 60), // the owner has another day to verify or rate
    ...closable,
    ...overrides,
  };
}

const actor = (role: Role, overrides: Partial<ActorFacts> = {}): ActorFacts => ({
  id: role === 'handler' ? HANDLER_ID : `${role}-1`,
  role,
  ownsCase: role === 'owner',
  ...overrides,
});

const everyCombination = CASE_STATUSES.flatMap((status) =>
  CASE_ACTIONS.flatMap((action) => ROLES.map((role) => [status, action, role] as const)));

describe('canPerform', () => {
  describe('the transition table: every state × action × role', () => {
    it.each(everyCombination)('%s · %s · %s', (status, action, role) => {
      const decision = canPerform(action, permissiveCase(status, role), actor(role), NOW);
      const allowed = allowedRoles(status, action).includes(role);
      if (allowed) {
        expect(decision).toEqual({ ok: true });
        return;
      }
      // A role that may take this action in some other state is refused for the state (409: someone
      // changed the case under them); a role that may never take it is refused for the role (403).
      const roleEverAllowed = CASE_STATUSES.some((s) => allowedRoles(s, action).includes(role));
      expect(decision).toEqual({ ok: false, code: roleEverAllowed || !EXPECTED[status][action] ? 'CASE_TRANSITION_NOT_ALLOWED' : 'CASE_ACTION_FORBIDDEN' });
    });
  });

  it('answers CASE_NOT_FOUND to an owner for a case that is not theirs, whatever the action', () => {
    for (const status of CASE_STATUSES) {
      for (const action of CASE_ACTIONS) {
        const decision = canPerform(action, permissiveCase(status, 'owner'), actor('owner', { ownsCase: false }), NOW);
        if (EXPECTED[status][action]) expect({ status, action, decision }).toEqual({ status, action, decision: { ok: false, code: 'CASE_NOT_FOUND' } });
        else expect(decision.ok).toBe(false);
      }
    }
  });

  describe('guards', () => {
    it.each(['start', 'note'] as const)('lets only the assignee among handlers %s', (action) => {
      const c = permissiveCase('assigned', 'handler');
      expect(canPerform(action, c, actor('handler'), NOW)).toEqual({ ok: true });
      expect(canPerform(action, c, actor('handler', { id: 'someone-else' }), NOW)).toEqual({ ok: false, code: 'CASE_ACTION_FORBIDDEN' });
      expect(canPerform(action, { ...c, assigneeId: 'someone-else' }, actor('supervisor'), NOW)).toEqual({ ok: true });
    });

    it.each(['hold', 'resolve'] as const)('refuses %s to a handler the case is not assigned to', (action) => {
      const c = permissiveCase('in_progress', 'handler', { assigneeId: 'other-handler' });
      expect(canPerform(action, c, actor('handler'), NOW)).toEqual({ ok: false, code: 'CASE_ACTION_FORBIDDEN' });
    });

    it.each(CASE_TYPES.map((type) => [type, type === 'inquiry' || type === 'praise'] as const))(
      'resolves a %s straight from accepted: %s', (type, allowed) => {
        const decision = canPerform('resolve', permissiveCase('accepted', 'agent', { type }), actor('agent'), NOW);
        expect(decision).toEqual(allowed ? { ok: true } : { ok: false, code: 'CASE_TRANSITION_NOT_ALLOWED' });
        // Once in progress, any type may be resolved.
        expect(canPerform('resolve', permissiveCase('in_progress', 'handler', { type }), actor('handler'), NOW)).toEqual({ ok: true });
      });

    it.each(['yes', 'partly', 'no'] as const)('verifies once per cycle (already %s)', (answer) => {
      const c = permissiveCase('resolved', 'owner', { cycleVerification: answer });
      expect(canPerform('verify', c, actor('owner'), NOW)).toEqual({ ok: false, code: 'ALREADY_VERIFIED' });
    });

    it('takes no verification once the window has ended, before the sweep confirms it as unrated', () => {
      expect(canPerform('verify', permissiveCase('resolved', 'owner', { verifyWindowEndsAt: minutesAgo(-1) }), actor('owner'), NOW)).toEqual({ ok: true });
      expect(canPerform('verify', permissiveCase('resolved', 'owner', { verifyWindowEndsAt: NOW }), actor('owner'), NOW))
        .toEqual({ ok: false, code: 'VERIFY_WINDOW_CLOSED' });
    });

    it.each(['agent', 'supervisor', 'admin'] as const)('lets a %s verify only for a case with no owner account', (role) => {
      expect(canPerform('verify', permissiveCase('resolved', role, { hasOwnerAccount: false }), actor(role), NOW)).toEqual({ ok: true });
      expect(canPerform('verify', permissiveCase('resolved', role, { hasOwnerAccount: true }), actor(role), NOW))
        .toEqual({ ok: false, code: 'CASE_ACTION_FORBIDDEN' });
    });

    it.each([
      ['verified yes', { cycleVerification: 'yes' }, { ok: true }],
      ['not verified this cycle', { cycleVerification: null }, { ok: false, code: 'RATING_NOT_ALLOWED' }],
      ['verified partly', { cycleVerification: 'partly' }, { ok: false, code: 'RATING_NOT_ALLOWED' }],
      ['auto-confirmed (unrated)', { cycleVerification: null, unrated: true }, { ok: false, code: 'RATING_NOT_ALLOWED' }],
      ['already rated', { cycleVerification: 'yes', cycleRated: true }, { ok: false, code: 'ALREADY_RATED' }],
      ['verified yes, a minute before the window ends', { verifyWindowEndsAt: minutesAgo(-1) }, { ok: true }],
      ['verified yes, the window ended just now', { verifyWindowEndsAt: NOW }, { ok: false, code: 'RATING_WINDOW_CLOSED' }],
      ['verified yes, the window ended (ISO string)', { verifyWindowEndsAt: minutesAgo(60).toISOString() }, { ok: false, code: 'RATING_WINDOW_CLOSED' }],
      ['window ended and the follow-up was decided without a rating', { verifyWindowEndsAt: minutesAgo(60), followUpRequired: true },
        { ok: false, code: 'RATING_WINDOW_CLOSED' }],
    ] as const)('rates only after a yes and once: %s', (_label, overrides, expected) => {
      expect(canPerform('rate', permissiveCase('confirmed', 'owner', overrides), actor('owner'), NOW)).toEqual(expected);
    });

    const windowOpen = { verifyWindowEndsAt: minutesAgo(-60) };
    const windowOver = { verifyWindowEndsAt: minutesAgo(1) };
    // The owner verified yes and may still rate (unless a case says otherwise).
    const awaitingRating = { hasOwnerAccount: true, cycleVerification: 'yes', followUpPolicy: 'when_unrated_or_low', followUpRequired: null, ...windowOpen } as const;
    it.each([
      ['a complaint (always followed up), rating awaited', { followUpPolicy: 'always' }, 'FOLLOW_UP_REQUIRED'],
      ['a follow-up already due', { followUpRequired: true }, 'FOLLOW_UP_REQUIRED'],
      ['a reopened case under when_unrated_or_low, rating awaited', { reopenCount: 1 }, 'FOLLOW_UP_REQUIRED'],
      ['a first-cycle case under when_unrated_or_low, rating awaited', {}, 'RATING_PENDING'],
      ['a case whose policy never asks for a follow-up, rating awaited', { followUpPolicy: 'never' }, 'RATING_PENDING'],
      // The window ended but the sweep has not decided yet: no rating can come, judged as unrated.
      ['a first-cycle case, window over, not yet decided', windowOver, 'FOLLOW_UP_REQUIRED'],
      ['a case whose policy never asks for a follow-up, window over, not yet decided', { followUpPolicy: 'never', ...windowOver }, null],
      // Nobody can rate a case without an owner account (staff verified it): judged as unrated.
      ['no owner account, when_unrated_or_low', { hasOwnerAccount: false, cycleVerification: 'yes' }, 'FOLLOW_UP_REQUIRED'],
      ['no owner account, policy never', { hasOwnerAccount: false, followUpPolicy: 'never' }, null],
    ] as const)('closes by hand only when no follow-up is required and no rating is awaited: %s', (_label, overrides, refusal) => {
      const decision = canPerform('close', permissiveCase('confirmed', 'agent', { ...awaitingRating, ...overrides }), actor('agent'), NOW);
      expect(decision).toEqual(refusal ? { ok: false, code: refusal } : { ok: true });
    });

    it('offers close to staff only once the rating is no longer awaited, and rate to the owner only while it is', () => {
      const awaited = permissiveCase('confirmed', 'agent', { ...awaitingRating, followUpPolicy: 'never' });
      expect(nextActions(awaited, actor('agent'), NOW)).toEqual(['reply', 'note', 'follow-up']);
      expect(nextActions(awaited, actor('owner'), NOW)).toEqual(['rate']);
      const over = { ...awaited, ...windowOver };
      expect(nextActions(over, actor('agent'), NOW)).toEqual(['reply', 'note', 'follow-up', 'close']);
      expect(nextActions(over, actor('owner'), NOW)).toEqual([]);
    });

    it('leaves a case visited before the rating to the rating: no second visit, no closing by hand', () => {
      expect(canPerform('follow-up', permissiveCase('confirmed', 'agent'), actor('agent'), NOW)).toEqual({ ok: true });
      const visited = permissiveCase('confirmed', 'agent', { cycleFollowedUp: true });
      expect(canPerform('follow-up', visited, actor('agent'), NOW)).toEqual({ ok: false, code: 'ALREADY_FOLLOWED_UP' });
      expect(canPerform('close', visited, actor('agent'), NOW)).toEqual({ ok: false, code: 'ALREADY_FOLLOWED_UP' });
      // A low rating afterwards made another visit due: that one may be recorded, and only then closed.
      const revisit = permissiveCase('confirmed', 'agent', { cycleFollowedUp: true, followUpRequired: true });
      expect(canPerform('follow-up', revisit, actor('agent'), NOW)).toEqual({ ok: true });
      expect(canPerform('close', revisit, actor('agent'), NOW)).toEqual({ ok: false, code: 'FOLLOW_UP_REQUIRED' });
    });

    it.each([
      [null, true],
      [minutesAgo(29.99), false],
      [minutesAgo(30), true],
      [minutesAgo(300), true],
    ])('urges at most once per 30 minutes (last urged %s → %s)', (lastUrgedAt, allowed) => {
      const decision = canPerform('urge', permissiveCase('in_progress', 'owner', { lastUrgedAt }), actor('owner'), NOW);
      expect(decision).toEqual(allowed ? { ok: true } : { ok: false, code: 'URGE_TOO_FREQUENT' });
    });

    it('reads urge and close times given as ISO strings (the mini-program passes response fields)', () => {
      const c = permissiveCase('in_progress', 'owner', { lastUrgedAt: minutesAgo(5).toISOString() });
      expect(canPerform('urge', c, actor('owner'), NOW)).toEqual({ ok: false, code: 'URGE_TOO_FREQUENT' });
      const closed = permissiveCase('closed', 'supervisor', { closedAt: minutesAgo(31 * 24 * 60).toISOString() });
      expect(canPerform('reopen', closed, actor('supervisor'), NOW)).toEqual({ ok: false, code: 'REOPEN_WINDOW_EXPIRED' });
    });

    it.each([
      [1, true],
      [30 * 24 * 60, true],
      [30 * 24 * 60 + 1, false],
      [90 * 24 * 60, false],
    ])('reopens a closed case within 30 days (closed %i minutes ago → %s)', (minutes, allowed) => {
      const c = permissiveCase('closed', 'supervisor', { closedAt: minutesAgo(minutes) });
      expect(canPerform('reopen', c, actor('supervisor'), NOW)).toEqual(allowed ? { ok: true } : { ok: false, code: 'REOPEN_WINDOW_EXPIRED' });
    });
  });
});

describe('nextActions', () => {
  it.each(CASE_STATUSES.flatMap((status) => ROLES.map((role) => [status, role] as const)))(
    'in %s, a %s sees exactly the actions the table gives the role', (status, role) => {
      const expected = CASE_ACTIONS.filter((a) => allowedRoles(status, a).includes(role));
      expect(nextActions(permissiveCase(status, role), actor(role), NOW)).toEqual(expected);
    });

  it('hides actions the guards refuse', () => {
    const urgedJustNow = permissiveCase('submitted', 'owner', { lastUrgedAt: minutesAgo(1) });
    expect(nextActions(urgedJustNow, actor('owner'), NOW)).toEqual(['cancel']);
    expect(nextActions(permissiveCase('resolved', 'agent', { hasOwnerAccount: true }), actor('agent'), NOW)).toEqual(['reply', 'note']);
    expect(nextActions(permissiveCase('assigned', 'handler'), actor('handler', { id: 'not-the-assignee' }), NOW)).toEqual([]);
    expect(nextActions(permissiveCase('confirmed', 'owner', { cycleRated: true }), actor('owner'), NOW)).toEqual([]);
  });
});

describe('CASE_TRANSITIONS', () => {
  const rules = CASE_STATUSES.flatMap((from) =>
    Object.entries(CASE_TRANSITIONS[from]).map(([action, rule]) => [from, action as CaseAction, rule!] as const));

  it.each(rules)('%s · %s leads only to valid statuses, for known roles', (from, action, rule) => {
    expect(CASE_ACTIONS).toContain(action);
    expect(rule.to.length).toBeGreaterThan(0);
    for (const to of rule.to) {
      expect(CASE_STATUSES).toContain(to);
      expect(isTransition(from, action, to)).toBe(true);
    }
    for (const role of rule.roles) expect(ROLES).toContain(role);
  });

  it('has a row for every status and nothing leaves cancelled', () => {
    expect(Object.keys(CASE_TRANSITIONS).sort()).toEqual([...CASE_STATUSES].sort());
    expect(CASE_TRANSITIONS.cancelled).toEqual({});
    expect(Object.keys(CASE_TRANSITIONS.closed)).toEqual(['reopen']);
  });

  it('keeps the status on actions that only add information', () => {
    for (const from of CASE_STATUSES) {
      for (const action of ['reply', 'note', 'urge'] as const) {
        const rule = CASE_TRANSITIONS[from][action];
        if (rule) expect(rule.to).toEqual([from]);
      }
    }
  });

  it('refuses transitions outside the table', () => {
    expect(isTransition('submitted', 'resolve', 'resolved')).toBe(false);
    expect(isTransition('cancelled', 'reopen', 'in_progress')).toBe(false);
    expect(isTransition('resolved', 'verify', 'submitted')).toBe(false);
  });

  it('maps every refusal code to a 4xx', () => {
    for (const code of ['CASE_NOT_FOUND', 'CASE_ACTION_FORBIDDEN', 'CASE_TRANSITION_NOT_ALLOWED', 'ALREADY_VERIFIED', 'ALREADY_RATED',
      'RATING_NOT_ALLOWED', 'RATING_WINDOW_CLOSED', 'VERIFY_WINDOW_CLOSED', 'RATING_PENDING', 'FOLLOW_UP_REQUIRED', 'ALREADY_FOLLOWED_UP', 'URGE_TOO_FREQUENT',
      'REOPEN_WINDOW_EXPIRED'] as const) {
      expect(ERROR_CODES[code].status).toBeGreaterThanOrEqual(400);
      expect(ERROR_CODES[code].status).toBeLessThan(500);
    }
  });
});
