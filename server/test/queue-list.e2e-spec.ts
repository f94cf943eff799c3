import type { CaseResponse, Page } from '@wuye/shared';
import { caseIn, newCrew, type Crew } from './support/scenario';
import { TestContext, type Actor, type World } from './support/test-context';

/**
 * The staff queue's pages and totals: newest first across pages, an exact total up to the cap and
 * `totalCapped` beyond it, the right total on a partial or empty page, for an agent of one
 * community (an equality) and of two (per-community slices merged), with house labels and
 * assignee names on each case.
 */

describe('queue pages and totals', () => {
  let ctx: TestContext;
  let one: World;
  let two: World;
  let crew: Crew;
  let agentOfOne: Actor;
  let agentOfBoth: Actor;

  /** `n` closed cases of `world`'s first house, one minute apart, older than anything the API makes. */
  const bulk = async (world: World, n: number, from: number) => {
    await ctx.db.query(
      `INSERT INTO cases (number, community_id, house_id, type, category, channel, urgency, status, description, created_by_id,
                          owner_id, respond_deadline_at, resolve_deadline_at, verify_hours, follow_up_policy, follow_up_due_hours,
                          warn_before_minutes, created_at, updated_at)
       SELECT $1 || '-20200101-' || g, $2, $3, 'repair', '水电', 'phone', 'normal', 'closed', '批量 ' || g, $4, NULL,
              t + interval '30 minutes', t + interval '72 hours', 72, 'when_unrated_or_low', 48, 10, t, t
       FROM generate_series($5::int, $5::int + $6::int - 1) g, LATERAL (SELECT timestamptz '2020-01-01' + g * interval '1 minute' AS t) x`,
      [world.communityCode, world.communityId, world.houseIds[0], ctx.admin.id, from, n],
    );
  };

  const page = async (actor: Actor, query: string): Promise<Page<CaseResponse>> =>
    (await ctx.as(actor).get(`/api/cases?${query}`).expect(200)).body;

  /** What the queue must show, in order: the scope's cases newest first (ties by id, descending). */
  const expected = async (communityIds: string[]): Promise<string[]> =>
    (await ctx.db.query('SELECT id FROM cases WHERE community_id = ANY($1::uuid[]) ORDER BY created_at DESC, id DESC', [communityIds]))
      .map((r: { id: string }) => r.id);

  beforeAll(async () => {
    ctx = await TestContext.create();
    one = await ctx.newWorld();
    two = await ctx.newWorld();
    crew = await newCrew(ctx, one, 2);
    agentOfOne = await ctx.newStaff('agent', [one.communityId]);
    agentOfBoth = await ctx.newStaff('agent', [one.communityId, two.communityId]);
    await bulk(one, 30, 0);
    await bulk(two, 12, 0);
  });
  afterAll(() => ctx?.close());

  it.each([
    ['one community', () => agentOfOne, () => [one.communityId]],
    ['two communities', () => agentOfBoth, () => [one.communityId, two.communityId]],
  ])('an agent of %s pages through every case once, newest first, with the exact total on every page', async (_, who, scope) => {
    const want = await expected(scope());
    const seen: string[] = [];
    for (let p = 1; ; p++) {
      const res = await page(who(), `page=${p}&pageSize=20`);
      expect({ p, total: res.total, capped: res.totalCapped }).toEqual({ p, total: want.length, capped: false });
      if (!res.items.length) break;
      seen.push(...res.items.map((c) => c.id));
    }
    expect(seen).toEqual(want);
  });

  it('gives an empty page past the end with the exact total', async () => {
    const res = await page(agentOfBoth, 'page=9&pageSize=20');
    expect(res).toMatchObject({ items: [], total: (await expected([one.communityId, two.communityId])).length, totalCapped: false, page: 9 });
  });

  it('pages down to the 10 000th case and no further (filters narrow a list, the ledger exports it)', async () => {
    expect((await page(agentOfBoth, 'page=100&pageSize=100')).items).toEqual([]);
    const deeper = await ctx.as(agentOfBoth).get('/api/cases?page=101&pageSize=100').expect(400);
    expect(deeper.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'page', errors: [expect.stringContaining('10000')] }] });
  });

  it('caps the total at 1 000 and says so; a page beyond the cap counts up to itself', async () => {
    await bulk(two, 1000, 1000);
    const want = await expected([one.communityId, two.communityId]);
    expect(want.length).toBeGreaterThan(1000);
    const first = await page(agentOfBoth, 'pageSize=20');
    expect({ total: first.total, capped: first.totalCapped, n: first.items.length }).toEqual({ total: 1000, capped: true, n: 20 });
    expect(first.items.map((c) => c.id)).toEqual(want.slice(0, 20));
    // Page 51 of 20 ends at 1 020 (past the cap): the count goes up to the page's end.
    const deep = await page(agentOfBoth, 'page=51&pageSize=20');
    expect(deep.items.map((c) => c.id)).toEqual(want.slice(1000, 1020));
    expect({ total: deep.total, capped: deep.totalCapped }).toEqual({ total: 1020, capped: want.length > 1020 });
    const past = await page(agentOfBoth, 'page=100&pageSize=20');
    expect({ items: past.items, total: past.total, capped: past.totalCapped }).toEqual({ items: [], total: want.length, capped: false });
  });

  it('labels each case with its house and its assignee; a public-area case has no house label', async () => {
    const assigned = await caseIn(ctx, crew, 'assigned');
    const publicArea = await ctx.as(agentOfOne).post('/api/cases')
      .send({ type: 'repair', category: '电梯', description: '电梯异响', communityId: one.communityId, location: '2栋电梯厅' }).expect(201);
    const res = await page(agentOfOne, 'pageSize=5');
    const byId = new Map(res.items.map((c) => [c.id, c]));
    expect(byId.get(publicArea.body.id)).toMatchObject({ houseId: null, houseLabel: null, location: '2栋电梯厅', assigneeName: null });
    expect(byId.get(assigned.id)).toMatchObject({ houseId: crew.houseId, houseLabel: '1栋 1单元 101', assigneeId: crew.handler.id, assigneeName: crew.handler.name });
  });

  it('shows every case in the list exactly as its detail does (the list reads fewer columns, not fewer fields)', async () => {
    const cases = [await caseIn(ctx, crew, 'resolved'), await caseIn(ctx, crew, 'on_hold'), await caseIn(ctx, crew, 'resolved', 'suggestion')];
    const res = await page(agentOfOne, 'pageSize=10');
    for (const c of cases) {
      const { body: detail } = await ctx.as(agentOfOne).get(`/api/cases/${c.id}`).expect(200);
      const { events: _e, allowedActions: _a, cycleVerification: _v, cycleRated: _r, cycleFollowedUp: _f, ...shown } = detail;
      expect(res.items.find((item) => item.id === c.id)).toEqual(shown);
    }
    // The fields that only some states fill are there, as the detail has them.
    expect(res.items.find((item) => item.id === cases[0].id)).toMatchObject({ verifyDueAt: expect.any(String), resolvedAt: expect.any(String) });
    expect(res.items.find((item) => item.id === cases[2].id)).toMatchObject({ suggestionAdopted: true });
  });

  it('filters by status (in any order), type, both, the assignee and overdue, each view exactly', async () => {
    const world = await ctx.newWorld();
    const c = await newCrew(ctx, world, 2);
    const made = {
      submittedRepair: await caseIn(ctx, c, 'submitted'),
      acceptedComplaint: await caseIn(ctx, c, 'accepted', 'complaint'),
      assignedRepair: await caseIn(ctx, c, 'assigned'),
      startedComplaint: await caseIn(ctx, c, 'in_progress', 'complaint'),
      cancelledInquiry: await caseIn(ctx, c, 'cancelled', 'inquiry'),
    };
    // One case past its resolve deadline (as if reported four days ago).
    await ctx.db.query(`UPDATE cases SET resolve_deadline_at = now() - interval '1 hour' WHERE id = $1`, [made.assignedRepair.id]);
    const ids = async (actor: Actor, query: string) => new Set((await page(actor, `${query}&pageSize=50`)).items.map((x) => x.id));
    const want = (...keys: (keyof typeof made)[]) => new Set(keys.map((k) => made[k].id));

    expect(await ids(c.agent, 'status=submitted,accepted')).toEqual(want('submittedRepair', 'acceptedComplaint'));
    expect(await ids(c.agent, 'status=accepted,submitted')).toEqual(want('submittedRepair', 'acceptedComplaint'));
    expect(await ids(c.agent, 'type=complaint')).toEqual(want('acceptedComplaint', 'startedComplaint'));
    expect(await ids(c.agent, 'type=complaint&status=in_progress')).toEqual(want('startedComplaint'));
    expect(await ids(c.agent, 'status=cancelled&type=inquiry')).toEqual(want('cancelledInquiry'));
    expect(await ids(c.agent, 'type=praise')).toEqual(want());
    expect(await ids(c.handler, 'assignee=me')).toEqual(want('assignedRepair', 'startedComplaint'));
    // Another person's cases, by id: what a supervisor reassigns when someone leaves.
    expect(await ids(c.supervisor, `assignee=${c.handler.id}`)).toEqual(want('assignedRepair', 'startedComplaint'));
    expect(await ids(c.supervisor, `assignee=${c.handler.id.toUpperCase()}&status=in_progress`)).toEqual(want('startedComplaint'));
    expect(await ids(c.agent, `assignee=${c.agent.id}`)).toEqual(want());
    // Not another community's: the filter narrows the caller's own scope, never widens it.
    expect(await ids(agentOfOne, `assignee=${c.handler.id}`)).toEqual(want());
    const bad = await ctx.as(c.agent).get('/api/cases?assignee=someone').expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(await ids(c.agent, 'overdue=true')).toEqual(want('assignedRepair'));
  });

  it('lists and counts the visits due (待回访): not a case still awaiting its rating, nor one visited', async () => {
    const world = await ctx.newWorld();
    const c = await newCrew(ctx, world, 3);
    const awaitingRating = await caseIn(ctx, c, 'confirmed', 'complaint');
    const visitDue = await caseIn(ctx, c, 'confirmed', 'complaint');
    const visited = await caseIn(ctx, c, 'confirmed', 'complaint');
    for (const x of [visitDue, visited]) {
      const rated = await ctx.act(c.owners[0], x.id, 'rate', { overall: 2 });
      expect(rated).toMatchObject({ status: 'confirmed', followUpRequired: true });
    }
    await ctx.act(c.agent, visited.id, 'follow-up', { method: 'phone', result: 'satisfied' });
    await caseIn(ctx, c, 'assigned');

    const due = await page(c.agent, 'followUpDue=true&pageSize=50');
    expect(due.items.map((x) => x.id)).toEqual([visitDue.id]);
    expect(due.total).toBe(1);

    // A work list: the visit due first comes first, whatever the order the cases came in.
    const newer = await caseIn(ctx, c, 'confirmed', 'complaint');
    ctx.clock.advance(60_000);
    await ctx.act(c.owners[0], newer.id, 'rate', { overall: 1 });
    const elsewhere = await ctx.newWorld();
    const agentOfBoth = await ctx.newStaff('agent', [world.communityId, elsewhere.communityId]);
    for (const viewer of [c.agent, agentOfBoth]) {
      expect((await page(viewer, 'followUpDue=true&pageSize=50')).items.map((x) => x.id)).toEqual([visitDue.id, newer.id]);
      expect((await page(viewer, 'followUpDue=true&pageSize=1&page=2')).items.map((x) => x.id)).toEqual([newer.id]);
    }
    const counts = (await ctx.as(c.agent).get(`/api/cases/counts?communityId=${world.communityId}`).expect(200)).body;
    expect(counts).toEqual({ submitted: 0, accepted: 0, mine: 0, overdue: 0, dueSoon: 0, open: 1, followUpDue: 2 });
    expect(awaitingRating.followUpRequired).toBeNull();
    const bad = await ctx.as(c.agent).get('/api/cases?followUpDue=yes').expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('counts the accepted cases waiting for a handler or an answer (已受理), and every badge by the type chosen, as the tabs list them', async () => {
    const world = await ctx.newWorld();
    const c = await newCrew(ctx, world, 2);
    await caseIn(ctx, c, 'submitted', 'repair');
    await caseIn(ctx, c, 'accepted', 'repair');
    await caseIn(ctx, c, 'accepted', 'inquiry');
    await caseIn(ctx, c, 'in_progress', 'repair');
    const counts = async (query: string) => (await ctx.as(c.agent).get(`/api/cases/counts?communityId=${world.communityId}${query}`).expect(200)).body;
    expect(await counts('')).toMatchObject({ submitted: 1, accepted: 2, open: 4 });
    expect(await counts('&type=repair')).toMatchObject({ submitted: 1, accepted: 1, open: 3 });
    expect(await counts('&type=inquiry')).toMatchObject({ submitted: 0, accepted: 1, open: 1 });
    // The list the tab shows agrees with its badge.
    expect((await page(c.agent, `status=accepted&type=repair&communityId=${world.communityId}`)).total).toBe(1);
    expect((await ctx.as(c.agent).get('/api/cases/counts?type=leak').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('lists and counts the cases about to breach (即将超时): within the warning lead, not yet past, not on hold', async () => {
    const world = await ctx.newWorld();
    const c = await newCrew(ctx, world, 2);
    const made = {
      respondSoon: await caseIn(ctx, c, 'submitted'),
      resolveSoon: await caseIn(ctx, c, 'in_progress'),
      resolveLater: await caseIn(ctx, c, 'assigned'),
      pastDeadline: await caseIn(ctx, c, 'assigned'),
      onHold: await caseIn(ctx, c, 'on_hold'),
    };
    const lead = made.respondSoon.warnBeforeMinutes;
    expect(lead).toBeGreaterThanOrEqual(5);
    const move = (id: string, column: string, minutesFromNow: number) =>
      ctx.db.query(`UPDATE cases SET ${column} = $2 WHERE id = $1`, [id, new Date(ctx.clock.now().getTime() + minutesFromNow * 60_000)]);
    await move(made.respondSoon.id, 'respond_deadline_at', lead - 1);
    await move(made.resolveSoon.id, 'resolve_deadline_at', lead - 1);
    await move(made.resolveLater.id, 'resolve_deadline_at', lead + 5);
    await move(made.pastDeadline.id, 'resolve_deadline_at', -1);
    await move(made.onHold.id, 'resolve_deadline_at', lead - 1);
    const ids = async (actor: Actor) => (await page(actor, 'dueSoon=true&pageSize=50')).items.map((x) => x.id).sort();

    expect(await ids(c.agent)).toEqual([made.respondSoon.id, made.resolveSoon.id].sort());
    // The handler is warned of their own cases.
    expect(await ids(c.handler)).toEqual([made.resolveSoon.id]);
    const counts = (await ctx.as(c.agent).get(`/api/cases/counts?communityId=${world.communityId}`).expect(200)).body;
    expect(counts).toMatchObject({ dueSoon: 2, overdue: 1 });
    // As time runs: the first two pass their deadlines (超时), the later one comes within its lead.
    ctx.clock.advance(lead * 60_000);
    expect(await ids(c.agent)).toEqual([made.resolveLater.id]);
    expect((await ctx.as(c.agent).get('/api/cases?dueSoon=1').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });
});
