import type { Page, PendingBindingResponse } from '@wuye/shared';
import { TestContext, type Actor, type World } from './support/test-context';

/** An admin stops an abusive owner's account: its tokens void at once, WeChat sign-in refused; and restarts it. */
describe('stopping an owner account', () => {
  let ctx: TestContext;
  let world: World;

  beforeAll(async () => {
    ctx = await TestContext.create();
    world = await ctx.newWorld();
  });
  afterAll(() => ctx?.close());

  const signIn = (code: string) => ctx.http.post('/api/auth/wechat').send({ code });

  it('voids the owner\'s tokens and refuses their WeChat sign-in until an admin restarts the account; their records stay', async () => {
    const first = (await signIn('code-stopped-1').expect(200)).body;
    const owner: Actor = { id: first.user.id, role: 'owner', token: first.accessToken, name: first.user.name };
    const binding = (await ctx.as(owner).post('/api/me/houses')
      .send({ houseId: world.houseIds[0], relation: 'owner', name: '钱先生', phone: '13800138066' }).expect(201)).body as PendingBindingResponse;
    await ctx.as(ctx.admin).post(`/api/house-bindings/${binding.id}/approve`).expect(200);
    const submitted = await ctx.newCase(owner, world.houseIds[0]);

    const stopped = await ctx.as(ctx.admin).post(`/api/owners/${owner.id}/disable`).expect(200);
    expect(stopped.body).toMatchObject({ id: owner.id, disabled: true });
    // Stopping twice changes nothing more.
    expect((await ctx.as(ctx.admin).post(`/api/owners/${owner.id}/disable`).expect(200)).body.disabledAt).toBe(stopped.body.disabledAt);

    expect((await ctx.as(owner).get('/api/me').expect(403)).body.code).toBe('ACCOUNT_DISABLED');
    expect((await ctx.as(owner).post('/api/cases').send({ type: 'repair', category: '水电', description: '又来', houseId: world.houseIds[0] })
      .expect(403)).body.code).toBe('ACCOUNT_DISABLED');
    expect((await signIn('code-stopped-1').expect(403)).body).toMatchObject({ code: 'ACCOUNT_DISABLED', message: '账号已停用，请联系管理员' });
    // Staff still see the case, and the binding says its owner is stopped.
    await ctx.as(ctx.admin).get(`/api/cases/${submitted.id}`).expect(200);
    const listed = (await ctx.as(ctx.admin).get(`/api/house-bindings?communityId=${world.communityId}&pageSize=100`).expect(200)).body as Page<PendingBindingResponse>;
    expect(listed.items.find((b) => b.id === binding.id)).toMatchObject({ status: 'approved', ownerDisabled: true });

    expect((await ctx.as(ctx.admin).post(`/api/owners/${owner.id}/enable`).expect(200)).body).toMatchObject({ disabled: false, disabledAt: null });
    // The token held when it was stopped stays void; a new sign-in works.
    expect((await ctx.as(owner).get('/api/me').expect(401)).body.code).toBe('TOKEN_INVALID');
    const again = (await signIn('code-stopped-1').expect(200)).body;
    expect(again.user.id).toBe(owner.id);
    await ctx.as({ ...owner, token: again.accessToken }).get(`/api/cases/${submitted.id}`).expect(200);
  });

  it('is the admin\'s alone, and only for owners', async () => {
    const owner = await ctx.newOwner();
    for (const role of ['agent', 'supervisor', 'handler'] as const) {
      const staff = await ctx.newStaff(role, [world.communityId]);
      expect((await ctx.as(staff).post(`/api/owners/${owner.id}/disable`).expect(403)).body.code).toBe('FORBIDDEN');
    }
    expect((await ctx.as(owner).post(`/api/owners/${owner.id}/disable`).expect(403)).body.code).toBe('FORBIDDEN');
    const agent = await ctx.newStaff('agent', [world.communityId]);
    expect((await ctx.as(ctx.admin).post(`/api/owners/${agent.id}/disable`).expect(404)).body.code).toBe('USER_NOT_FOUND');
    await ctx.as(agent).get('/api/me').expect(200);
    await ctx.as(owner).get('/api/me').expect(200);
  });
});
