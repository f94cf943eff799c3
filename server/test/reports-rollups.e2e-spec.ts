import type { MetricsResponse } from '@wuye/shared';
import type { EntityManager, QueryRunner } from 'typeorm';
import { FeedbackRankLatest1765497600000 } from '../src/database/migrations/1765497600000-feedback-rank-latest';
import { PublicAreaBuilding1766188800000 } from '../src/database/migrations/1766188800000-public-area-building';
import { OnTimeFirstResolution1766448000000 } from '../src/database/migrations/1766448000000-on-time-first-resolution';
import { FollowUpRate1766707200000 } from '../src/database/migrations/1766707200000-follow-up-rate';
import { MetricsQuery } from '../src/reports/metrics.query';
import { parsePeriod } from '../src/reports/report-period';
import { ReportRollupsService } from '../src/reports/report-rollups.service';
import { caseIn, newCrew, nextOwner, type Crew } from './support/scenario';
import { TestContext, type Actor } from './support/test-context';
import { untilWaiting } from './support/waiting';

/**
 * The monthly roll-ups the reports read for whole months (migration 1765324800000): kept by
 * triggers as cases are written, changed and cancelled, compacted by a job, and always equal to
 * the figures read case by case.
 */
describe('report roll-ups', () => {
  let ctx: TestContext;
  let crew: Crew;
  let otherHouse: string;
  let supervisor: Actor;
  const at = (iso: string) => ctx.clock.set(new Date(iso));
  const metrics = async (from: string, to: string): Promise<MetricsResponse> =>
    (await ctx.as(supervisor).get(`/api/reports/metrics?from=${from}&to=${to}`).expect(200)).body;
  const complaint = (category: string, houseId = crew.houseId) =>
    ctx.newCase(nextOwner(crew), houseId, { type: 'complaint', category, description: `${category}的投诉` });

  /**
   * The migrations that install the roll-up triggers, oldest first. Each up() installs its own
   * sums, and each down() moves the roll-ups from what its up() counts: so one is taken down and
   * up again only with those after it undone first (latest first) and redone after.
   */
  const TRIGGER_MIGRATIONS = [PublicAreaBuilding1766188800000, OnTimeFirstResolution1766448000000, FollowUpRate1766707200000];
  const migrate = (m: { down(q: QueryRunner): Promise<void>; up(q: QueryRunner): Promise<void> }, way: 'up' | 'down') =>
    ctx.db.transaction((tx) => m[way](tx.queryRunner!));
  const laterThan = (m: object) => TRIGGER_MIGRATIONS.slice(TRIGGER_MIGRATIONS.findIndex((t) => m instanceof t) + 1).map((t) => new t());
  async function downWithLater(m: object & { down(q: QueryRunner): Promise<void>; up(q: QueryRunner): Promise<void> }) {
    for (const later of laterThan(m).reverse()) await migrate(later, 'down');
    await migrate(m, 'down');
  }
  async function upWithLater(m: object & { down(q: QueryRunner): Promise<void>; up(q: QueryRunner): Promise<void> }) {
    await migrate(m, 'up');
    for (const later of laterThan(m)) await migrate(later, 'up');
  }

  /** Figures of a period from the roll-ups and case by case, in one snapshot. */
  async function bothWays(from: string, to: string) {
    const query = ctx.app.get(MetricsQuery);
    const period = parsePeriod(from, to);
    const scope = [crew.world.communityId];
    return query.snapshot(async (tx) => ({
      rollups: await query.figures(tx, period, scope, ctx.clock.now()),
      cases: await query.figures(tx, period, scope, ctx.clock.now(), { rollups: false }),
    }));
  }

  beforeAll(async () => {
    ctx = await TestContext.create();
    const world = await ctx.newWorld(2);
    crew = await newCrew(ctx, world);
    supervisor = crew.supervisor;
    otherHouse = world.houseIds[1];
    await ctx.newOwner(otherHouse);
    // The tests' cases are dated 2025: the household lived there then (an owner reads the house's
    // cases from the day of approval on).
    await ctx.db.query(`UPDATE house_bindings SET decided_at = timestamptz '2020-01-01' WHERE owner_id = ANY($1::uuid[])`,
      [crew.owners.map((o) => o.id)]);
  });
  afterAll(() => ctx?.close());

  it('counts repeat complaints as they come and un-counts them when the earlier one is withdrawn', async () => {
    at('2025-05-03T02:00:00Z');
    const first = await complaint('噪音扰民');
    at('2025-05-10T02:00:00Z');
    await complaint('噪音扰民'); // 7 days after `first`: a repeat
    at('2025-05-12T02:00:00Z');
    await complaint('停车'); // another category: not a repeat
    at('2025-05-20T02:00:00Z');
    await complaint('噪音扰民'); // a repeat of both earlier ones
    at('2025-06-25T02:00:00Z');
    await complaint('噪音扰民'); // 36 days after the last one: not a repeat
    expect((await metrics('2025-05-01', '2025-07-01')).repeatComplaints).toBe(2);

    // Withdrawing the first leaves the 05-10 complaint with nothing before it; 05-20 still follows 05-10.
    await ctx.act(nextOwner(crew), first.id, 'cancel', { reason: '已协商解决' });
    const may = await metrics('2025-05-01', '2025-06-01');
    expect(may.repeatComplaints).toBe(1);
    expect(may.cancelled).toBe(1);
    const both = await bothWays('2025-05-01', '2025-06-01');
    expect(both.rollups).toEqual(both.cases);
  });

  it('lets two complaints of one house and category written at once see each other', async () => {
    at('2025-07-01T02:00:00Z');
    const template = await ctx.newCase(nextOwner(crew), crew.houseId);
    const insertComplaint = (runner: EntityManager | QueryRunner, number: string, createdAt: string) => runner.query(
      `INSERT INTO cases SELECT (r).* FROM (
         SELECT jsonb_populate_record(NULL::cases, to_jsonb(c) || jsonb_build_object(
           'id', gen_random_uuid(), 'number', $2::text, 'type', 'complaint', 'category', '电梯', 'status', 'submitted',
           'house_id', $3::uuid, 'created_at', $4::timestamptz, 'idempotency_key', NULL)) AS r
         FROM cases c WHERE c.id = $1) x`,
      [template.id, number, otherHouse, createdAt]);

    const first = ctx.db.createQueryRunner();
    await first.connect();
    await first.startTransaction();
    await insertComplaint(first, 'T-CONCURRENT-1', '2025-08-01T02:00:00Z');
    // The second starts while the first is open: on PostgreSQL it waits for the first's lock on
    // (house, category); on the embedded database for its only connection. Either way it must see it.
    const second = ctx.db.transaction((tx) => insertComplaint(tx, 'T-CONCURRENT-2', '2025-08-02T02:00:00Z'));
    await untilWaiting(ctx);
    await first.commitTransaction();
    await first.release();
    await second;

    const rows = await ctx.db.query(`SELECT number, repeat_complaint FROM cases WHERE number LIKE 'T-CONCURRENT-%' ORDER BY number`);
    expect(rows).toEqual([{ number: 'T-CONCURRENT-1', repeat_complaint: false }, { number: 'T-CONCURRENT-2', repeat_complaint: true }]);
    expect((await metrics('2025-08-01', '2025-09-01')).repeatComplaints).toBe(1);
  });

  it('follows every step of the loop and equals the figures read case by case, before and after compaction', async () => {
    at('2025-09-03T01:00:00Z');
    const c = await ctx.newCase(nextOwner(crew), crew.houseId);
    ctx.clock.advance(20 * 60_000);
    await ctx.act(crew.agent, c.id, 'accept');
    await ctx.act(crew.agent, c.id, 'assign', { handlerId: crew.handler.id });
    await ctx.act(crew.handler, c.id, 'start');
    ctx.clock.advance(100 * 60_000);
    await ctx.act(crew.handler, c.id, 'resolve', { note: '已修好' });
    await ctx.act(crew.owners[0], c.id, 'verify', { fixed: 'yes' });
    await ctx.act(crew.owners[0], c.id, 'rate', { overall: 4 });
    at('2025-09-10T01:00:00Z');
    await ctx.newCase(nextOwner(crew), crew.houseId, { urgency: 'urgent' });

    const september = await metrics('2025-09-01', '2025-10-01');
    expect(september.received.total).toBe(2);
    expect(september.rates.satisfaction).toBe(1);
    expect(september.responseMinutes.median).toBe(20);
    expect(september.resolutionMinutes.median).toBe(120);
    expect(september.byStaff).toEqual([expect.objectContaining({ staffId: crew.handler.id, handled: 1, medianResolutionMinutes: 120 })]);

    const periods: Array<[string, string]> = [['2025-05-01', '2025-06-01'], ['2025-04-20', '2025-07-10'], ['2025-01-01', '2026-01-01'],
      ['2025-09-01', '2025-10-01'], ['2025-09-02', '2025-09-11'], ['2025-05-15', '2025-10-15']];
    const compare = async () => {
      for (const [from, to] of periods) {
        const { rollups, cases } = await bothWays(from, to);
        expect({ from, to, figures: rollups }).toEqual({ from, to, figures: cases });
      }
    };
    await compare();
    expect(await ctx.countRows('report_month_stats_pending')).toBeGreaterThan(0);
    const rollups = ctx.app.get(ReportRollupsService);
    expect(await rollups.compact()).toBeGreaterThan(0);
    expect(await ctx.countRows('report_month_stats_pending')).toBe(0);
    expect(await ctx.countRows('report_month_minutes_pending')).toBe(0);
    await compare();
    expect(await metrics('2025-09-01', '2025-10-01')).toEqual(september);
    expect(await rollups.compact()).toBe(0);
  });

  it('reads whole months from the roll-ups and the other days from the cases', async () => {
    await ctx.app.get(ReportRollupsService).compact();
    const month = `date_trunc('month', timestamptz '2025-09-10T01:00:00Z' AT TIME ZONE 'Asia/Shanghai')::date`;
    await ctx.db.query(`UPDATE report_month_stats SET n = n + 100 WHERE month = ${month} AND live AND urgency = 'urgent'`);
    try {
      expect((await metrics('2025-09-01', '2025-10-01')).received.total).toBe(102);
      // 09-02 … 09-30 holds no whole month: every day is read from the cases.
      expect((await metrics('2025-09-02', '2025-10-01')).received.total).toBe(2);
    } finally {
      await ctx.db.query(`UPDATE report_month_stats SET n = n - 100 WHERE month = ${month} AND live AND urgency = 'urgent'`);
    }
    expect((await metrics('2025-09-01', '2025-10-01')).received.total).toBe(2);
  });

  it('counts a case as unsolved when an unsatisfied visit followed a satisfied one of the same cycle', async () => {
    at('2025-11-03T01:00:00Z');
    const owner = crew.owners[0];
    const c = await ctx.newCase(owner, crew.houseId);
    await ctx.act(crew.agent, c.id, 'accept');
    await ctx.act(crew.agent, c.id, 'assign', { handlerId: crew.handler.id });
    await ctx.act(crew.handler, c.id, 'start');
    await ctx.act(crew.handler, c.id, 'resolve', { note: '已修好' });
    await ctx.act(owner, c.id, 'verify', { fixed: 'yes' });
    // Visited before the owner rates (the case stays confirmed), then rated 2: another visit is due.
    expect(await ctx.act(crew.agent, c.id, 'follow-up', { method: 'phone', result: 'satisfied' })).toMatchObject({ status: 'confirmed' });
    await ctx.act(owner, c.id, 'rate', { overall: 2 });
    expect(await ctx.act(crew.agent, c.id, 'follow-up', { method: 'onsite', result: 'unsatisfied' }))
      .toMatchObject({ status: 'in_progress', cycle: 2 });

    // The latest judgement is the unsatisfied visit: judged, not solved — from the roll-ups (the
    // whole month) and from the cases (days), which agree.
    const unsolved = { judged: 1, solved: 0 };
    const november = await metrics('2025-11-01', '2025-12-01');
    expect(november.counts).toMatchObject(unsolved);
    expect(november.rates.resolution).toBe(0);
    const days = await metrics('2025-11-02', '2025-11-30');
    expect(days.counts).toMatchObject(unsolved);
    expect(days.rates.resolution).toBe(0);
    const both = await bothWays('2025-11-01', '2025-12-01');
    expect(both.rollups).toEqual(both.cases);

    // Migration 1765497600000 on such a case: down restores the old rank (counted solved), up
    // corrects it again; the roll-ups follow both ways.
    // (Each in a transaction of its own: the embedded database has a single connection.)
    const migration = new FeedbackRankLatest1765497600000();
    await ctx.db.transaction((tx) => migration.down(tx.queryRunner!));
    expect((await metrics('2025-11-01', '2025-12-01')).counts).toMatchObject({ judged: 1, solved: 1 });
    const before = await bothWays('2025-11-01', '2025-12-01');
    expect(before.rollups).toEqual(before.cases);
    await ctx.db.transaction((tx) => migration.up(tx.queryRunner!));
    expect((await metrics('2025-11-01', '2025-12-01')).counts).toMatchObject(unsolved);
    const after = await bothWays('2025-11-01', '2025-12-01');
    expect(after.rollups).toEqual(after.cases);
  });

  it('counts a case first resolved after its deadline as late, though a hold after its reopen moves the deadline past that; both ways of migration 1766448000000, which also clears the flag the old sweep set on a reopened case resolved on time', async () => {
    at('2025-10-06T01:00:00Z');
    const owner = crew.owners[1];
    const c = await ctx.newCase(owner, crew.houseId); // a normal repair: 72 hours to resolve
    await ctx.act(crew.agent, c.id, 'accept');
    await ctx.act(crew.agent, c.id, 'assign', { handlerId: crew.handler.id });
    await ctx.act(crew.handler, c.id, 'start');
    ctx.clock.advance(96 * 3600_000);
    expect(await ctx.act(crew.handler, c.id, 'resolve', { note: '已修好' })).toMatchObject({ resolveBreached: true });
    await ctx.act(owner, c.id, 'verify', { fixed: 'no', reason: '还在漏' });
    // The second round waits five days for a part: the stored deadline moves five days on, past
    // the first resolution — which was late all the same.
    await ctx.act(crew.handler, c.id, 'hold', { reason: '等配件' });
    ctx.clock.advance(5 * 24 * 3600_000);
    await ctx.act(crew.handler, c.id, 'resume');
    await ctx.act(crew.handler, c.id, 'resolve', { note: '已更换阀门' });
    const [row] = await ctx.db.query(`SELECT first_resolved_at <= resolve_deadline_at AS "beforeDeadline" FROM cases WHERE id = $1`, [c.id]);
    expect(row.beforeDeadline).toBe(true);

    const late = { resolved: 1, resolvedOnTime: 0 };
    for (const [from, to] of [['2025-10-01', '2025-11-01'], ['2025-10-02', '2025-10-31']]) {
      const figures = await metrics(from, to); // the whole month from the roll-ups, the days from the cases
      expect(figures.counts).toMatchObject(late);
      expect(figures.rates.onTimeResolution).toBe(0);
    }
    const same = async () => {
      const both = await bothWays('2025-10-01', '2025-11-01');
      expect(both.rollups).toEqual(both.cases);
    };
    await same();
    await ctx.app.get(ReportRollupsService).compact();
    await same();

    // Down: the roll-ups count it by the stored deadline again (on time); up: late again, and equal.
    const migration = new OnTimeFirstResolution1766448000000();
    await downWithLater(migration);
    expect((await bothWays('2025-10-01', '2025-11-01')).rollups.counts).toMatchObject({ resolved: 1, resolvedOnTime: 1 });
    await upWithLater(migration);
    expect((await bothWays('2025-10-01', '2025-11-01')).rollups.counts).toMatchObject(late);
    await same();

    // A case first resolved on time and reopened, whose flag the sweep of before 2026-12 set once the
    // unmoved deadline passed in its second round: up clears it; the late one keeps its flag.
    at('2025-10-20T01:00:00Z');
    const onTime = await ctx.newCase(owner, crew.houseId);
    await ctx.act(crew.agent, onTime.id, 'accept');
    await ctx.act(crew.agent, onTime.id, 'assign', { handlerId: crew.handler.id });
    await ctx.act(crew.handler, onTime.id, 'start');
    ctx.clock.advance(10 * 3600_000);
    await ctx.act(crew.handler, onTime.id, 'resolve', { note: '已修好' });
    await ctx.act(owner, onTime.id, 'verify', { fixed: 'no', reason: '又坏了' });
    await ctx.db.query(`UPDATE cases SET resolve_breached = true WHERE id = $1`, [onTime.id]);
    expect((await metrics('2025-10-01', '2025-11-01')).counts).toMatchObject({ resolved: 2, resolvedOnTime: 0 });
    await downWithLater(migration);
    await upWithLater(migration);
    const flags = await ctx.db.query(`SELECT id, resolve_breached AS late FROM cases WHERE id = ANY($1::uuid[])`, [[c.id, onTime.id]]);
    expect(Object.fromEntries(flags.map((f: { id: string; late: boolean }) => [f.id, f.late]))).toEqual({ [c.id]: true, [onTime.id]: false });
    for (const [from, to] of [['2025-10-01', '2025-11-01'], ['2025-10-02', '2025-10-31']]) {
      expect((await metrics(from, to)).counts).toMatchObject({ resolved: 2, resolvedOnTime: 1 });
    }
    await same();
  });

  it('counts a public area named by its building under that building, in the roll-ups as case by case, both ways of migration 1766188800000', async () => {
    at('2025-12-03T02:00:00Z');
    const owner = nextOwner(crew);
    const publicArea = (body: Record<string, unknown>) => ctx.as(owner).post('/api/cases')
      .send({ type: 'repair', category: '公共设施', description: '楼道灯不亮', communityId: crew.world.communityId, location: '2 单元楼道', ...body });
    const lit = (await publicArea({ building: '1栋' }).expect(201)).body;
    expect(lit).toMatchObject({ building: '1栋', location: '2 单元楼道', houseId: null });
    await publicArea({}).expect(201); // the whole community
    expect((await publicArea({ building: '9栋' }).expect(400)).body.code).toBe('AREA_BUILDING_INVALID');
    const withHouse = await ctx.as(owner).post('/api/cases')
      .send({ type: 'repair', category: '水电', description: '漏水', houseId: crew.houseId, building: '1栋' }).expect(400);
    expect(withHouse.body.code).toBe('VALIDATION_FAILED');

    const december = ['2025-12-01', '2026-01-01'] as const;
    const byBuilding = async () => (await metrics(...december)).received.byBuilding;
    expect(await byBuilding()).toEqual({ '1栋': 1, 公共区域: 1 });
    const same = async () => {
      const both = await bothWays(...december);
      expect(both.rollups).toEqual(both.cases);
    };
    await same();
    await ctx.app.get(ReportRollupsService).compact();
    await same();
    // Down: the building is forgotten and the case counts under 公共区域 again; up: nothing names one.
    const migration = new PublicAreaBuilding1766188800000();
    await downWithLater(migration);
    const [{ n }] = await ctx.db.query(`SELECT sum(n)::int AS n FROM (SELECT n FROM report_month_stats WHERE building = '1栋' AND month = '2025-12-01'
      UNION ALL SELECT n FROM report_month_stats_pending WHERE building = '1栋' AND month = '2025-12-01') x`);
    expect(n).toBe(0);
    await upWithLater(migration);
    expect(await byBuilding()).toEqual({ 公共区域: 2 });
    await same();

    // The triggers left are today's: a visit nobody required, written now, counts as the cases do.
    const c = await caseIn(ctx, crew, 'confirmed');
    await ctx.act(crew.agent, c.id, 'follow-up', { method: 'phone', result: 'satisfied' });
    await ctx.act(crew.owners[0], c.id, 'rate', { overall: 5 });
    await same();
  });
});
