import type { CaseResponse, Page, PendingBindingResponse } from '@wuye/shared';
import { BindingsService } from '../src/bindings/bindings.service';
import { BindingHistory1766016000000 } from '../src/database/migrations/1766016000000-binding-history';
import { BindingRejectReason1766966400000 } from '../src/database/migrations/1766966400000-binding-reject-reason';
import { TestContext, type Actor, type World } from './support/test-context';
import { untilWaiting } from './support/waiting';

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
    ctx.clock.advance(60_000);
    await ctx.as(agent).post(`/api/house-bindings/${binding.id}/approve`).expect(200);
    // Approved again, they read the house's cases from that day on, as anyone newly approved.
    const since = await ctx.newCase(staying, houseId, { description: '回来之后报的：楼道灯不亮' });
    expect(await listed(leaving)).toEqual(expect.arrayContaining([mine.id, since.id]));
    expect(await listed(leaving)).not.toContain(theirs.id);
  });

  it('gives a newly approved owner the house\'s cases from the day of approval, not the earlier occupants\'', async () => {
    const houseId = world.houseIds[1];
    const before = await ctx.newOwner(houseId);
    const earlier = await ctx.newCase(before, houseId, { description: '前任业主报的：卫生间漏水' });
    await ctx.as(agent).post(`/api/house-bindings/${(await bindingOf(before, houseId)).id}/revoke`).expect(200);
    ctx.clock.advance(24 * 60 * 60_000);
    const newcomer = await ctx.newOwner(houseId);
    expect(await listed(newcomer)).not.toContain(earlier.id);
    expect((await ctx.as(newcomer).get(`/api/cases/${earlier.id}`).expect(404)).body.code).toBe('CASE_NOT_FOUND');
    expect((await ctx.as(newcomer).post(`/api/cases/${earlier.id}/urge`).send({}).expect(404)).body.code).toBe('CASE_NOT_FOUND');
    // A staff intake for the house after the approval is theirs to follow.
    const intake = (await ctx.as(agent).post('/api/cases')
      .send({ type: 'repair', category: '水电', description: '电话报修：热水器坏了', houseId, channel: 'phone', contactPhone: '13300133020' }).expect(201)).body;
    expect(await listed(newcomer)).toContain(intake.id);
  });

  /** The owners a subscribe message is queued for once the agent accepts the case. */
  const messagedOnAccept = async (caseId: string): Promise<string[]> => {
    await ctx.act(agent, caseId, 'accept');
    await ctx.sweep();
    return (await ctx.db.query('SELECT owner_id FROM notification_outbox WHERE case_id = $1', [caseId]) as { owner_id: string }[]).map((r) => r.owner_id);
  };

  it('sends a former co-resident no more subscribe messages about the house\'s cases, though they consented while bound', async () => {
    const houseId = world.houseIds[0];
    const staying = await ctx.newOwner(houseId);
    const leaving = await ctx.newOwner(houseId);
    const c = await ctx.newCase(staying, houseId, { description: '同住业主报的：门锁坏了' });
    await ctx.as(staying).post(`/api/cases/${c.id}/subscriptions`).send({ steps: ['accepted'] }).expect(200);
    await ctx.as(leaving).post(`/api/cases/${c.id}/subscriptions`).send({ steps: ['accepted'] }).expect(200);
    await ctx.as(agent).post(`/api/house-bindings/${(await bindingOf(leaving, houseId)).id}/revoke`).expect(200);

    expect(await messagedOnAccept(c.id)).toEqual([staying.id]);
  });

  it('nor one who moved back in after the case was filed, whose page of it would be refused', async () => {
    const houseId = world.houseIds[2];
    const staying = await ctx.newOwner(houseId);
    const returning = await ctx.newOwner(houseId);
    const c = await ctx.newCase(staying, houseId, { description: '同住业主报的：窗户关不上' });
    await ctx.as(returning).post(`/api/cases/${c.id}/subscriptions`).send({ steps: ['accepted'] }).expect(200);
    const binding = await bindingOf(returning, houseId);
    await ctx.as(agent).post(`/api/house-bindings/${binding.id}/revoke`).expect(200);
    ctx.clock.advance(60_000);
    await apply(returning, houseId).expect(201);
    await ctx.as(agent).post(`/api/house-bindings/${binding.id}/approve`).expect(200);
    // Approved again after the case was filed: it is not theirs to see, so not theirs to be told of.
    await ctx.as(returning).get(`/api/cases/${c.id}`).expect(404);

    expect(await messagedOnAccept(c.id)).toEqual([]);
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

  it('keeps every step of a binding — who applied, approved, ended it — also after the owner applies again', async () => {
    const supervisor = await ctx.newStaff('supervisor', [world.communityId]);
    const owner = await ctx.newOwner();
    const houseId = world.houseIds[3];
    const steps = (b: PendingBindingResponse) => b.history.map((s) => `${s.status}:${s.actorName ?? '-'}`);
    const applied = (await apply(owner, houseId).expect(201)).body as PendingBindingResponse;
    ctx.clock.advance(60_000);
    await ctx.as(agent).post(`/api/house-bindings/${applied.id}/approve`).expect(200);
    ctx.clock.advance(60_000);
    await ctx.as(supervisor).post(`/api/house-bindings/${applied.id}/revoke`).expect(200);
    ctx.clock.advance(60_000);
    // Moving back: the reopened application no longer says who ended the last one; the history does.
    const again = (await apply(owner, houseId).expect(201)).body as PendingBindingResponse;
    expect(again.id).toBe(applied.id);
    expect(steps(again)).toEqual(['pending:业主', `approved:${agent.name}`, `revoked:${supervisor.name}`, 'pending:业主']);
    expect(again.history.map((s) => s.actorRole)).toEqual(['owner', 'agent', 'supervisor', 'owner']);
    const times = again.history.map((s) => Date.parse(s.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[3] - times[0]).toBeGreaterThanOrEqual(180_000);
    ctx.clock.advance(60_000);
    await ctx.as(owner).delete(`/api/me/houses/${applied.id}`).expect(200);

    // 已结束 on the staff page: several statuses at once, each binding with its steps.
    const ended = (await ctx.as(agent).get('/api/house-bindings?status=revoked,withdrawn,rejected&pageSize=100').expect(200)).body as Page<PendingBindingResponse>;
    const listed = ended.items.find((b) => b.id === applied.id)!;
    expect(listed.status).toBe('withdrawn');
    expect(steps(listed)).toEqual(['pending:业主', `approved:${agent.name}`, `revoked:${supervisor.name}`, 'pending:业主', 'withdrawn:业主']);
    expect(ended.items.every((b) => ['revoked', 'withdrawn', 'rejected'].includes(b.status))).toBe(true);
    expect((await ctx.as(agent).get('/api/house-bindings?status=revoked,gone').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a submission whose binding ends while it is being checked, and uses up no number', async () => {
    const houseId = world.houseIds[1];
    const owner = await ctx.newOwner(houseId);
    const binding = await bindingOf(owner, houseId);
    const numberOf = (body: { number: string }) => Number(body.number.split('-').at(-1));
    const before = numberOf(await ctx.newCase(owner, houseId));
    const cases = await ctx.countRows('cases');

    // The end is written but not yet committed: on PostgreSQL the submission passes its checks
    // (the binding still reads approved) and reaches its insert; on the embedded database it queues.
    const holder = ctx.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`UPDATE house_bindings SET status = 'revoked', ended_by_id = $2, ended_at = now() WHERE id = $1`, [binding.id, agent.id]);
    const submitting = ctx.as(owner).post('/api/cases').send({ type: 'repair', category: '水电', description: '搬走前报的', houseId }).then((res) => res);
    await untilWaiting(ctx);
    await holder.commitTransaction();
    await holder.release();

    const refused = await submitting;
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'HOUSE_NOT_BOUND' });
    expect(await ctx.countRows('cases')).toBe(cases);
    // The next case of the community takes the next number.
    const next = await ctx.newCase(await ctx.newOwner(houseId), houseId);
    expect(numberOf(next)).toBe(before + 1);
  });

  it('takes a public-area submission while another of the owner\'s houses in the community stays bound, though the one checked is ending', async () => {
    const owner = await ctx.newOwner(world.houseIds[2]);
    const first = await bindingOf(owner, world.houseIds[2]);
    ctx.clock.advance(60_000);
    const second = (await apply(owner, world.houseIds[3]).expect(201)).body as PendingBindingResponse;
    await ctx.as(agent).post(`/api/house-bindings/${second.id}/approve`).expect(200);

    // The older binding (the one the submission's check reads first) ends while it is submitted.
    const holder = ctx.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`UPDATE house_bindings SET status = 'revoked', ended_by_id = $2, ended_at = now() WHERE id = $1`, [first.id, agent.id]);
    const submitting = ctx.as(owner).post('/api/cases')
      .send({ type: 'repair', category: '水电', description: '楼道灯不亮', communityId: world.communityId, location: '1单元楼道' }).then((res) => res);
    // It waits if it checks the ending binding under its lock, and finds the other one at once if it
    // checks that first; taken either way.
    await untilWaiting(ctx, 1, submitting);
    await holder.commitTransaction();
    await holder.release();
    expect((await submitting).status).toBe(201);
  });

  it('gives the bindings that existed before the upgrade their steps from what the rows kept (migration 1766016000000)', async () => {
    const elsewhere = await ctx.newWorld(4);
    const staff = await ctx.newStaff('agent', [elsewhere.communityId]);
    const owner = await ctx.newOwner();
    const ids: Record<string, string> = {};
    for (const [i, state] of ['pending', 'approved', 'rejected', 'revoked'].entries()) {
      ids[state] = ((await apply(owner, elsewhere.houseIds[i]).expect(201)).body as PendingBindingResponse).id;
      ctx.clock.advance(60_000);
      if (state !== 'pending') await ctx.as(staff).post(`/api/house-bindings/${ids[state]}/${state === 'rejected' ? 'reject' : 'approve'}`).expect(200);
      ctx.clock.advance(60_000);
    }
    await ctx.as(owner).delete(`/api/me/houses/${ids.revoked}`).expect(200);
    await ctx.as(owner).delete(`/api/me/houses/${ids.pending}`).expect(200);
    const history = async () => Object.fromEntries(
      ((await ctx.as(staff).get(`/api/house-bindings?communityId=${elsewhere.communityId}&pageSize=100`).expect(200)).body as Page<PendingBindingResponse>)
        .items.map((b) => [b.id, b.history]));
    const recorded = await history();

    // The reasons' migration builds on the history's: undone first, redone after.
    const migration = new BindingHistory1766016000000();
    const reasons = new BindingRejectReason1766966400000();
    await ctx.db.transaction((tx) => reasons.down(tx.queryRunner!));
    await ctx.db.transaction((tx) => migration.down(tx.queryRunner!));
    await ctx.db.transaction((tx) => migration.up(tx.queryRunner!));
    await ctx.db.transaction((tx) => reasons.up(tx.queryRunner!));
    const backfilled = await history();
    expect(backfilled).toEqual(recorded);
    expect(Object.fromEntries(Object.entries(ids).map(([state, id]) => [state, backfilled[id].map((s) => s.status)]))).toEqual({
      pending: ['pending', 'withdrawn'],
      approved: ['pending', 'approved'],
      rejected: ['pending', 'rejected'],
      revoked: ['pending', 'approved', 'revoked'],
    });
  });

  it('tells the owner why an application was refused, keeps the reason in its history, and lists only the new one once they apply again', async () => {
    const owner = await ctx.newOwner();
    const houseId = world.houseIds[3];
    const first = (await apply(owner, houseId).expect(201)).body as PendingBindingResponse;
    // Too long: refused, and the application still waits.
    const long = await ctx.as(agent).post(`/api/house-bindings/${first.id}/reject`).send({ reason: '不'.repeat(201) }).expect(400);
    expect(long.body.code).toBe('VALIDATION_FAILED');
    expect((await bindingOf(owner, houseId)).status).toBe('pending');

    const refused = (await ctx.as(agent).post(`/api/house-bindings/${first.id}/reject`).send({ reason: ' 姓名与登记信息不符 ' }).expect(200)).body as PendingBindingResponse;
    expect(refused).toMatchObject({ status: 'rejected', rejectReason: '姓名与登记信息不符' });
    expect(refused.history.map((step) => [step.status, step.note])).toEqual([['pending', null], ['rejected', '姓名与登记信息不符']]);
    expect(await bindingOf(owner, houseId)).toMatchObject({ id: first.id, status: 'rejected', rejectReason: '姓名与登记信息不符' });

    // Applied again: the owner sees the new application only; staff still find the refusal.
    const second = (await apply(owner, houseId).expect(201)).body as PendingBindingResponse;
    const mine = (await ctx.as(owner).get('/api/me').expect(200)).body.houses as PendingBindingResponse[];
    expect(mine.filter((h) => h.houseId === houseId).map((h) => [h.id, h.status, h.rejectReason])).toEqual([[second.id, 'pending', null]]);
    const ended = (await ctx.as(agent).get(`/api/house-bindings?status=rejected&pageSize=100`).expect(200)).body as Page<PendingBindingResponse>;
    expect(ended.items.find((b) => b.id === first.id)).toMatchObject({ rejectReason: '姓名与登记信息不符' });

    // Without a reason (an older mini-program): refused all the same, with none to show.
    expect((await ctx.as(agent).post(`/api/house-bindings/${second.id}/reject`).send({}).expect(200)).body.rejectReason).toBeNull();
  });

  it('lists the applications waiting longest first, so a page of them never hides the oldest; the others newest first', async () => {
    const estate = await ctx.newWorld(3);
    const staff = await ctx.newStaff('agent', [estate.communityId]);
    const ids: string[] = [];
    for (const houseId of estate.houseIds) {
      ids.push(((await apply(await ctx.newOwner(), houseId).expect(201)).body as PendingBindingResponse).id);
      ctx.clock.advance(60_000);
    }
    const listed = async (query: string) => ((await ctx.as(staff).get(`/api/house-bindings?communityId=${estate.communityId}&${query}`).expect(200))
      .body as Page<PendingBindingResponse>).items.map((b) => b.id);
    expect(await listed('status=pending&pageSize=2')).toEqual(ids.slice(0, 2));
    expect(await listed('status=pending&pageSize=2&page=2')).toEqual([ids[2]]);
    await ctx.as(staff).post(`/api/house-bindings/${ids[0]}/approve`).expect(200);
    await ctx.as(staff).post(`/api/house-bindings/${ids[1]}/approve`).expect(200);
    expect(await listed('status=approved')).toEqual([ids[1], ids[0]]);
  });

  it('finds a binding by the applicant\'s name or phone or by the house, as staff type them', async () => {
    const owner = await ctx.newOwner();
    const binding = (await ctx.as(owner).post('/api/me/houses')
      .send({ houseId: world.houseIds[2], relation: 'tenant', name: '欧阳娜娜', phone: '13912345678' }).expect(201)).body as PendingBindingResponse;
    const found = async (q: string) => ((await ctx.as(agent).get(`/api/house-bindings?status=pending&q=${encodeURIComponent(q)}&pageSize=100`).expect(200))
      .body as Page<PendingBindingResponse>).items.map((b) => b.id);
    for (const q of ['欧阳', '12345678', '1栋 1单元 103', '1栋1单元 103', '1栋1单元103', '1栋-1单元-103', ' 103 ']) expect({ q, found: await found(q) }).toEqual({ q, found: expect.arrayContaining([binding.id]) });
    expect(await found('王')).not.toContain(binding.id);
    // LIKE's wildcards are taken as typed, not as "anything".
    expect(await found('%')).toEqual([]);
    expect(await found('_')).toEqual([]);
  });
});
