import { TestContext, type Actor, type World } from './support/test-context';

describe('SLA policy per community × type × urgency', () => {
  let ctx: TestContext;
  let world: World;
  let other: World;
  let supervisor: Actor;
  let agent: Actor;
  let owner: Actor;

  beforeAll(async () => {
    ctx = await TestContext.create();
    world = await ctx.newWorld();
    other = await ctx.newWorld();
    supervisor = await ctx.newStaff('supervisor', [world.communityId]);
    agent = await ctx.newStaff('agent', [world.communityId]);
    owner = await ctx.newOwner(world.houseIds[0]);
  });
  afterAll(() => ctx?.close());

  it('lists the SPEC defaults until a supervisor overrides one, and new cases take the override', async () => {
    const before = await ctx.as(agent).get(`/api/communities/${world.communityId}/sla-policies`).expect(200);
    expect(before.body).toHaveLength(10);
    expect(before.body.find((p: { type: string; urgency: string }) => p.type === 'repair' && p.urgency === 'urgent'))
      .toMatchObject({ respondMinutes: 15, resolveMinutes: 24 * 60, isDefault: true });

    await ctx.as(supervisor).put(`/api/communities/${world.communityId}/sla-policies`)
      .send({ type: 'repair', urgency: 'normal', respondMinutes: 20, resolveMinutes: 600, followUpPolicy: 'always' })
      .expect(200);

    const c = await ctx.newCase(owner, world.houseIds[0]);
    const created = Date.parse(c.createdAt);
    expect(Date.parse(c.respondDeadlineAt) - created).toBe(20 * 60_000);
    expect(Date.parse(c.resolveDeadlineAt) - created).toBe(600 * 60_000);
  });

  it('refuses agents, other communities and nonsense values', async () => {
    const body = { type: 'repair', urgency: 'normal', respondMinutes: 20, resolveMinutes: 600 };
    await ctx.as(agent).put(`/api/communities/${world.communityId}/sla-policies`).send(body).expect(403);
    await ctx.as(supervisor).put(`/api/communities/${other.communityId}/sla-policies`).send(body).expect(404);
    const bad = await ctx.as(supervisor).put(`/api/communities/${world.communityId}/sla-policies`)
      .send({ ...body, respondMinutes: -5 }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
