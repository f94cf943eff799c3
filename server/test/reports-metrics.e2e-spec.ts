import type { MetricsResponse } from '@wuye/shared';
import { MetricsQuery } from '../src/reports/metrics.query';
import { parsePeriod } from '../src/reports/report-period';
import { ReportRollupsService } from '../src/reports/report-rollups.service';
import { TestContext, type Actor, type World } from './support/test-context';

/**
 * One community's March 2025 (Asia/Shanghai), built through the API with the clock moved by hand,
 * so every figure is known by construction. The timeline (UTC; Shanghai = UTC+8):
 *
 * - C9  02-28 15:30 (Shanghai 02-28 23:30, previous period) repair, accepted after 5 min; resolved late on 04-02
 * - C8  02-28 16:30 (Shanghai 03-01 00:30) inquiry, accepted 3 min, answered by the agent 7 min later; auto-confirmed (unrated)
 * - C1  03-10 repair: accepted 10 min, 60 min work, 120 min on hold, 30 min → resolved (100 min net), verified yes, rated 5
 * - C2  03-11 repair: urged twice, accepted late (40 min), resolved after 60 min, verified "no" (reopen), resolved again,
 *       verified yes, rated 2 → follow-up required → followed up satisfied
 * - C3  03-12 repair: accepted 5 min, resolved after 55 min, verified "partly" → reopened, still in progress
 * - C4  03-12 complaint, withdrawn by the owner (cancelled)
 * - C5  03-13 inquiry: accepted 15 min, answered 5 min later; auto-confirmed (unrated); follow-up unreachable
 * - C6  03-14 complaint 噪音扰民, never accepted
 * - C7  03-16 complaint 噪音扰民 from the same house (a repeat complaint), urged once, never accepted
 * - C11 03-31 15:00 (Shanghai 23:00) suggestion, respond deadline after the period end
 * - C10 03-31 16:10 (Shanghai 04-01 00:10) suggestion: next period
 * - CB  03-15 a repair in another community
 */
