import { OwnerNames1766534400000 } from '../src/database/migrations/1766534400000-owner-names';
import { MAX_PENDING_BINDINGS } from '../src/bindings/bindings.service';
import { caseIn, newCrew, type Crew } from './support/scenario';
import { TestContext, type Actor } from './support/test-context';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** What an owner may do, and when (SPEC §3). */
describe('owner rules', () => {
  let ctx: TestContext;
  let crew: Crew;
  let owner: Actor;

  beforeAll(async () => {
    ctx = await TestContext.create();
    crew = await newCrew(ctx, await ctx.newWorld(), 3);
    owner = crew.owners[0];
  });
  afterAll(() => ctx?.close());

  const submit = (actor: Actor, target: object) =>
    ctx.as(actor).post('/api/cases').send({ type: 'repair', category: '水电', description: '水管爆了', ...target });

  describe('submitting', () => {
    it('needs an approved binding: pending → 403 HOUSE_NOT_BOUND, approved → 201, rejected → 403', async () => {
      const newcomer = await ctx.newOwner();
      const binding = await ctx.as(newcomer).post('/api/me/houses')
        .send({ houseId: crew.world.houseIds[2], relation: 'tenant', name: '新租户', phone: '13500135000' }).expect(201);
      expect(binding.body.status).toBe('pending');
      const pending = await submit(newcomer, { houseId: crew.world.houseIds[2] }).expect(403);
      expect(pending.body).toMatchObject({ statusCode: 403, code: 'HOUSE_NOT_BOUND' });
      await submit(newcomer, { communityId: crew.world.communityId, location: '大门口' }).expect(403);

      await ctx.as(crew.agent).post(`/api/house-bindings/${binding.body.id}/approve`).expect(200);
      const created = await submit(newcomer, { houseId: crew.world.houseIds[2] }).expect(201);
      expect(created.body).toMatchObject({ channel: 'miniapp', status: 'submitted', ownerId: newcomer.id, contactPhone: '13500135000' });

      const rejectedOwner = await ctx.newOwner();
      const rejected = await ctx.as(rejectedOwner).post('/api/me/houses')
        .send({ houseId: crew.world.houseIds[3], relation: 'owner', name: '冒充者', phone: '13400134000' }).expect(201);
      await ctx.as(crew.agent).post(`/api/house-bindings/${rejected.body.id}/reject`).expect(200);
      expect((await submit(rejectedOwner, { houseId: crew.world.houseIds[3] }).expect(403)).body.code).toBe('HOUSE_NOT_BOUND');
    });

    it('names an owner by the name given with their first approved house, in their greeting and on the case timeline; a rejected name is never used', async () => {
      const newcomer = await ctx.newOwner();
      const me = async () => (await ctx.as(newcomer).get('/api/me').expect(200)).body.name;
      expect(await me()).toBe('微信用户');
      const apply = (houseId: string, name: string) => ctx.as(newcomer).post('/api/me/houses')
        .send({ houseId, relation: 'tenant', name, phone: '13500135001' }).expect(201);
      const refused = await apply(crew.world.houseIds[3], '冒名');
      await ctx.as(crew.agent).post(`/api/house-bindings/${refused.body.id}/reject`).expect(200);
      expect(await me()).toBe('微信用户');

      const first = await apply(crew.world.houseIds[2], '王小明');
      await ctx.as(crew.agent).post(`/api/house-bindings/${first.body.id}/approve`).expect(200);
      expect(await me()).toBe('王小明');
      const created = (await submit(newcomer, { houseId: crew.world.houseIds[2] }).expect(201)).body;
      const timeline = (await ctx.as(crew.agent).get(`/api/cases/${created.id}`).expect(200)).body.events;
      expect(timeline[0]).toMatchObject({ action: 'create', actorRole: 'owner', actorName: '王小明' });

      // A second house approved later does not rename them.
      const second = await apply(crew.world.houseIds[1], '王先生');
      await ctx.as(crew.agent).post(`/api/house-bindings/${second.body.id}/approve`).expect(200);
      expect(await me()).toBe('王小明');

      // Owners approved before names were taken get theirs from the upgrade (migration 1766534400000).
      await ctx.db.query(`UPDATE users SET name = '微信用户' WHERE id = $1`, [newcomer.id]);
      await ctx.db.transaction((tx) => new OwnerNames1766534400000().up(tx.queryRunner!));
      expect(await me()).toBe('王小明');
    });

    it('reports a public area only in a community where the owner has a binding', async () => {
      const other = await ctx.newWorld();
      await submit(owner, { communityId: crew.world.communityId, location: '3栋电梯厅' }).expect(201);
      expect((await submit(owner, { communityId: other.communityId, location: '大门口' }).expect(403)).body.code).toBe('HOUSE_NOT_BOUND');
    });
  });

  describe('applying for houses', () => {
    it('keeps at most 5 applications of one owner waiting: the 6th is refused with 429 and writes nothing, until staff decide one', async () => {
      const houses: string[] = (await ctx.db.query(
        `INSERT INTO houses (community_id, building, unit, room) SELECT $1, '9栋', '', g::text FROM generate_series(1, 8) g RETURNING id`,
        [crew.world.communityId])).map((h: { id: string }) => h.id);
      const applicant = await ctx.newOwner();
      const apply = (houseId: string) => ctx.as(applicant).post('/api/me/houses')
        .send({ houseId, relation: 'owner', name: '钱先生', phone: '13800138077' });
      const waiting = [];
      for (const house of houses.slice(0, MAX_PENDING_BINDINGS)) waiting.push((await apply(house).expect(201)).body.id);
      const rows = await ctx.countRows('house_bindings');
      const refused = await apply(houses[5]).expect(429);
      expect(refused.body).toEqual({ statusCode: 429, code: 'BINDING_PENDING_LIMIT', message: '待审核的房屋申请已有 5 个，请等物业审核后再申请' });
      expect(await ctx.countRows('house_bindings')).toBe(rows);
      // Applying again for a house already waiting is still a duplicate, not a sixth.
      expect((await apply(houses[0]).expect(409)).body.code).toBe('BINDING_EXISTS');

      await ctx.as(crew.agent).post(`/api/house-bindings/${waiting[0]}/reject`).expect(200);
      // Room for one: of two sent at once, one is taken.
      const statuses = (await Promise.all([apply(houses[5]), apply(houses[6])])).map((r) => r.status).sort();
      expect(statuses).toEqual([201, 429]);
    });
  });

  describe('sending a step again after its answer was lost', () => {
    const send = (actor: Actor, caseId: string, action: string, body: object) => ctx.as(actor).post(`/api/cases/${caseId}/${action}`).send(body);

    it('answers the same rating, 未解决 or withdrawal sent again with the case as it stands, writing nothing more', async () => {
      const rated = await caseIn(ctx, crew, 'confirmed');
      const first = await send(owner, rated.id, 'rate', { overall: 4, comment: '不错' }).expect(200);
      const rows = await ctx.countRows('ratings');
      const events = await ctx.countRows('case_events');
      const again = await send(owner, rated.id, 'rate', { overall: 4, comment: '不错' }).expect(200);
      expect(again.body).toMatchObject({ id: rated.id, status: first.body.status, cycleRated: true, version: first.body.version });
      expect(await ctx.countRows('ratings')).toBe(rows);
      expect(await ctx.countRows('case_events')).toBe(events);
      // Another rating is still refused (the good one closed the case): this is not a second rating.
      expect((await send(owner, rated.id, 'rate', { overall: 1 }).expect(409)).body.code).toBe('CASE_TRANSITION_NOT_ALLOWED');

      const notFixed = await caseIn(ctx, crew, 'resolved');
      await send(owner, notFixed.id, 'verify', { fixed: 'no', reason: '还在漏' }).expect(200);
      const repeated = await send(owner, notFixed.id, 'verify', { fixed: 'no', reason: '还在漏' }).expect(200);
      expect(repeated.body).toMatchObject({ status: 'in_progress', reopenCount: 1 });
      expect((await ctx.db.query('SELECT count(*)::int AS n FROM verifications WHERE case_id = $1', [notFixed.id]))[0].n).toBe(1);

      const withdrawn = await caseIn(ctx, crew, 'submitted');
      await send(owner, withdrawn.id, 'cancel', { reason: '不需要了' }).expect(200);
      expect((await send(owner, withdrawn.id, 'cancel', { reason: '不需要了' }).expect(200)).body.status).toBe('cancelled');
    });

    it('still refuses it when someone else acted since, another household member sends it, or ten minutes have passed', async () => {
      const c = await caseIn(ctx, crew, 'confirmed');
      await send(owner, c.id, 'rate', { overall: 5 }).expect(200);
      const member = crew.owners[1];
      expect((await send(member, c.id, 'rate', { overall: 5 }).expect(409)).body.code).toBe('CASE_TRANSITION_NOT_ALLOWED');
      ctx.clock.advance(11 * MIN);
      expect((await send(owner, c.id, 'rate', { overall: 5 }).expect(409)).body.code).toBe('CASE_TRANSITION_NOT_ALLOWED');

      const resolved = await caseIn(ctx, crew, 'resolved');
      await send(owner, resolved.id, 'verify', { fixed: 'no', reason: '没修好' }).expect(200);
      await ctx.act(crew.handler, resolved.id, 'note', { note: '明天再来' });
      expect((await send(owner, resolved.id, 'verify', { fixed: 'no', reason: '没修好' }).expect(409)).body.code).toBe('CASE_TRANSITION_NOT_ALLOWED');
    });
  });

  describe('withdrawing', () => {
    it.each(['submitted', 'accepted'] as const)('lets the owner withdraw a %s case', async (status) => {
      const c = await caseIn(ctx, crew, status);
      const after = await ctx.act(owner, c.id, 'cancel', { reason: '已自行解决' });
      expect(after).toMatchObject({ status: 'cancelled' });
      expect(after.cancelledAt).not.toBeNull();
    });

    it('refuses once a handler is assigned; staff may still cancel', async () => {
      const c = await caseIn(ctx, crew, 'assigned');
      const res = await ctx.as(owner).post(`/api/cases/${c.id}/cancel`).send({ reason: '不修了' }).expect(409);
      expect(res.body.code).toBe('CASE_TRANSITION_NOT_ALLOWED');
      expect((await ctx.as(owner).get(`/api/cases/${c.id}`).expect(200)).body.allowedActions).toEqual(['urge']);
      await ctx.act(crew.agent, c.id, 'cancel', { reason: '业主电话要求撤销' });
    });

    it('records a duplicate as a cancel pointing at the original', async () => {
      const original = await caseIn(ctx, crew, 'accepted');
      const dup = await caseIn(ctx, crew, 'submitted');
      const after = await ctx.act(crew.agent, dup.id, 'cancel', { reason: '重复', duplicateOf: original.id });
      expect(after.events.at(-1)).toMatchObject({ action: 'cancel', data: { duplicateOf: original.id, duplicateOfNumber: original.number } });
    });
  });

  describe('urging', () => {
    it('allows one urge per 30 minutes, counted', async () => {
      const c = await caseIn(ctx, crew, 'assigned');
      expect((await ctx.act(owner, c.id, 'urge')).urgeCount).toBe(1);
      const tooSoon = await ctx.as(crew.owners[1]).post(`/api/cases/${c.id}/urge`).send({}).expect(429);
      expect(tooSoon.body).toMatchObject({ statusCode: 429, code: 'URGE_TOO_FREQUENT' });
      ctx.clock.advance(29 * MIN);
      await ctx.as(owner).post(`/api/cases/${c.id}/urge`).send({}).expect(429);
      ctx.clock.advance(1 * MIN);
      const again = await ctx.act(owner, c.id, 'urge', { note: '还没人来' });
      expect(again.urgeCount).toBe(2);
      expect(again.events.filter((e) => e.action === 'urge')).toHaveLength(2);
    });

    it('refuses to urge a case that is no longer open', async () => {
      const c = await caseIn(ctx, crew, 'resolved');
      expect((await ctx.as(owner).post(`/api/cases/${c.id}/urge`).send({}).expect(409)).body.code).toBe('CASE_TRANSITION_NOT_ALLOWED');
    });
  });

  describe('verifying and rating', () => {
    it.each(['no', 'partly'] as const)('needs a reason for "%s", then reopens to the same handler', async (fixed) => {
      const c = await caseIn(ctx, crew, 'resolved');
      const res = await ctx.as(owner).post(`/api/cases/${c.id}/verify`).send({ fixed }).expect(400);
      expect(res.body.code).toBe('VERIFY_REASON_REQUIRED');
      const after = await ctx.act(owner, c.id, 'verify', { fixed, reason: '还在漏水' });
      expect(after).toMatchObject({ status: 'in_progress', assigneeId: crew.handler.id, reopenCount: 1, cycle: 2 });
    });

    it('answers a praise 已收到 or 未收到 only: "partly" is refused and changes nothing', async () => {
      const c = await caseIn(ctx, crew, 'resolved', 'praise');
      const res = await ctx.as(owner).post(`/api/cases/${c.id}/verify`).send({ fixed: 'partly', reason: '想补充几句' }).expect(400);
      expect(res.body).toMatchObject({ code: 'VERIFY_ANSWER_NOT_OFFERED', message: '表扬类工单请回答“已收到”或“未收到”' });
      const detail = (await ctx.as(owner).get(`/api/cases/${c.id}`).expect(200)).body;
      expect(detail).toMatchObject({ status: 'resolved', reopenCount: 0, cycle: 1 });
      expect(await ctx.act(owner, c.id, 'verify', { fixed: 'no', reason: '没有收到回复' })).toMatchObject({ reopenCount: 1 });
    });

    it('takes only the rating chips it offers for the case\'s type, and writes nothing for others', async () => {
      const inquiry = await caseIn(ctx, crew, 'confirmed', 'inquiry');
      for (const tags of [['随便写的标签'], ['响应快', '没修好']]) {
        const res = await ctx.as(owner).post(`/api/cases/${inquiry.id}/rate`).send({ overall: 2, tags }).expect(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'tags' })] });
      }
      expect(await ctx.db.query('SELECT 1 FROM ratings WHERE case_id = $1', [inquiry.id])).toEqual([]);
      expect(await ctx.act(owner, inquiry.id, 'rate', { overall: 2, tags: ['沟通清楚'] })).toMatchObject({ cycleRated: true });
      // A repair may say it was not fixed.
      const repair = await caseIn(ctx, crew, 'confirmed', 'repair');
      expect(await ctx.act(owner, repair.id, 'rate', { overall: 2, tags: ['没修好', '不守时'] })).toMatchObject({ cycleRated: true });
    });

    it('takes one verification and at most one rating per resolution cycle', async () => {
      const c = await caseIn(ctx, crew, 'resolved');
      expect((await ctx.as(owner).post(`/api/cases/${c.id}/rate`).send({ overall: 5 }).expect(409)).body.code).toBe('CASE_TRANSITION_NOT_ALLOWED');
      await ctx.act(owner, c.id, 'verify', { fixed: 'no', reason: '没修好' });
      // Cycle 2: a new verification is possible once it is resolved again.
      await ctx.act(crew.handler, c.id, 'resolve', { note: '第二次维修' });
      const confirmed = await ctx.act(crew.owners[1], c.id, 'verify', { fixed: 'yes' });
      expect(confirmed.allowedActions).toEqual(['rate']);
      const rated = await ctx.act(owner, c.id, 'rate', { overall: 5, tags: ['响应快'] });
      // Reopened once, so the follow-up is required even with five stars.
      expect(rated).toMatchObject({ status: 'confirmed', followUpRequired: true, cycleRated: true });
      const again = await ctx.as(crew.owners[1]).post(`/api/cases/${c.id}/rate`).send({ overall: 1 }).expect(409);
      expect(again.body.code).toBe('ALREADY_RATED');
      const rows = await ctx.db.query('SELECT cycle, fixed FROM verifications WHERE case_id = $1 ORDER BY cycle', [c.id]);
      expect(rows).toEqual([{ cycle: 1, fixed: 'no' }, { cycle: 2, fixed: 'yes' }]);
      const ratings = await ctx.db.query('SELECT cycle, overall FROM ratings WHERE case_id = $1', [c.id]);
      expect(ratings).toEqual([{ cycle: 2, overall: 5 }]);
    });

    it('closes a case rated well on its first cycle (no follow-up needed for a repair)', async () => {
      const c = await caseIn(ctx, crew, 'confirmed');
      const after = await ctx.act(owner, c.id, 'rate', { overall: 4 });
      expect(after).toMatchObject({ status: 'closed', followUpRequired: false });
    });

    it('lets staff verify only for an owner without an account', async () => {
      const phoneCase = await ctx.as(crew.agent).post('/api/cases')
        .send({ type: 'repair', category: '门窗', description: '电话报修：门锁坏了', houseId: crew.world.houseIds[3], channel: 'phone', contactPhone: '13300133000' })
        .expect(201);
      expect(phoneCase.body.ownerId).toBeNull();
      await ctx.act(crew.agent, phoneCase.body.id, 'accept');
      await ctx.act(crew.agent, phoneCase.body.id, 'assign', { handlerId: crew.handler.id });
      await ctx.act(crew.handler, phoneCase.body.id, 'start');
      await ctx.act(crew.handler, phoneCase.body.id, 'resolve', { note: '换锁' });
      const verified = await ctx.act(crew.agent, phoneCase.body.id, 'verify', { fixed: 'yes' });
      // Nobody can rate a phone case: the follow-up decision is taken at once (unrated → due).
      expect(verified).toMatchObject({ status: 'confirmed', followUpRequired: true });

      const ownerCase = await caseIn(ctx, crew, 'resolved');
      expect((await ctx.as(crew.agent).post(`/api/cases/${ownerCase.id}/verify`).send({ fixed: 'yes' }).expect(403)).body.code)
        .toBe('CASE_ACTION_FORBIDDEN');

      // A call from a bound owner's phone, typed as people say it (+86, spaces, dashes), is theirs: the
      // owner verifies in the mini-program, not the agent who took the call.
      for (const typed of ['+86 138-0013-8000', '138 0013 8000']) {
        const called = (await ctx.as(crew.agent).post('/api/cases')
          .send({ type: 'repair', category: '门窗', description: '电话报修：窗户关不上', houseId: crew.houseId, channel: 'phone', contactPhone: typed })
          .expect(201)).body;
        expect(called.ownerId).not.toBeNull();
        expect(crew.owners.map((o) => o.id)).toContain(called.ownerId);
      }
    });
  });

  describe('supervisor reopen', () => {
    it('reopens a closed case within 30 days, not after', async () => {
      const recent = await caseIn(ctx, crew, 'closed');
      const old = await caseIn(ctx, crew, 'closed');
      ctx.clock.advance(29 * DAY);
      expect(await ctx.act(crew.supervisor, recent.id, 'reopen', { reason: '业主再次反映' })).toMatchObject({ status: 'in_progress', reopenCount: 1 });
      ctx.clock.advance(2 * DAY);
      const res = await ctx.as(crew.supervisor).post(`/api/cases/${old.id}/reopen`).send({ reason: '太久了' }).expect(409);
      expect(res.body.code).toBe('REOPEN_WINDOW_EXPIRED');
      expect((await ctx.as(crew.agent).post(`/api/cases/${old.id}/reopen`).send({ reason: 'x' }).expect(403)).body.code).toBe('FORBIDDEN');
    });
  });
});
