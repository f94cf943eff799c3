import { feedbackFactsDrift } from '../src/cases/feedback-facts';
import { newCrew } from './support/scenario';
import { TestContext, type Actor, type World } from './support/test-context';

/**
 * The feedback facts kept on the case row (ratings, latest judging feedback, follow-up reached,
 * first resolver) must equal what the feedback tables say after every step of a full loop with
 * reopens, so the reports that read them cannot drift silently.
 */
describe('feedback facts on the case row', () => {
  let ctx: TestContext;
  let w: World;
  let owner: Actor;
  let agent: Actor;
  let handler: Actor;
  let supervisor: Actor;

  beforeAll(async () => {
    ctx = await TestContext.create();
    w = await ctx.newWorld();
    ({ owners: [owner], agent, handler, supervisor } = await newCrew(ctx, w, 1));
  });
  afterAll(() => ctx.close());

  const facts = async (id: string) => {
    const [row] = await ctx.db.query(
      `SELECT rating_count, rating_good, rating_sum, feedback_rank, followed_up, first_resolver_id FROM cases WHERE id = $1`, [id]);
    return row;
  };
  const noDrift = async () => expect(await feedbackFactsDrift(ctx.db)).toEqual([]);

  it('follow the tables through verify no, rate, follow-ups, reopen and a second rating', async () => {
    const c = await ctx.newCase(owner, w.houseIds[0]);
    await ctx.act(agent, c.id, 'accept');
    await ctx.act(agent, c.id, 'assign', { handlerId: handler.id });
    await ctx.act(handler, c.id, 'start');
    await ctx.act(handler, c.id, 'resolve', { note: '已修' });
    await noDrift();
    expect(await facts(c.id)).toEqual({ rating_count: 0, rating_good: 0, rating_sum: 0, feedback_rank: null, followed_up: false,
      first_resolver_id: handler.id });

    // Cycle 1: not fixed → reopened.
    await ctx.act(owner, c.id, 'verify', { fixed: 'no', reason: '还漏水' });
    await noDrift();
    expect((await facts(c.id)).feedback_rank).toBe(4);

    // Cycle 2: fixed, rated 2 → follow-up; unreachable, then unsatisfied → reopened.
    await ctx.act(handler, c.id, 'resolve', { note: '再修' });
    await ctx.act(owner, c.id, 'verify', { fixed: 'yes' });
    await ctx.act(owner, c.id, 'rate', { overall: 2 });
    await noDrift();
    expect(await facts(c.id)).toMatchObject({ rating_count: 1, rating_good: 0, rating_sum: 2, feedback_rank: 9, followed_up: false });
    await ctx.act(agent, c.id, 'follow-up', { method: 'phone', result: 'unreachable' });
    await noDrift();
    expect(await facts(c.id)).toMatchObject({ feedback_rank: 9, followed_up: false });
    const reopened = await ctx.act(agent, c.id, 'follow-up', { method: 'phone', result: 'unsatisfied' });
    expect(reopened.status).toBe('in_progress');
    await noDrift();
    // The unsatisfied visit reopens the case: it ranks at the start of cycle 3 (3 * 4), unsolved.
    expect(await facts(c.id)).toMatchObject({ feedback_rank: 12, followed_up: true });

    // Cycle 3: fixed, rated 5, followed up satisfied (a reopened case is always followed up) → closed;
    // a supervisor reopens it; cycle 4 is verified "partly".
    await ctx.act(handler, c.id, 'resolve', { note: '换了配件' });
    await ctx.act(owner, c.id, 'verify', { fixed: 'yes' });
    await ctx.act(owner, c.id, 'rate', { overall: 5 });
    await noDrift();
    expect(await facts(c.id)).toMatchObject({ rating_count: 2, rating_good: 1, rating_sum: 7, feedback_rank: 13, followed_up: true });
    const closed = await ctx.act(agent, c.id, 'follow-up', { method: 'onsite', result: 'satisfied' });
    expect(closed.status).toBe('closed');
    await noDrift();
    expect((await facts(c.id)).feedback_rank).toBe(15);
    await ctx.act(supervisor, c.id, 'reopen', { reason: '业主再次反映' });
    await noDrift();
    await ctx.act(handler, c.id, 'resolve', { note: '彻底修好' });
    await ctx.act(owner, c.id, 'verify', { fixed: 'partly', reason: '还有一点' });
    await noDrift();
    expect(await facts(c.id)).toMatchObject({ rating_count: 2, feedback_rank: 16, first_resolver_id: handler.id });
  });

  it('take the unsatisfied visit recorded after a satisfied one of the same cycle as the latest judgement', async () => {
    const c = await ctx.newCase(owner, w.houseIds[0]);
    await ctx.act(agent, c.id, 'accept');
    await ctx.act(agent, c.id, 'assign', { handlerId: handler.id });
    await ctx.act(handler, c.id, 'start');
    await ctx.act(handler, c.id, 'resolve', { note: '已修' });
    await ctx.act(owner, c.id, 'verify', { fixed: 'yes' });
    // Staff visit before the owner rates: satisfied, the case waits for the rating.
    const visited = await ctx.act(agent, c.id, 'follow-up', { method: 'phone', result: 'satisfied' });
    expect(visited).toMatchObject({ status: 'confirmed', cycleFollowedUp: true });
    await noDrift();
    expect(await facts(c.id)).toMatchObject({ feedback_rank: 7, followed_up: true });
    // The owner rates 2: another visit is due, and it finds the owner unsatisfied → reopened.
    await ctx.act(owner, c.id, 'rate', { overall: 2 });
    const reopened = await ctx.act(agent, c.id, 'follow-up', { method: 'onsite', result: 'unsatisfied' });
    expect(reopened).toMatchObject({ status: 'in_progress', cycle: 2, cycleFollowedUp: false });
    await noDrift();
    expect(await facts(c.id)).toMatchObject({ feedback_rank: 8, followed_up: true });
  });

  it('record who first answered an inquiry without a handler', async () => {
    const c = await ctx.newCase(owner, w.houseIds[0], { type: 'inquiry', category: '费用', description: '物业费标准？' });
    await ctx.act(agent, c.id, 'accept');
    await ctx.act(agent, c.id, 'resolve', { note: '已答复' });
    await ctx.act(owner, c.id, 'verify', { fixed: 'yes' });
    await noDrift();
    expect(await facts(c.id)).toMatchObject({ feedback_rank: 5, first_resolver_id: agent.id });
  });
});