describe('GET /api/reports/metrics', () => {
  let ctx: TestContext;
  let a: World;
  let b: World;
  let owner1: Actor;
  let owner2: Actor;
  let ownerB: Actor;
  let agent: Actor;
  let handler: Actor;
  let supervisorA: Actor;
  let supervisorB: Actor;
  let agentB: Actor;
  let handlerId: string;

  const at = (iso: string) => ctx.clock.set(new Date(iso));
  const minutes = (n: number) => ctx.clock.advance(n * 60_000);
  const march = '/api/reports/metrics?from=2025-03-01&to=2025-04-01';

  beforeAll(async () => {
    ctx = await TestContext.create();
    a = await ctx.newWorld();
    b = await ctx.newWorld(1);
    owner1 = await ctx.newOwner(a.houseIds[0]);
    owner2 = await ctx.newOwner(a.houseIds[1]);
    ownerB = await ctx.newOwner(b.houseIds[0]);
    agent = await ctx.newStaff('agent', [a.communityId]);
    handler = await ctx.newStaff('handler', [a.communityId]);
    supervisorA = await ctx.newStaff('supervisor', [a.communityId]);
    supervisorB = await ctx.newStaff('supervisor', [b.communityId]);
    agentB = await ctx.newStaff('agent', [b.communityId]);
    handlerId = handler.id;

    at('2025-02-28T15:30:00Z');
    const c9 = await ctx.newCase(owner2, a.houseIds[1]);
    minutes(5);
    await ctx.act(agent, c9.id, 'accept');

    at('2025-02-28T16:30:00Z');
    const c8 = await ctx.newCase(owner2, a.houseIds[1], { type: 'inquiry', category: '费用', description: '物业费标准？' });
    minutes(3);
    await ctx.act(agent, c8.id, 'accept');
    minutes(7);
    await ctx.act(agent, c8.id, 'resolve', { note: '已答复' });

    at('2025-03-10T02:00:00Z');
    const c1 = await ctx.newCase(owner1, a.houseIds[0]);
    minutes(10);
    await ctx.act(agent, c1.id, 'accept');
    await ctx.act(agent, c1.id, 'assign', { handlerId });
    await ctx.act(handler, c1.id, 'start');
    minutes(60);
    await ctx.act(handler, c1.id, 'hold', { reason: '等配件' });
    minutes(120);
    await ctx.act(handler, c1.id, 'resume');
    minutes(30);
    await ctx.act(handler, c1.id, 'resolve', { note: '已修好' });
    await ctx.act(owner1, c1.id, 'verify', { fixed: 'yes' });
    const closed = await ctx.act(owner1, c1.id, 'rate', { overall: 5 });
    expect(closed.status).toBe('closed');
    expect(closed.resolutionMinutes).toBe(100);

    at('2025-03-11T02:00:00Z');
    const c2 = await ctx.newCase(owner1, a.houseIds[0], { category: '门窗', description: '窗户关不严' });
    minutes(1);
    await ctx.act(owner1, c2.id, 'urge');
    minutes(34);
    await ctx.act(owner1, c2.id, 'urge');
    minutes(5);
    await ctx.act(agent, c2.id, 'accept');
    await ctx.act(agent, c2.id, 'assign', { handlerId });
    await ctx.act(handler, c2.id, 'start');
    minutes(20);
    await ctx.act(handler, c2.id, 'resolve', { note: '已调整' });
    await ctx.act(owner1, c2.id, 'verify', { fixed: 'no', reason: '还是漏风' });
    minutes(10);
    await ctx.act(handler, c2.id, 'resolve', { note: '更换密封条' });
    await ctx.act(owner1, c2.id, 'verify', { fixed: 'yes' });
    await ctx.act(owner1, c2.id, 'rate', { overall: 2 });
    const followed = await ctx.act(agent, c2.id, 'follow-up', { method: 'phone', result: 'satisfied' });
    expect(followed.status).toBe('closed');

    at('2025-03-12T02:00:00Z');
    const c3 = await ctx.newCase(owner2, a.houseIds[1]);
    minutes(5);
    await ctx.act(agent, c3.id, 'accept');
    await ctx.act(agent, c3.id, 'assign', { handlerId });
    await ctx.act(handler, c3.id, 'start');
    minutes(50);
    await ctx.act(handler, c3.id, 'resolve', { note: '已处理' });
    const reopened = await ctx.act(owner2, c3.id, 'verify', { fixed: 'partly', reason: '只修好一半' });
    expect(reopened.status).toBe('in_progress');

    at('2025-03-12T04:00:00Z');
    const c4 = await ctx.newCase(owner1, a.houseIds[0], { type: 'complaint', category: '服务态度', description: '保安态度差' });
    await ctx.act(owner1, c4.id, 'cancel', { reason: '已私下解决' });

    at('2025-03-13T02:00:00Z');
    const c5 = await ctx.newCase(owner1, a.houseIds[0], { type: 'inquiry', category: '费用', description: '停车费怎么交' });
    minutes(15);
    await ctx.act(agent, c5.id, 'accept');
    minutes(5);
    await ctx.act(agent, c5.id, 'resolve', { note: '已答复' });

    at('2025-03-14T02:00:00Z');
    await ctx.newCase(owner1, a.houseIds[0], { type: 'complaint', category: '噪音扰民', description: '楼上装修太吵' });
    at('2025-03-15T02:00:00Z');
    await ctx.newCase(ownerB, b.houseIds[0]);
    at('2025-03-16T02:00:00Z');
    const c7 = await ctx.newCase(owner1, a.houseIds[0], { type: 'complaint', category: '噪音扰民', description: '又在装修' });
    await ctx.act(owner1, c7.id, 'urge');

    // The verification window (72 h) of C5 and C8 has passed: auto-confirmed, unrated, follow-up due.
    at('2025-03-20T02:00:00Z');
    await ctx.sweep();
    const unreachable = await ctx.act(agent, c5.id, 'follow-up', { method: 'phone', result: 'unreachable' });
    expect(unreachable.unrated).toBe(true);

    at('2025-03-31T15:00:00Z');
    await ctx.newCase(owner2, a.houseIds[1], { type: 'suggestion', category: '绿化', description: '多种些树' });
    at('2025-03-31T16:10:00Z');
    await ctx.newCase(owner2, a.houseIds[1], { type: 'suggestion', category: '绿化', description: '增加长椅' });

    // After the period: C9 gets resolved, so only its history says it was open at the period end.
    at('2025-04-02T02:00:00Z');
    await ctx.act(agent, c9.id, 'assign', { handlerId });
    await ctx.act(handler, c9.id, 'start');
    await ctx.act(handler, c9.id, 'resolve', { note: '修好了' });
    at('2025-04-05T00:00:00Z');
  });
  afterAll(() => ctx?.close());

  it('gives every figure of the period, known by construction', async () => {
    const res = await ctx.as(supervisorA).get(march).expect(200);
    const m: MetricsResponse = res.body;
    expect(m.period).toEqual({ from: '2025-03-01', to: '2025-04-01' });
    expect(m.scope).toEqual({ communityIds: [a.communityId] });
    // C8 (Shanghai 03-01 00:30) is in; C9 (02-28 23:30) and C10 (04-01 00:10) are not; C4 is cancelled but received.
    expect(m.received).toEqual({
      total: 9,
      byType: { repair: 3, inquiry: 2, complaint: 3, suggestion: 1 },
      byChannel: { miniapp: 9 },
      byCategory: { 水电: 2, 费用: 2, 门窗: 1, 服务态度: 1, 噪音扰民: 2, 绿化: 1 },
      byUrgency: { normal: 9 },
      byBuilding: { '1栋': 9 },
    });
    expect(m.cancelled).toBe(1);
    // Response: due = accepted (C8 C1 C2 C3 C5) + deadline passed before the period end (C6 C7); C11's deadline
    // lies after the period end, so it is not due although it has passed by now. On time: C8 C1 C3 C5.
    expect(m.rates.onTimeResponse).toBeCloseTo(4 / 7, 10);
    // First resolutions C8 C1 C2 C3 C5, all within their deadlines.
    expect(m.rates.onTimeResolution).toBe(1);
    // Latest feedback: C1 yes, C2 followed up satisfied, C3 partly; C5 only unreachable, C8 none.
    expect(m.rates.resolution).toBeCloseTo(2 / 3, 10);
    // Ratings 5 and 2; the auto-confirmed C5 and C8 (unrated) are not in it.
    expect(m.rates.satisfaction).toBe(0.5);
    expect(m.satisfactionMean).toBe(3.5);
    expect(m.rates.ratingParticipation).toBeCloseTo(2 / 5, 10);
    // Required: C2 (rated 2), C5 and C8 (unrated); only C2 reached the owner.
    expect(m.rates.followUp).toBeCloseTo(1 / 3, 10);
    expect(m.rates.reopen).toBeCloseTo(2 / 5, 10);
    expect(m.responseMinutes).toEqual({ mean: 14.6, median: 10, p90: 30 });
    // C1's 120 minutes on hold are netted out: 10, 20, 55, 60, 100.
    expect(m.resolutionMinutes).toEqual({ mean: 49, median: 55, p90: 84 });
    expect(m.urges).toEqual({ count: 3, casesUrged: 2, liveCasesUrged: 2 });
    expect(m.repeatComplaints).toBe(1);
    // At the period end: C9 (accepted then, resolved since), C3, C6, C7 overdue; C11 open, not yet due.
    // C6 and C7 were still waiting to be accepted.
    expect(m.backlog).toEqual({ open: 5, overdue: 4, unacceptedOverdue: 2 });
    expect(m.byStaff).toEqual([
      { staffId: handler.id, name: handler.name, handled: 3, medianResolutionMinutes: 60, satisfaction: 0.5, reopenRate: 2 / 3 },
      { staffId: agent.id, name: agent.name, handled: 2, medianResolutionMinutes: 15, satisfaction: null, reopenRate: 0 },
    ]);
    expect(m.counts).toMatchObject({ responseDue: 7, respondedOnTime: 4, resolved: 5, ratings: 2, followUpRequired: 3, followedUp: 1 });
  });

  it('gives the previous period: the month before a whole month (Shanghai 02-01 to 03-01)', async () => {
    const { body } = await ctx.as(supervisorA).get(march).expect(200);
    const p = (body as MetricsResponse).previous!;
    expect(p.period).toEqual({ from: '2025-02-01', to: '2025-03-01' });
    expect(p.received.total).toBe(1);
    expect(p.rates).toEqual({
      onTimeResponse: 1, onTimeResolution: 0, resolution: null, satisfaction: null, ratingParticipation: 0, followUp: null, reopen: 0,
    });
    expect(p.responseMinutes).toEqual({ mean: 5, median: 5, p90: 5 });
    // C9 was accepted and inside its deadlines at Shanghai midnight of 03-01.
    expect(p.backlog).toEqual({ open: 1, overdue: 0, unacceptedOverdue: 0 });
    expect(p.byStaff).toEqual([expect.objectContaining({ staffId: handler.id, handled: 1, reopenRate: 0 })]);
  });

  it('gives null, never 0 or NaN, for rates and times of an empty period', async () => {
    const { body } = await ctx.as(supervisorA).get('/api/reports/metrics?from=2024-01-01&to=2024-01-08').expect(200);
    const m = body as MetricsResponse;
    expect(m.received.total).toBe(0);
    expect(Object.values(m.rates)).toEqual([null, null, null, null, null, null, null]);
    expect(m.satisfactionMean).toBeNull();
    expect(m.responseMinutes).toEqual({ mean: null, median: null, p90: null });
    expect(m.resolutionMinutes).toEqual({ mean: null, median: null, p90: null });
    expect(m.byStaff).toEqual([]);
    expect(m.received.byType).toEqual({});
    expect(m.previous!.period).toEqual({ from: '2023-12-25', to: '2024-01-01' });
  });

  it('reads the same figures from the monthly roll-ups as case by case, for any period and scope', async () => {
    const query = ctx.app.get(MetricsQuery);
    const periods: Array<[string, string]> = [['2025-03-01', '2025-04-01'], ['2025-01-29', '2025-03-01'], ['2025-02-01', '2025-05-01'],
      ['2025-02-15', '2025-04-10'], ['2025-01-01', '2026-01-01'], ['2025-03-10', '2025-03-17']];
    const compare = async () => {
      for (const [from, to] of periods) {
        for (const scope of [[a.communityId], [b.communityId], null]) {
          const period = parsePeriod(from, to);
          const [rollups, cases] = await query.snapshot(async (tx) => [
            await query.figures(tx, period, scope, ctx.clock.now()),
            await query.figures(tx, period, scope, ctx.clock.now(), { rollups: false }),
          ]);
          expect({ from, to, scope, figures: rollups }).toEqual({ from, to, scope, figures: cases });
        }
      }
    };
    await compare();
    await ctx.app.get(ReportRollupsService).compact();
    await compare();
  });

  it('keeps supervisors to their communities; admins see all', async () => {
    const mine = await ctx.as(supervisorB).get(march).expect(200);
    expect(mine.body.received.total).toBe(1);
    expect(mine.body.scope).toEqual({ communityIds: [b.communityId] });
    const one = await ctx.as(ctx.admin).get(`${march}&communityId=${a.communityId}`).expect(200);
    expect(one.body.received.total).toBe(9);
    const all = await ctx.as(ctx.admin).get(march).expect(200);
    expect(all.body.received.total).toBe(10);
    expect(all.body.scope).toEqual({ communityIds: null });
    // Both estates have a 1栋: over both, each is its own building.
    expect(one.body.received.byBuilding).toEqual({ '1栋': 9 });
    expect(all.body.received.byBuilding).toEqual({ [`小区${a.communityCode} 1栋`]: 9, [`小区${b.communityCode} 1栋`]: 1 });

    const other = await ctx.as(supervisorA).get(`${march}&communityId=${b.communityId}`).expect(404);
    expect(other.body.code).toBe('COMMUNITY_NOT_FOUND');
    const missing = await ctx.as(ctx.admin).get(`${march}&communityId=00000000-0000-4000-8000-000000000000`).expect(404);
    expect(missing.body.code).toBe('COMMUNITY_NOT_FOUND');
    await ctx.as(agentB).get(march).expect(403);
    await ctx.as(owner1).get(march).expect(403);
    await ctx.as(null).get(march).expect(401);
  });

  it.each([
    ['malformed', 'from=2025-3-1&to=2025-04-01'],
    ['impossible date', 'from=2025-02-30&to=2025-04-01'],
    ['reversed', 'from=2025-04-01&to=2025-03-01'],
    ['empty', 'from=2025-03-01&to=2025-03-01'],
    ['missing', 'from=2025-03-01'],
    ['year 1 (its previous period would be in year 0)', 'from=0001-01-01&to=0001-02-01'],
    ['year 9999', 'from=9999-01-01&to=9999-02-01'],
    ['1999', 'from=1999-12-01&to=2000-01-01'],
  ])('refuses a %s period with 400 REPORT_PERIOD_INVALID', async (_, query) => {
    const res = await ctx.as(supervisorA).get(`/api/reports/metrics?${query}`).expect(400);
    expect(res.body.code).toBe('REPORT_PERIOD_INVALID');
    const summary = await ctx.as(supervisorA).get(`/api/reports/work-summary?${query}`).expect(400);
    expect(summary.body.code).toBe('REPORT_PERIOD_INVALID');
  });

  it('answers for the first month of 2000, whose previous period lies in 1999', async () => {
    const res = await ctx.as(supervisorA).get('/api/reports/metrics?from=2000-01-01&to=2000-02-01').expect(200);
    expect(res.body.received.total).toBe(0);
    expect(res.body.previous.received.total).toBe(0);
  });
});
