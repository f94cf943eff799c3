import type { CaseResponse, Page, PendingBindingResponse } from '@wuye/shared';
import { BindingsService } from '../src/bindings/bindings.service';
import { TestContext, type Actor, type World } from './support/test-context';

/**
 * A house binding ends when the owner moves out or sells (staff end it), or when the owner ends it
 * themselves: from then on the house's cases are no longer theirs to see, except those they submitted
 * or that name them; they may not submit for the house; they may apply again.
 */
describe(`${BindingsService.name}: ending a binding`, () => {
  let ctx: TestContext;
  let world: World;
  let agent: Actor;

  beforeAll(async () => {
    ctx = await TestContext.create();
    world = await ctx.newWorld();
    agent = await ctx.newStaff('agent', [world.communityId]);
  });
  afterAll(() => ctx?.close());

  const bindingOf = async (owner: Actor, houseId: string): Promise<PendingBindingResponse> =>
    ((await ctx.as(owner).get('/api/me').expect(200)).body.houses as PendingBindingResponse[]).find((h) => h.houseId === houseId)!;
  const listed = async (owner: Actor): Promise<string[]> =>
    ((await ctx.as(owner).get('/api/cases?pageSize=100').expect(200)).body as Page<CaseResponse>).items.map((c) => c.id);
  const apply = (owner: Actor, houseId: string) =>
    ctx.as(owner).post('/api/me/houses').send({ houseId, relation: 'owner', name: '业主', phone: '13800138000' });

  it('staff end an approved binding: the former owner loses the house\'s other cases, keeps their own, and may apply again', async () => {
    const houseId = world.houseIds[0];
    const leaving = await ctx.newOwner(houseId);
    const staying = await ctx.newOwner(houseId);
    const mine = await ctx.newCase(leaving, houseId, { description: '我报的：水管漏水' });
    const theirs = await ctx.newCase(staying, houseId, { description: '同住业主报的：门锁坏了' });
    expect(await listed(leaving)).toEqual(expect.arrayContaining([mine.id, theirs.id]));

    const binding = await bindingOf(leaving, houseId);
    const ended = await ctx.as(agent).post(`/api/house-bindings/${binding.id}/revoke`).expect(200);
    expect(ended.body).toMatchObject({ id: binding.id, status: 'revoked' });

    expect(await listed(leaving)).toEqual([mine.id]);
    expect((await ctx.as(leaving).get(`/api/cases/${theirs.id}`).expect(404)).body.code).toBe('CASE_NOT_FOUND');
    await ctx.as(leaving).get(`/api/cases/${mine.id}`).expect(200);
    const refused = await ctx.as(leaving).post('/api/cases').send({ type: 'repair', category: '水电', description: '又漏了', houseId }).expect(403);
    expect(refused.body.code).toBe('HOUSE_NOT_BOUND');
    expect((await bindingOf(leaving, houseId)).status).toBe('revoked');
    // The other owner of the house is untouched.
    expect(await listed(staying)).toEqual(expect.arrayContaining([mine.id, theirs.id]));

    // Moving back: the same binding applies again, pending until approved.
    const again = await apply(leaving, houseId).expect(201);
    expect(again.body).toMatchObject({ id: binding.id, status: 'pending' });
    expect((await apply(leaving, houseId).expect(409)).body.code).toBe('BINDING_EXISTS');
    expect(await listed(leaving)).toEqual([mine.id]);
    await ctx.as(agent).post(`/api/house-bindings/${binding.id}/approve`).expect(200);
    expect(await listed(leaving)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });

  it('sends a former co-resident no more subscribe messages about the house\'s cases, though they consented while bound', async () => {
    const houseId = world.houseIds[0];
    const staying = await ctx.newOwner(houseId);
    const leaving = await ctx.newOwner(houseId);
    const c = await ctx.newCase(staying, houseId, { description: '同住业主报的：门锁坏了' });
    await ctx.as(staying).post(`/api/cases/${c.id}/subscriptions`).send({ steps: ['accepted'] }).expect(200);
    await ctx.as(leaving).post(`/api/cases/${c.id}/subscriptions`).send({ steps: ['accepted'] }).expect(200);
    await ctx.as(agent).post(`/api/house-bindings/${(await bindingOf(leaving, houseId)).id}/revoke`).expect(200);

    await ctx.act(agent, c.id, 'accept');
    await ctx.sweep();
    const sent: { owner_id: string }[] = await ctx.db.query('SELECT owner_id FROM notification_outbox WHERE case_id = $1', [c.id]);
    expect(sent.map((r) => r.owner_id)).toEqual([staying.id]);
  });

  it('an owner ends their own binding, or withdraws an application; not twice, and not someone else\'s', async () => {
    const owner = await ctx.newOwner(world.houseIds[1]);
    const other = await ctx.newOwner(world.houseIds[1]);
    const own = await bindingOf(owner, world.houseIds[1]);

    expect((await ctx.as(other).delete(`/api/me/houses/${own.id}`).expect(404)).body.code).toBe('BINDING_NOT_FOUND');
    expect((await ctx.as(owner).delete(`/api/me/houses/${own.id}`).expect(200)).body).toMatchObject({ status: 'revoked' });
    expect((await ctx.as(owner).delete(`/api/me/houses/${own.id}`).expect(409)).body.code).toBe('BINDING_NOT_ACTIVE');

    // An application taken back reads 已撤回, not 已解除; it may be made again.
    const pending = (await apply(owner, world.houseIds[2]).expect(201)).body as PendingBindingResponse;
    expect((await ctx.as(owner).delete(`/api/me/houses/${pending.id}`).expect(200)).body.status).toBe('withdrawn');
    expect((await ctx.as(owner).delete(`/api/me/houses/${pending.id}`).expect(409)).body.code).toBe('BINDING_NOT_ACTIVE');
    // Nothing left for staff to decide.
    expect((await ctx.as(agent).post(`/api/house-bindings/${pending.id}/approve`).expect(409)).body.code).toBe('BINDING_NOT_PENDING');
    expect((await apply(owner, world.houseIds[2]).expect(201)).body).toMatchObject({ id: pending.id, status: 'pending' });
  });

  it('staff end only approved bindings of their own communities', async () => {
    const elsewhere = await ctx.newWorld(1);
    const agentElsewhere = await ctx.newStaff('agent', [elsewhere.communityId]);
    const owner = await ctx.newOwner(world.houseIds[3]);
    const approved = await bindingOf(owner, world.houseIds[3]);
    expect((await ctx.as(agentElsewhere).post(`/api/house-bindings/${approved.id}/revoke`).expect(404)).body.code).toBe('BINDING_NOT_FOUND');

    const pending = (await apply(owner, elsewhere.houseIds[0]).expect(201)).body as PendingBindingResponse;
    expect((await ctx.as(agentElsewhere).post(`/api/house-bindings/${pending.id}/revoke`).expect(409)).body.code).toBe('BINDING_NOT_ACTIVE');
    await ctx.as(agentElsewhere).post(`/api/house-bindings/${pending.id}/reject`).expect(200);
    expect((await ctx.as(agentElsewhere).post(`/api/house-bindings/${pending.id}/revoke`).expect(409)).body.code).toBe('BINDING_NOT_ACTIVE');

    // Listed by status for the staff page.
    const revoked = await ctx.as(agent).post(`/api/house-bindings/${approved.id}/revoke`).expect(200);
    const page = (await ctx.as(agent).get('/api/house-bindings?status=revoked&pageSize=100').expect(200)).body as Page<PendingBindingResponse>;
    expect(page.items.map((b) => b.id)).toContain(revoked.body.id);
  });

  it('finds a binding by the applicant\'s name or phone or by the house, as staff type them', async () => {
    const owner = await ctx.newOwner();
    const binding = (await ctx.as(owner).post('/api/me/houses')
      .send({ houseId: world.houseIds[2], relation: 'tenant', name: '欧阳娜娜', phone: '13912345678' }).expect(201)).body as PendingBindingResponse;
    const found = async (q: string) => ((await ctx.as(agent).get(`/api/house-bindings?status=pending&q=${encodeURIComponent(q)}&pageSize=100`).expect(200))
      .body as Page<PendingBindingResponse>).items.map((b) => b.id);
    for (const q of ['欧阳', '12345678', '1栋1单元103', '1栋-1单元-103', ' 103 ']) expect({ q, found: await found(q) }).toEqual({ q, found: expect.arrayContaining([binding.id]) });
    expect(await found('王')).not.toContain(binding.id);
    // LIKE's wildcards are taken as typed, not as "anything".
    expect(await found('%')).toEqual([]);
    expect(await found('_')).toEqual([]);
  });
});
