import type { MetricsResponse } from '@wuye/shared';
import { FollowUpRate1766707200000 } from '../src/database/migrations/1766707200000-follow-up-rate';
import { TestContext, type Actor, type World } from './support/test-context';

/**
 * 回访率 (SPEC §4: cases with a follow-up ÷ cases that required one) measures whether the visits
 * that were due were made. A visit nobody required (staff called before the owner rated, and the
 * owner then rated 5) is good service, but it is not one of them: counted, it hid a missed one.
 */
describe('回访率: the visits that were due', () => {
  let ctx: TestContext;
  let world: World;
  let supervisor: Actor;

  beforeAll(async () => {
    ctx = await TestContext.create();
    world = await ctx.newWorld();
    supervisor = await ctx.newStaff('supervisor', [world.communityId]);
    const owner = await ctx.newOwner(world.houseIds[0]);
    const agent = await ctx.newStaff('agent', [world.communityId]);
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
    ctx.clock.set(new Date('2025-04-05T00:00:00Z'));
  });
  afterAll(() => ctx?.close());

  it.each([
    ['a whole month (from the roll-ups)', '2025-03-01', '2025-04-01'],
    ['some days (from the cases)', '2025-03-05', '2025-03-25'],
  ])('is 0 of 1 over %s, not 1 of 2', async (_, from, to) => {
    const m: MetricsResponse = (await ctx.as(supervisor)
      .get(`/api/reports/metrics?from=${from}&to=${to}&communityId=${world.communityId}`).expect(200)).body;
    expect(m.rates.followUp).toBe(0);
  });

  it('counts the required visit as awaited until it is due, then as missed', async () => {
    const march = async () => (await ctx.as(supervisor)
      .get(`/api/reports/metrics?from=2025-03-01&to=2025-04-01&communityId=${world.communityId}`).expect(200)).body as MetricsResponse;
    ctx.clock.set(new Date('2025-03-12T02:00:00Z')); // rated 2 a day ago: the visit is due in another day
    expect((await march()).awaiting).toEqual({ followUps: 1, ratings: 1 });
    ctx.clock.set(new Date('2025-04-05T00:00:00Z'));
    expect((await march()).awaiting).toEqual({ followUps: 0, ratings: 1 });
  });

  it('moves the roll-ups of existing cases both ways with migration 1766707200000', async () => {
    const march = async () => (await ctx.as(supervisor)
      .get(`/api/reports/metrics?from=2025-03-01&to=2025-04-01&communityId=${world.communityId}`).expect(200)).body as MetricsResponse;
    const migration = new FollowUpRate1766707200000();
    await ctx.db.transaction((tx) => migration.down(tx.queryRunner!));
    expect((await march()).rates.followUp).toBe(0.5);
    await ctx.db.transaction((tx) => migration.up(tx.queryRunner!));
    expect((await march()).rates.followUp).toBe(0);
  });
});
