import { PNG_1X1, TestContext, type Actor, type World } from './support/test-context';

/** Submissions are limited per signed-in user, not per address: an office shares one NAT address. */
describe('submission rate limit', () => {
  let ctx: TestContext;
  let world: World;
  let agentA: Actor;
  let agentB: Actor;
  const office = '10.8.0.1';

  beforeAll(async () => {
    ctx = await TestContext.create();
    world = await ctx.newWorld();
    agentA = await ctx.newStaff('agent', [world.communityId]);
    agentB = await ctx.newStaff('agent', [world.communityId]);
  });
  afterAll(() => ctx?.close());

  const intake = (agent: Actor, i: number) =>
    ctx.http.post('/api/cases').set('Authorization', `Bearer ${agent.token}`).set('X-Forwarded-For', office)
      .send({ type: 'inquiry', category: '费用', description: `电话咨询 ${i}`, communityId: world.communityId, location: '前台', channel: 'phone' });

  it('stops one person after 30 submissions a minute while a colleague at the same address goes on', async () => {
    for (let i = 0; i < 30; i++) expect((await intake(agentA, i)).status).toBe(201);
    const refused = await intake(agentA, 31);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect((await intake(agentB, 1)).status).toBe(201);
    expect(await ctx.countRows('cases')).toBe(31);
  });

  it('stops one person after 60 photo uploads a minute, storing nothing more, while others go on', async () => {
    const owner = await ctx.newOwner(world.houseIds[0]);
    const upload = (who: Actor) =>
      ctx.http.post('/api/uploads').set('Authorization', `Bearer ${who.token}`).set('X-Forwarded-For', office).attach('file', PNG_1X1, 'p.png');
    for (let i = 0; i < 60; i++) {
      expect((await upload(owner)).status).toBe(201);
      // Submitted with cases as they come (no more than 30 may wait unsubmitted: uploads.e2e-spec.ts).
      if (i % 20 === 19) await ctx.db.query('UPDATE uploads SET attached_at = now() WHERE uploader_id = $1 AND attached_at IS NULL', [owner.id]);
    }
    const rows = await ctx.countRows('uploads');
    const refused = await upload(owner);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(await ctx.countRows('uploads')).toBe(rows);
    expect((await upload(agentB)).status).toBe(201);
  });
});
