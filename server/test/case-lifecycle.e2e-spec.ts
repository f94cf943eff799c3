import { shanghaiDay } from '../src/cases/case-number';
import { EventCycles1766880000000 } from '../src/database/migrations/1766880000000-event-cycles';
import { newCrew } from './support/scenario';
import { PNG_1X1, TestContext, type Actor, type World } from './support/test-context';

describe('case lifecycle over HTTP', () => {
  let ctx: TestContext;
  let world: World;
  let owner: Actor;
  let agent: Actor;
  let handler: Actor;
  let supervisor: Actor;

  beforeAll(async () => {
    ctx = await TestContext.create();
    world = await ctx.newWorld();
    ({ owners: [owner], agent, handler, supervisor } = await newCrew(ctx, world, 1));
  });
  afterAll(() => ctx?.close());

  it('carries a repair around the whole loop, with a "not fixed" reopen, and records every step', async () => {
    const created = await ctx.newCase(owner, world.houseIds[0]);
    expect(created.status).toBe('submitted');
    expect(created.channel).toBe('miniapp');
    expect(created.number).toMatch(new RegExp(`^${world.communityCode}-\\d{8}-0001$`));
    expect(created.allowedActions).toEqual(['cancel', 'urge']);

    let c = await ctx.act(agent, created.id, 'accept');
    expect(c.status).toBe('accepted');
    expect(c.firstRespondedAt).not.toBeNull();
    c = await ctx.act(agent, created.id, 'assign', { handlerId: handler.id });
    expect(c.assigneeName).toBe(handler.name);
    await ctx.act(handler, created.id, 'start');
    c = await ctx.act(handler, created.id, 'resolve', { note: '已更换阀芯' });
    expect(c.status).toBe('resolved');

    const ownerView = await ctx.as(owner).get(`/api/cases/${created.id}`).expect(200);
    expect(ownerView.body.allowedActions).toEqual(['verify']);

    c = await ctx.act(owner, created.id, 'verify', { fixed: 'no', reason: '还在滴水' });
    expect(c.status).toBe('in_progress');
    expect(c.reopenCount).toBe(1);
    expect(c.assigneeId).toBe(handler.id);

    await ctx.act(handler, created.id, 'resolve', { note: '更换整个龙头' });
    c = await ctx.act(owner, created.id, 'verify', { fixed: 'yes' });
    expect(c.status).toBe('confirmed');
    expect(c.allowedActions).toEqual(['rate']);

    // Reopened once → the follow-up is required even with a good rating.
    c = await ctx.act(owner, created.id, 'rate', { overall: 5, speed: 4, attitude: 5, quality: 5, tags: ['响应快'], comment: '谢谢' });
    expect(c.status).toBe('confirmed');
    expect(c.followUpRequired).toBe(true);

    c = await ctx.act(agent, created.id, 'follow-up', { method: 'phone', result: 'satisfied', note: '业主表示满意' });
    expect(c.status).toBe('closed');

    const final = await ctx.as(owner).get(`/api/cases/${created.id}`).expect(200);
    expect(final.body.events.map((e: { action: string }) => e.action)).toEqual([
      'create', 'accept', 'assign', 'start', 'resolve', 'verify', 'resolve', 'verify', 'rate', 'follow-up',
    ]);
    expect(final.body.events[2].actorName).toBe(agent.name);
    expect(final.body.events.at(-1).toStatus).toBe('closed');

    // A supervisor may reopen a closed case; it goes back to the same handler.
    c = await ctx.act(supervisor, created.id, 'reopen', { reason: '业主再次反映' });
    expect(c.status).toBe('in_progress');
    expect(c.reopenCount).toBe(2);

    // Each event carries the round it was taken in: the 未解决 is round 1's verification (as its
    // row), the reopen ends round 2; the verification rows and their events agree.
    const cycles = async () => (await ctx.db.query(
      `SELECT action, cycle FROM case_events WHERE case_id = $1 ORDER BY seq`, [created.id])).map((e: { action: string; cycle: number }) => `${e.action}@${e.cycle}`);
    const expected = ['create@1', 'accept@1', 'assign@1', 'start@1', 'resolve@1', 'verify@1', 'resolve@2', 'verify@2', 'rate@2', 'follow-up@2', 'reopen@2'];
    expect(await cycles()).toEqual(expected);
    const unmatched = await ctx.db.query(
      `SELECT v.cycle FROM verifications v WHERE v.case_id = $1
         AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = v.case_id AND e.action = 'verify' AND e.cycle = v.cycle)`, [created.id]);
    expect(unmatched).toEqual([]);

    // Events written before migration 1766880000000 carried the round they started; it moves them back.
    const migration = new EventCycles1766880000000();
    await ctx.db.transaction((tx) => migration.down(tx.queryRunner!));
    expect(await cycles()).toEqual(['create@1', 'accept@1', 'assign@1', 'start@1', 'resolve@1', 'verify@2', 'resolve@2', 'verify@2', 'rate@2', 'follow-up@2', 'reopen@3']);
    await ctx.db.transaction((tx) => migration.up(tx.queryRunner!));
    expect(await cycles()).toEqual(expected);
  });

  it('does not let staff close a complaint by hand before its required follow-up visit', async () => {
    const created = await ctx.newCase(owner, world.houseIds[0], { type: 'complaint', category: '噪音扰民', description: '楼上深夜装修' });
    await ctx.act(agent, created.id, 'accept');
    await ctx.act(agent, created.id, 'assign', { handlerId: handler.id });
    await ctx.act(handler, created.id, 'start');
    await ctx.act(handler, created.id, 'resolve', { note: '已上门劝导' });
    const confirmed = await ctx.act(owner, created.id, 'verify', { fixed: 'yes' });
    expect(confirmed.followUpPolicy).toBe('always');
    const agentView = await ctx.as(agent).get(`/api/cases/${created.id}`).expect(200);
    expect(agentView.body.allowedActions).not.toContain('close');
    expect(agentView.body.allowedActions).toContain('follow-up');
    const refused = await ctx.as(agent).post(`/api/cases/${created.id}/close`).send({}).expect(409);
    expect(refused.body.code).toBe('FOLLOW_UP_REQUIRED');
    // Visited before the owner rated: the visit is on record, the case waits for the rating.
    const visited = await ctx.act(agent, created.id, 'follow-up', { method: 'phone', result: 'satisfied' });
    expect(visited.status).toBe('confirmed');
    const closed = await ctx.act(owner, created.id, 'rate', { overall: 4 });
    expect(closed.status).toBe('closed');
  });

  it('does not let staff close a case while the owner\'s rating is awaited; the rating closes it', async () => {
    const created = await ctx.newCase(owner, world.houseIds[0]);
    await ctx.act(agent, created.id, 'accept');
    await ctx.act(agent, created.id, 'assign', { handlerId: handler.id });
    await ctx.act(handler, created.id, 'start');
    await ctx.act(handler, created.id, 'resolve', { note: '已更换阀芯' });
    const confirmed = await ctx.act(owner, created.id, 'verify', { fixed: 'yes' });
    expect(confirmed).toMatchObject({ status: 'confirmed', followUpPolicy: 'when_unrated_or_low', followUpRequired: null });
    // Both sides are told until when the rating may come: the verification window's end.
    expect(Date.parse(confirmed.verifyDueAt!) - Date.parse(confirmed.resolvedAt!)).toBe(72 * 3600_000);
    const agentView = (await ctx.as(agent).get(`/api/cases/${created.id}`).expect(200)).body;
    expect(agentView.allowedActions).not.toContain('close');
    expect(agentView.allowedActions).toContain('follow-up');
    const refused = await ctx.as(agent).post(`/api/cases/${created.id}/close`).send({}).expect(409);
    expect(refused.body.code).toBe('RATING_PENDING');
    const unchanged = (await ctx.as(agent).get(`/api/cases/${created.id}`).expect(200)).body;
    expect(unchanged).toMatchObject({ status: 'confirmed', followUpRequired: null, updatedAt: agentView.updatedAt });
    expect(unchanged.events).toHaveLength(agentView.events.length);

    // The owner can still rate, and the rating decides: a good one closes the case.
    const rated = await ctx.act(owner, created.id, 'rate', { overall: 5 });
    expect(rated).toMatchObject({ status: 'closed', followUpRequired: false, cycleRated: true, verifyDueAt: null });
    const [{ close_reason }] = await ctx.db.query('SELECT close_reason FROM cases WHERE id = $1', [created.id]);
    expect(close_reason).toBe('no_follow_up_needed');
  });

  type PhoneCase = { type: string; category: string; description: string; houseId: string; contactPhone: string };
  /** A case taken by phone for a house (no owner account linked), handled to 待确认. */
  const resolvedByPhone = async (body: PhoneCase, note = '已处理') => {
    const phoneCase = (await ctx.as(agent).post('/api/cases').send({ ...body, channel: 'phone' }).expect(201)).body;
    expect(phoneCase.ownerId).toBeNull();
    await ctx.act(agent, phoneCase.id, 'accept');
    await ctx.act(agent, phoneCase.id, 'assign', { handlerId: handler.id });
    await ctx.act(handler, phoneCase.id, 'start');
    await ctx.act(handler, phoneCase.id, 'resolve', { note });
    return phoneCase;
  };
  /** …and confirmed 已解决 by staff: its visit is due. */
  const confirmedByStaff = async (body: PhoneCase) => {
    const phoneCase = await resolvedByPhone(body);
    const verified = await ctx.act(agent, phoneCase.id, 'verify', { fixed: 'yes' });
    expect(verified).toMatchObject({ status: 'confirmed', followUpRequired: true });
    return verified;
  };

  it('decides at once for a case staff verified for an owner without an account: its follow-up is due, not a rating', async () => {
    const phoneCase = await confirmedByStaff({ type: 'repair', category: '门窗', description: '电话报修：门锁坏了', houseId: world.houseIds[2], contactPhone: '13300133001' });
    expect(phoneCase.allowedActions).toContain('follow-up');
    expect(phoneCase.allowedActions).not.toContain('close');
    expect((await ctx.as(agent).post(`/api/cases/${phoneCase.id}/close`).send({}).expect(409)).body.code).toBe('FOLLOW_UP_REQUIRED');
    const visited = await ctx.act(agent, phoneCase.id, 'follow-up', { method: 'phone', result: 'satisfied' });
    expect(visited.status).toBe('closed');
  });

  it('waits for the rating of an owner of the house who confirmed a phone case in the mini-program, as for their own', async () => {
    const neighbour = await ctx.newOwner(world.houseIds[2]);
    const phoneCase = await resolvedByPhone(
      { type: 'repair', category: '门窗', description: '电话报修：阳台门关不严', houseId: world.houseIds[2], contactPhone: '13300133077' }, '已调整合页');
    const confirmed = await ctx.act(neighbour, phoneCase.id, 'verify', { fixed: 'yes' });
    expect(confirmed).toMatchObject({ status: 'confirmed', ownerId: neighbour.id, followUpRequired: null });
    const refused = await ctx.as(agent).post(`/api/cases/${phoneCase.id}/close`).send({}).expect(409);
    expect(refused.body.code).toBe('RATING_PENDING');
    expect(await ctx.act(neighbour, phoneCase.id, 'rate', { overall: 5 })).toMatchObject({ status: 'closed', followUpRequired: false });
  });

  it('keeps the visit staff decided on when an owner of the house rates the case later: the rating is recorded, the visit stays due', async () => {
    const neighbour = await ctx.newOwner(world.houseIds[3]);
    const verified = await confirmedByStaff({ type: 'complaint', category: '噪音扰民', description: '电话投诉：楼上装修噪音', houseId: world.houseIds[3], contactPhone: '13300133009' });
    ctx.clock.advance(47 * 60 * 60_000);
    const rated = await ctx.act(neighbour, verified.id, 'rate', { overall: 5 });
    expect(rated).toMatchObject({ status: 'confirmed', followUpRequired: true, followUpDueAt: verified.followUpDueAt, cycleRated: true });
  });

  it('lets a later rating end a visit staff made due only for want of one, and a low one count the calls afresh, never moving the visit', async () => {
    const neighbour = await ctx.newOwner(world.houseIds[3]);
    // Repairs: a visit when unrated or low.
    const repair = () => confirmedByStaff({ type: 'repair', category: '门窗', description: '电话报修：窗户关不上', houseId: world.houseIds[3], contactPhone: '13300133010' });
    const good = await repair();
    expect(await ctx.act(neighbour, good.id, 'rate', { overall: 5 })).toMatchObject({ status: 'closed', followUpRequired: false });

    const low = await repair();
    for (let i = 0; i < 2; i++) await ctx.act(agent, low.id, 'follow-up', { method: 'phone', result: 'unreachable' });
    const rated = await ctx.act(neighbour, low.id, 'rate', { overall: 1 });
    expect(rated).toMatchObject({ status: 'confirmed', followUpRequired: true, followUpDueAt: low.followUpDueAt });
    // The two calls before the owner spoke do not count: a third unreachable call does not close it.
    expect((await ctx.act(agent, low.id, 'follow-up', { method: 'phone', result: 'unreachable' })).status).toBe('confirmed');
  });

  it('resolves a suggestion as adopted or not (only a suggestion), and the work summary counts them, and those left unsaid', async () => {
    const suggest = (description: string) =>
      ctx.newCase(owner, world.houseIds[0], { type: 'suggestion', category: '其他', description });
    const handled = async (id: string) => {
      await ctx.act(agent, id, 'accept');
      await ctx.act(agent, id, 'assign', { handlerId: handler.id });
      await ctx.act(handler, id, 'start');
    };
    const lights = await suggest('建议在地库增加照明');
    await handled(lights.id);
    const adopted = await ctx.act(handler, lights.id, 'resolve', { note: '下月加装 20 盏灯', adopted: true });
    expect(adopted).toMatchObject({ status: 'resolved', suggestionAdopted: true });
    expect(adopted.events.at(-1)).toMatchObject({ action: 'resolve', data: { adopted: true } });

    const pool = await suggest('建议小区修建游泳池');
    await handled(pool.id);
    expect((await ctx.act(handler, pool.id, 'resolve', { note: '场地不足，暂不考虑', adopted: false })).suggestionAdopted).toBe(false);
    // SPEC's resolve {note} still resolves one: not marked either way.
    const bench = await suggest('建议增加休息长椅');
    await handled(bench.id);
    const unsaid = await ctx.act(handler, bench.id, 'resolve', { note: '已转交管理处研究', adopted: null });
    expect(unsaid).toMatchObject({ status: 'resolved', suggestionAdopted: null });
    expect(unsaid.events.at(-1)!.data).toBeNull();

    const repair = await ctx.newCase(owner, world.houseIds[0]);
    await handled(repair.id);
    const wrong = await ctx.as(handler).post(`/api/cases/${repair.id}/resolve`).send({ note: '已修好', adopted: true }).expect(400);
    expect(wrong.body.code).toBe('VALIDATION_FAILED');

    // The Shanghai day of the cases, as report periods take them.
    const today = shanghaiDay(ctx.clock.now()).iso;
    const tomorrow = shanghaiDay(new Date(ctx.clock.now().getTime() + 86_400_000)).iso;
    const summary = await ctx.as(supervisor).get(`/api/reports/work-summary?from=${today}&to=${tomorrow}&communityId=${world.communityId}&format=md`).expect(200);
    expect(summary.text).toContain('收到业主建议 3 件，已答复处理 3 件，其中采纳 1 件、暂不采纳 1 件、未标注是否采纳 1 件，采纳率 50.0%；');
  });

  it('keeps a progress note marked internal, and its photo, among staff: the owner never sees it', async () => {
    const created = await ctx.newCase(owner, world.houseIds[0]);
    await ctx.act(agent, created.id, 'accept');
    await ctx.act(agent, created.id, 'assign', { handlerId: handler.id });
    const photo = (await ctx.as(handler).post('/api/uploads').attach('file', PNG_1X1, 'meter.png').expect(201)).body;
    await ctx.act(handler, created.id, 'note', { note: '已联系业主，明早上门' });
    const staffView = await ctx.act(handler, created.id, 'note', { note: '业主情绪激动，需主管协调', internal: true, photoIds: [photo.id] });
    expect(staffView.events.at(-1)).toMatchObject({ action: 'note', note: '业主情绪激动，需主管协调', data: { internal: true } });
    expect((await ctx.as(agent).get(`/api/cases/${created.id}`).expect(200)).body.events.map((e: { note: string | null }) => e.note))
      .toContain('业主情绪激动，需主管协调');

    const ownerView = (await ctx.as(owner).get(`/api/cases/${created.id}`).expect(200)).body;
    expect(ownerView.events.map((e: { note: string | null }) => e.note)).toContain('已联系业主，明早上门');
    expect(JSON.stringify(ownerView)).not.toContain('业主情绪激动');
    expect(JSON.stringify(ownerView)).not.toContain(photo.id);
    expect((await ctx.as(handler).post(`/api/cases/${created.id}/note`).send({ note: 'x', internal: 'yes' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('lets an agent answer an inquiry without a handler', async () => {
    const created = await ctx.newCase(owner, world.houseIds[0], { type: 'inquiry', category: '费用', description: '物业费怎么交？' });
    await ctx.act(agent, created.id, 'accept');
    // A reply may show a picture (where to pay, a notice); the owner sees it on the case.
    const photo = (await ctx.as(agent).post('/api/uploads').attach('file', PNG_1X1, 'pay.png').expect(201)).body;
    await ctx.act(agent, created.id, 'reply', { note: '可在小程序缴费', photoIds: [photo.id] });
    const c = await ctx.act(agent, created.id, 'resolve', { note: '已答复' });
    expect(c.status).toBe('resolved');
    expect(c.assigneeId).toBeNull();
    const seen = (await ctx.as(owner).get(`/api/cases/${created.id}`).expect(200)).body;
    const reply = seen.events.find((e: { action: string }) => e.action === 'reply');
    expect(reply).toMatchObject({ note: '可在小程序缴费', photoIds: [photo.id] });
    await ctx.http.get(reply.photoUrls[0]).expect(200);
  });

  it('refuses a repair resolved without a handler, and an illegal transition, with 409 and no event', async () => {
    const created = await ctx.newCase(owner, world.houseIds[0]);
    await ctx.act(agent, created.id, 'accept');
    const refused = await ctx.as(agent).post(`/api/cases/${created.id}/resolve`).send({ note: '好了' }).expect(409);
    expect(refused.body).toMatchObject({ statusCode: 409, code: 'CASE_TRANSITION_NOT_ALLOWED' });
    const start = await ctx.as(handler).post(`/api/cases/${created.id}/start`).send({}).expect(404);
    expect(start.body.code).toBe('CASE_NOT_FOUND'); // not assigned to them: they cannot see it
    const detail = await ctx.as(agent).get(`/api/cases/${created.id}`).expect(200);
    expect(detail.body.events).toHaveLength(2);
  });
});

describe('finding a case by its number', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(() => ctx?.close());

  it('lists exactly the case with that number, within what the caller may see', async () => {
    const world = await ctx.newWorld();
    const owner = await ctx.newOwner(world.houseIds[0]);
    const agent = await ctx.newStaff('agent', [world.communityId]);
    const outsider = await ctx.newStaff('agent', [(await ctx.newWorld()).communityId]);
    const first = await ctx.newCase(owner, world.houseIds[0]);
    await ctx.newCase(owner, world.houseIds[0], { description: '第二张' });
    const found = await ctx.as(agent).get(`/api/cases?number=${first.number}`).expect(200);
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([first.id]);
    const hidden = await ctx.as(outsider).get(`/api/cases?number=${first.number}`).expect(200);
    expect(hidden.body.items).toEqual([]);
    const bad = await ctx.as(agent).get('/api/cases?number=1%27%20OR%201=1').expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
