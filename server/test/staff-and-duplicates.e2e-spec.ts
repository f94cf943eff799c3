import { TestContext, type Actor, type World } from './support/test-context';

describe('what staff lists and duplicate marking reveal', () => {
  let ctx: TestContext;
  let a: World;
  let b: World;
  let agentA: Actor;
  let owner: Actor;

  beforeAll(async () => {
    ctx = await TestContext.create();
    a = await ctx.newWorld();
    b = await ctx.newWorld();
    agentA = await ctx.newStaff('agent', [a.communityId]);
    owner = await ctx.newOwner(a.houseIds[0]);
  });
  afterAll(() => ctx?.close());

  it("shows an agent colleagues of their own communities without the colleagues' other communities", async () => {
    const shared = await ctx.newStaff('handler', [a.communityId, b.communityId]);
    await ctx.newStaff('handler', [b.communityId]);
    const list = await ctx.as(agentA).get('/api/staff?role=handler').expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: shared.id, communityIds: [a.communityId] })]);
    const other = await ctx.as(agentA).get(`/api/staff?role=handler&communityId=${b.communityId}`).expect(200);
    expect(other.body).toEqual([]);
  });

  it('lets staff, not owners, withdraw a case as a duplicate', async () => {
    const first = await ctx.newCase(owner, a.houseIds[0]);
    const second = await ctx.newCase(owner, a.houseIds[0], { description: '同一个问题又报了一次' });
    const refused = await ctx.as(owner).post(`/api/cases/${second.id}/cancel`).send({ reason: '重复', duplicateOf: first.id }).expect(403);
    expect(refused.body.code).toBe('CASE_ACTION_FORBIDDEN');
    expect((await ctx.as(owner).get(`/api/cases/${second.id}`).expect(200)).body.status).toBe('submitted');
    const done = await ctx.act(agentA, second.id, 'cancel', { reason: '重复报事', duplicateOf: first.id });
    expect(done.status).toBe('cancelled');
    await ctx.act(owner, first.id, 'cancel', { reason: '已自行解决' });
  });

  it('never cancels two cases as repeats of each other, even when two agents do it at the same moment', async () => {
    const agentB = await ctx.newStaff('agent', [a.communityId]);
    const pairs = await Promise.all(Array.from({ length: 6 }, async (_, i) => [
      await ctx.newCase(owner, a.houseIds[0], { description: `电梯异响 ${i}` }),
      await ctx.newCase(owner, a.houseIds[0], { description: `电梯有异响 ${i}` }),
    ]));
    const answers = await Promise.all(pairs.flatMap(([x, y]) => [
      ctx.as(agentA).post(`/api/cases/${x.id}/cancel`).send({ reason: '重复报事', duplicateOf: y.id }),
      ctx.as(agentB).post(`/api/cases/${y.id}/cancel`).send({ reason: '重复报事', duplicateOf: x.id }),
    ]));
    for (const [i, [x, y]] of pairs.entries()) {
      const statuses = (await ctx.db.query('SELECT status FROM cases WHERE id = ANY($1::uuid[])', [[x.id, y.id]])).map((r: { status: string }) => r.status);
      expect(statuses.filter((st: string) => st === 'cancelled')).toHaveLength(1);
      const pair = [answers[2 * i], answers[2 * i + 1]];
      expect(pair.map((r) => r.status).sort()).toEqual([200, pair.find((r) => r.status !== 200)!.status]);
      const loser = pair.find((r) => r.status !== 200)!;
      // Refused because its original is now cancelled — or, when the two locked their cases in
      // opposite order, chosen by PostgreSQL's deadlock detection and told to try again.
      expect([loser.status, loser.body.code]).toEqual(loser.status === 400
        ? [400, 'DUPLICATE_TARGET_CANCELLED'] : [409, 'CASE_CONCURRENT_MODIFICATION']);
      if (loser.status === 400) expect(loser.body.message).toBe('所选的原工单已撤销，请选择仍在处理或已办结的工单');
    }
  });
});
