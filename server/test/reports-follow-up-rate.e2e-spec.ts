import type { MetricsResponse } from '@wuye/shared';
import { FollowUpRate1766707200000 } from '../src/database/migrations/1766707200000-follow-up-rate';
import { TestContext, type Actor, type World } from './support/test-context';

/**
 * 回访率 (SPEC §4: cases with a follow-up ÷ cases that required one) measures whether the visits
 * that were due were made. A visit nobody required (staff called before the owner rated, and the
 * owner then rated 5) is good service, but it is not one of them: counted, it hid a missed one.
 * Nor is a visit made before a low rating, which asks for another.
 */
describe('回访率: the visits that were due', () => {
  let ctx: TestContext;
  let world: World;
  let supervisor: Actor;
  let agent: Actor;
  let visitedThenLow: { id: string };

  beforeAll(async () => {
    ctx = await TestContext.create();
    world = await ctx.newWorld();
    supervisor = await ctx.newStaff('supervisor', [world.communityId]);
    const owner = await ctx.newOwner(world.houseIds[0]);
    agent = await ctx.newStaff('agent', [world.communityId]);
    const handler = await ctx.newStaff('handler', [world.communityId]);
    const resolvedAndConfirmed = async (description: string) => {
      const c = await ctx.newCase(owner, world.houseIds[0], { description });
      await ctx.act(agent, c.id, 'accept');
      await ctx.act(agent, c.id, 'assign', { handlerId: handler.id });
      await ctx.act(handler, c.id, 'start');
      await ctx.act(handler, c.id, 'resolve', { note: '已修好' });
      await ctx.act(owner, c.id, 'verify', { fixed: 'yes' });
      return c;
    };
    ctx.clock.set(new Date('2025-03-10T02:00:00Z'));
    // Visited before the owner rated; rated 5, so no visit was required.
    const voluntary = await resolvedAndConfirmed('水龙头漏水');
    await ctx.act(agent, voluntary.id, 'follow-up', { method: 'phone', result: 'satisfied' });
    const closed = await ctx.act(owner, voluntary.id, 'rate', { overall: 5 });
    expect(closed).toMatchObject({ status: 'closed', followUpRequired: false });
    // Rated 2: a visit is required, and nobody made it.
    ctx.clock.set(new Date('2025-03-11T02:00:00Z'));
    const missed = await resolvedAndConfirmed('门锁坏了');
    const due = await ctx.act(owner, missed.id, 'rate', { overall: 2 });
    expect(due).toMatchObject({ status: 'confirmed', followUpRequired: true });
    // Confirmed, not rated yet: the owner may still rate it (no sweep runs here to close its window).
    ctx.clock.set(new Date('2025-03-11T03:00:00Z'));
    await resolvedAndConfirmed('窗户漏风');
    // Visited before the owner rated, then rated 2: that visit does not stand, and the one due is not made.
    ctx.clock.set(new Date('2025-03-11T04:00:00Z'));
    visitedThenLow = await resolvedAndConfirmed('地漏返水');
    await ctx.act(agent, visitedThenLow.id, 'follow-up', { method: 'phone', result: 'satisfied' });
    expect(await ctx.act(owner, visitedThenLow.id, 'rate', { overall: 2 })).toMatchObject({ status: 'confirmed', followUpRequired: true });
    ctx.clock.set(new Date('2025-04-05T00:00:00Z'));
  });
  afterAll(() => ctx?.close());

  it.each([
    ['a whole month (from the roll-ups)', '2025-03-01', '2025-04-01'],
    ['some days (from the cases)', '2025-03-05', '2025-03-25'],
  ])('is 0 of 2 over %s, not 2 of 3', async (_, from, to) => {
    const m: MetricsResponse = (await ctx.as(supervisor)
      .get(`/api/reports/metrics?from=${from}&to=${to}&communityId=${world.communityId}`).expect(200)).body;
    expect(m.rates.followUp).toBe(0);
  });

  it('counts the required visit as awaited until it is due, then as missed', async () => {
    const march = async () => (await ctx.as(supervisor)
      .get(`/api/reports/metrics?from=2025-03-01&to=2025-04-01&communityId=${world.communityId}`).expect(200)).body as MetricsResponse;
    ctx.clock.set(new Date('2025-03-12T02:00:00Z')); // rated 2 a day ago: the visit is due in another day
    expect((await march()).awaiting).toEqual({ followUps: 2, ratings: 1 });
    ctx.clock.set(new Date('2025-04-05T00:00:00Z'));
    expect((await march()).awaiting).toEqual({ followUps: 0, ratings: 1 });
  });

  it('moves the roll-ups of existing cases both ways with migration 1766707200000', async () => {
    const march = async () => (await ctx.as(supervisor)
      .get(`/api/reports/metrics?from=2025-03-01&to=2025-04-01&communityId=${world.communityId}`).expect(200)).body as MetricsResponse;
    const migration = new FollowUpRate1766707200000();
    await ctx.db.transaction((tx) => migration.down(tx.queryRunner!));
    expect((await march()).rates.followUp).toBeCloseTo(2 / 3, 10);
    await ctx.db.transaction((tx) => migration.up(tx.queryRunner!));
    expect((await march()).rates.followUp).toBe(0);
  });

  it('counts the visit the low rating asked for once it is made, in the roll-ups as case by case', async () => {
    await ctx.act(agent, visitedThenLow.id, 'follow-up', { method: 'onsite', result: 'satisfied' });
    for (const [from, to] of [['2025-03-01', '2025-04-01'], ['2025-03-05', '2025-03-25']]) {
      const m: MetricsResponse = (await ctx.as(supervisor)
        .get(`/api/reports/metrics?from=${from}&to=${to}&communityId=${world.communityId}`).expect(200)).body;
      expect(m.rates.followUp).toBe(0.5);
    }
  });
});
