import { defaultSlaPolicy, type CaseDetailResponse, type SlaPolicyResponse } from '@wuye/shared';
import { TestContext, type Actor, type World } from './support/test-context';

describe('SLA policy per community × type × urgency', () => {
  let ctx: TestContext;
  let world: World;
  let other: World;
  let supervisor: Actor;
  let agent: Actor;
  let owner: Actor;
  let handler: Actor;
  let supervisorElsewhere: Actor;

  beforeAll(async () => {
    ctx = await TestContext.create();
    world = await ctx.newWorld();
    other = await ctx.newWorld();
    supervisor = await ctx.newStaff('supervisor', [world.communityId]);
    agent = await ctx.newStaff('agent', [world.communityId]);
    owner = await ctx.newOwner(world.houseIds[0]);
    handler = await ctx.newStaff('handler', [world.communityId]);
    supervisorElsewhere = await ctx.newStaff('supervisor', [other.communityId]);
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

  it('refuses a policy that contradicts itself, saying which part, and keeps the one in force', async () => {
    const url = `/api/communities/${world.communityId}/sla-policies`;
    const before = (await ctx.as(supervisor).get(url).expect(200)).body;
    const shorter = await ctx.as(supervisor).put(url).send({ type: 'inquiry', urgency: 'normal', respondMinutes: 120, resolveMinutes: 60 }).expect(400);
    expect(shorter.body).toMatchObject({ code: 'SLA_POLICY_INCONSISTENT', message: '办结时限不能短于响应时限', details: { field: 'resolveMinutes' } });
    expect((await ctx.as(supervisor).get(url).expect(200)).body).toEqual(before);
    // Equal is fine (late for both at once), and one warning lead serves both deadlines, so it may
    // exceed the respond time (an hour before resolving, with 20 minutes to accept).
    await ctx.as(supervisor).put(url).send({ type: 'inquiry', urgency: 'normal', respondMinutes: 60, resolveMinutes: 60 }).expect(200);
    await ctx.as(supervisor).put(url)
      .send({ type: 'inquiry', urgency: 'normal', respondMinutes: 20, resolveMinutes: 600, warnBeforeMinutes: 60 }).expect(200);
  });

  describe('returning one type × urgency to the default', () => {
    const policiesUrl = () => `/api/communities/${world.communityId}/sla-policies`;
    const find = (list: SlaPolicyResponse[], type: string, urgency: string) => list.find((p) => p.type === type && p.urgency === urgency);
    const minutesTo = (c: CaseDetailResponse, deadline: string) => (Date.parse(deadline) - Date.parse(c.createdAt)) / 60_000;
    const override = (by: Actor, type: string, urgency: string, respondMinutes: number, resolveMinutes: number) =>
      ctx.as(by).put(policiesUrl()).send({ type, urgency, respondMinutes, resolveMinutes }).expect(200);

    it('answers the list with the default back in force; cases created afterwards take it, earlier ones keep theirs', async () => {
      await override(supervisor, 'repair', 'urgent', 40, 300);
      await override(supervisor, 'complaint', 'normal', 60, 2000);
      const before = await ctx.newCase(owner, world.houseIds[0], { urgency: 'urgent' });
      expect([minutesTo(before, before.respondDeadlineAt), minutesTo(before, before.resolveDeadlineAt)]).toEqual([40, 300]);

      const res = await ctx.as(supervisor).delete(`${policiesUrl()}/repair/urgent`).expect(200);
      expect(res.body).toHaveLength(10);
      expect(find(res.body, 'repair', 'urgent')).toEqual({ type: 'repair', urgency: 'urgent', isDefault: true, ...defaultSlaPolicy('repair', 'urgent') });
      // Only that one: the community's other settings stay.
      expect(find(res.body, 'complaint', 'normal')).toMatchObject({ isDefault: false, respondMinutes: 60, resolveMinutes: 2000 });
      expect((await ctx.as(agent).get(policiesUrl()).expect(200)).body).toEqual(res.body);

      const after = await ctx.newCase(owner, world.houseIds[0], { urgency: 'urgent' });
      expect([minutesTo(after, after.respondDeadlineAt), minutesTo(after, after.resolveDeadlineAt)]).toEqual([15, 24 * 60]);
      const earlier = (await ctx.as(agent).get(`/api/cases/${before.id}`).expect(200)).body;
      expect([earlier.respondDeadlineAt, earlier.resolveDeadlineAt]).toEqual([before.respondDeadlineAt, before.resolveDeadlineAt]);
    });

    it('accepts a row that is already the default, and lets an admin do it too', async () => {
      const first = await ctx.as(supervisor).delete(`${policiesUrl()}/praise/urgent`).expect(200);
      expect(find(first.body, 'praise', 'urgent')).toMatchObject({ isDefault: true });
      await override(ctx.admin, 'praise', 'urgent', 600, 6000);
      const byAdmin = await ctx.as(ctx.admin).delete(`${policiesUrl()}/praise/urgent`).expect(200);
      expect(find(byAdmin.body, 'praise', 'urgent')).toMatchObject({ isDefault: true, respondMinutes: 24 * 60 });
      const again = await ctx.as(ctx.admin).delete(`${policiesUrl()}/praise/urgent`).expect(200);
      expect(again.body).toEqual(byAdmin.body);
    });

    it('refuses agents, handlers, owners and supervisors of another community, and keeps the setting', async () => {
      await override(supervisor, 'inquiry', 'normal', 90, 900);
      const url = `${policiesUrl()}/inquiry/normal`;
      for (const [who, status, code] of [
        [agent, 403, 'FORBIDDEN'], [handler, 403, 'FORBIDDEN'], [owner, 403, 'FORBIDDEN'],
        [supervisorElsewhere, 404, 'COMMUNITY_NOT_FOUND'],
      ] as const) {
        const res = await ctx.as(who).delete(url);
        expect({ role: who.role, status: res.status, code: res.body.code }).toEqual({ role: who.role, status, code });
      }
      // Nor may a supervisor reach another community by its id.
      const elsewhere = await ctx.as(supervisor).delete(`/api/communities/${other.communityId}/sla-policies/inquiry/normal`).expect(404);
      expect(elsewhere.body.code).toBe('COMMUNITY_NOT_FOUND');
      await ctx.http.delete(url).expect(401);
      const list = (await ctx.as(agent).get(policiesUrl()).expect(200)).body;
      expect(find(list, 'inquiry', 'normal')).toMatchObject({ isDefault: false, respondMinutes: 90 });
    });

    it.each([
      ['an unknown type', 'repairs/normal', 'VALIDATION_FAILED', 'type'],
      ['an unknown urgency', 'repair/critical', 'VALIDATION_FAILED', 'urgency'],
      ['a type in the wrong case', 'Repair/normal', 'VALIDATION_FAILED', 'type'],
      ['SQL for a type', "repair'%20OR%20'1'='1/normal", 'VALIDATION_FAILED', 'type'],
    ])('answers 400 for %s, and changes nothing', async (_label, path, code, field) => {
      await override(supervisor, 'repair', 'normal', 25, 500);
      const res = await ctx.as(supervisor).delete(`${policiesUrl()}/${path}`).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code, details: [expect.objectContaining({ field })] });
      const list = (await ctx.as(agent).get(policiesUrl()).expect(200)).body;
      expect(find(list, 'repair', 'normal')).toMatchObject({ isDefault: false, respondMinutes: 25 });
    });

    it('answers 400 INVALID_ID for a community id that is not a uuid', async () => {
      const res = await ctx.as(supervisor).delete('/api/communities/not-a-uuid/sla-policies/repair/normal').expect(400);
      expect(res.body.code).toBe('INVALID_ID');
    });
  });
});
