import type { CaseDetailResponse, CaseEventResponse } from '@wuye/shared';
import type { Response } from 'supertest';
import { shanghaiDay } from '../src/cases/case-number';
import { caseIn, newCrew, type Crew } from './support/scenario';
import { TestContext, type Actor } from './support/test-context';

/**
 * Idempotent retries and people acting on one case at once. On PostgreSQL the requests really
 * overlap (row locks decide); on the embedded database they queue, and the rules must hold either way.
 */

const body = { type: 'repair', category: '水电', description: '阳台地漏堵了' };

/** Status-changing events chain: each starts where the previous one ended. */
function expectUnbrokenTimeline(events: CaseEventResponse[]): void {
  for (let i = 1; i < events.length; i++) {
    expect({ i, action: events[i].action, from: events[i].fromStatus }).toEqual({ i, action: events[i].action, from: events[i - 1].toStatus });
  }
}

describe('idempotent submission', () => {
  let ctx: TestContext;
  let crew: Crew;
  let owner: Actor;

  beforeAll(async () => {
    ctx = await TestContext.create();
    crew = await newCrew(ctx, await ctx.newWorld(), 2);
    owner = crew.owners[0];
  });
  afterAll(() => ctx?.close());

  const submit = (actor: Actor, key: string, payload: object = { ...body, houseId: crew.houseId }) =>
    ctx.as(actor).post('/api/cases').set('Idempotency-Key', key).send(payload);

  const eventsOf = async (caseId: string, action: string): Promise<number> => {
    const [{ n }] = await ctx.db.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND action = $2', [caseId, action]);
    return n;
  };

  it('answers a retry with the original case (200) and creates nothing', async () => {
    const before = await ctx.countRows('cases');
    const first = await submit(owner, 'retry-key-0001').expect(201);
    const retry = await submit(owner, 'retry-key-0001').expect(200);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.body.number).toBe(first.body.number);
    expect(await ctx.countRows('cases')).toBe(before + 1);
    expect(await eventsOf(first.body.id, 'create')).toBe(1);
  });

  it('treats the same body with its keys in another order as the same submission', async () => {
    const first = await submit(owner, 'retry-key-0002', { houseId: crew.houseId, ...body }).expect(201);
    const retry = await submit(owner, 'retry-key-0002', { description: body.description, houseId: crew.houseId, category: body.category, type: body.type }).expect(200);
    expect(retry.body.id).toBe(first.body.id);
  });

  it('refuses the same key with a different body (422) and writes nothing', async () => {
    await submit(owner, 'retry-key-0003').expect(201);
    const before = { cases: await ctx.countRows('cases'), events: await ctx.countRows('case_events') };
    const res = await submit(owner, 'retry-key-0003', { ...body, houseId: crew.houseId, description: '另一件事' }).expect(422);
    expect(res.body).toMatchObject({ statusCode: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect({ cases: await ctx.countRows('cases'), events: await ctx.countRows('case_events') }).toEqual(before);
  });

  it('answers a retry with its case even after the owner has moved out since the first attempt', async () => {
    const leaving = await ctx.newOwner(crew.houseId);
    const first = await submit(leaving, 'retry-key-0006').expect(201);
    const [binding] = (await ctx.as(leaving).get('/api/me').expect(200)).body.houses as { id: string }[];
    await ctx.as(leaving).delete(`/api/me/houses/${binding.id}`).expect(200);
    // A new submission now needs a binding; the retry of the accepted one does not.
    await submit(leaving, 'retry-key-0007').expect(403);
    const retry = await submit(leaving, 'retry-key-0006').expect(200);
    expect({ id: retry.body.id, number: retry.body.number }).toEqual({ id: first.body.id, number: first.body.number });
  });

  it('keeps keys per owner: another owner with the same key gets their own case', async () => {
    const mine = await submit(owner, 'retry-key-0004').expect(201);
    const theirs = await submit(crew.owners[1], 'retry-key-0004').expect(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('creates one case when retries with the same key arrive together', async () => {
    const before = await ctx.countRows('cases');
    const responses = await Promise.all(Array.from({ length: 8 }, () => submit(owner, 'retry-key-0005')));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await ctx.countRows('cases')).toBe(before + 1);
    expect(await eventsOf(responses[0].body.id, 'create')).toBe(1);
  });

  it('numbers cases submitted together without gaps or repeats', async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(crew.owners[i % 2], `number-key-${1000 + i}`)));
    expect(responses.every((r) => r.status === 201)).toBe(true);
    const sequences = responses.map((r) => Number(r.body.number.split('-').at(-1))).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 10 }, (_, i) => sequences[0] + i));
  });

  it('uses up no number for a retry: the next submission takes the next one', async () => {
    const first = await submit(owner, 'number-key-2000').expect(201);
    await submit(owner, 'number-key-2000').expect(200);
    const next = await submit(owner, 'number-key-2001').expect(201);
    expect(Number(next.body.number.split('-').at(-1))).toBe(Number(first.body.number.split('-').at(-1)) + 1);
  });

  it("gives a day's 10 000th case five digits rather than cutting it to four", async () => {
    const day = shanghaiDay(ctx.clock.now());
    await ctx.db.query(
      `INSERT INTO case_number_counters (community_id, day, last_value) VALUES ($1, $2, 9999)
       ON CONFLICT (community_id, day) DO UPDATE SET last_value = 9999`, [crew.world.communityId, day.iso]);
    const res = await submit(owner, 'number-key-3000').expect(201);
    expect(res.body.number).toBe(`${crew.world.communityCode}-${day.compact}-10000`);
  });
});

describe('parallel actions on one case', () => {
  let ctx: TestContext;
  let crew: Crew;
  let agents: Actor[];
  let handlers: Actor[];

  beforeAll(async () => {
    ctx = await TestContext.create();
    crew = await newCrew(ctx, await ctx.newWorld(), 3);
    agents = [crew.agent];
    for (let i = 0; i < 4; i++) agents.push(await ctx.newStaff('agent', [crew.world.communityId]));
    handlers = [crew.handler, await ctx.newStaff('handler', [crew.world.communityId])];
  });
  afterAll(() => ctx?.close());

  const detail = async (id: string): Promise<CaseDetailResponse> => (await ctx.as(ctx.admin).get(`/api/cases/${id}`).expect(200)).body;
  const all = (requests: Promise<Response>[]) => Promise.all(requests);
  const count = (responses: Response[], status: number) => responses.filter((r) => r.status === status).length;

  it('lets exactly one of 10 simultaneous accepts win; the rest get 409 and write nothing', async () => {
    const c = await caseIn(ctx, crew, 'submitted');
    const responses = await all(Array.from({ length: 10 }, (_, i) => ctx.as(agents[i % agents.length]).post(`/api/cases/${c.id}/accept`).send({})));
    expect(count(responses, 200)).toBe(1);
    expect(count(responses, 409)).toBe(9);
    for (const r of responses.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ statusCode: 409, code: 'CASE_TRANSITION_NOT_ALLOWED' });
    const after = await detail(c.id);
    expect(after.events.map((e) => e.action)).toEqual(['create', 'accept']);
    const winner = responses.find((r) => r.status === 200)!;
    expect(after.events[1].actorId).toBe(winner.body.events[1].actorId);
    expect(after.firstRespondedAt).toBe(winner.body.firstRespondedAt);
  });

  it('lets one of two agents assigning at once win; the other gets 409 and the case keeps the winner\'s handler', async () => {
    const c = await caseIn(ctx, crew, 'accepted');
    const responses = await all([
      ctx.as(agents[1]).post(`/api/cases/${c.id}/assign`).send({ handlerId: handlers[0].id }),
      ctx.as(agents[2]).post(`/api/cases/${c.id}/assign`).send({ handlerId: handlers[1].id }),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = responses.find((r) => r.status === 200)!;
    const after = await detail(c.id);
    expect(after.assigneeId).toBe(winner.body.assigneeId);
    expect(after.events.filter((e) => e.action === 'assign')).toHaveLength(1);
  });

  it('records one verification when owners of the house answer at once', async () => {
    const c = await caseIn(ctx, crew, 'resolved');
    const responses = await all([
      ctx.as(crew.owners[0]).post(`/api/cases/${c.id}/verify`).send({ fixed: 'yes' }),
      ctx.as(crew.owners[1]).post(`/api/cases/${c.id}/verify`).send({ fixed: 'no', reason: '还是漏' }),
      ctx.as(crew.owners[2]).post(`/api/cases/${c.id}/verify`).send({ fixed: 'partly', reason: '好了一半' }),
    ]);
    expect(count(responses, 200)).toBe(1);
    expect(count(responses, 409)).toBe(2);
    const [{ n }] = await ctx.db.query('SELECT count(*)::int AS n FROM verifications WHERE case_id = $1', [c.id]);
    expect(n).toBe(1);
    const after = await detail(c.id);
    expect(after.events.filter((e) => e.action === 'verify')).toHaveLength(1);
    expectUnbrokenTimeline(after.events);
  });

  it('records at most one rating when the owner double-taps', async () => {
    const c = await caseIn(ctx, crew, 'confirmed');
    const responses = await all(Array.from({ length: 5 }, (_, i) => ctx.as(crew.owners[0]).post(`/api/cases/${c.id}/rate`).send({ overall: 1 + i })));
    expect(count(responses, 200)).toBe(1);
    expect(count(responses, 409)).toBe(4);
    const [{ n }] = await ctx.db.query('SELECT count(*)::int AS n FROM ratings WHERE case_id = $1', [c.id]);
    expect(n).toBe(1);
  });

  it('counts one urge when the owner taps urge five times at once', async () => {
    const c = await caseIn(ctx, crew, 'accepted');
    const responses = await all(Array.from({ length: 5 }, () => ctx.as(crew.owners[0]).post(`/api/cases/${c.id}/urge`).send({})));
    expect(count(responses, 200)).toBe(1);
    expect(count(responses, 429)).toBe(4);
    for (const r of responses.filter((x) => x.status === 429)) expect(r.body.code).toBe('URGE_TOO_FREQUENT');
    expect((await detail(c.id)).urgeCount).toBe(1);
  });

  it('keeps one outcome when an owner withdraws while an agent accepts', async () => {
    for (let round = 0; round < 4; round++) {
      const c = await caseIn(ctx, crew, 'submitted');
      const responses = await all([
        ctx.as(crew.owners[round % 3]).post(`/api/cases/${c.id}/cancel`).send({ reason: '自己修好了' }),
        ctx.as(agents[round % agents.length]).post(`/api/cases/${c.id}/accept`).send({}),
      ]);
      const [cancel, accept] = responses;
      const after = await detail(c.id);
      // The owner may withdraw a submitted or an accepted case: whichever runs first, the withdrawal
      // succeeds and the case ends cancelled. The accept succeeds only if it ran first.
      expect(cancel.status).toBe(200);
      expect(after.status).toBe('cancelled');
      if (accept.status !== 200) expect(accept.body).toMatchObject({ statusCode: 409, code: 'CASE_TRANSITION_NOT_ALLOWED' });
      expect(after.events.map((e) => e.action)).toEqual(accept.status === 200 ? ['create', 'accept', 'cancel'] : ['create', 'cancel']);
      expectUnbrokenTimeline(after.events);
    }
  });

  it('keeps the timeline unbroken under a burst of mixed actions by the handler and agents', async () => {
    const c = await caseIn(ctx, crew, 'in_progress');
    const responses = await all([
      ctx.as(crew.handler).post(`/api/cases/${c.id}/resolve`).send({ note: '修好了' }),
      ctx.as(crew.handler).post(`/api/cases/${c.id}/hold`).send({ reason: '等配件' }),
      ctx.as(crew.agent).post(`/api/cases/${c.id}/cancel`).send({ reason: '重复' }),
      ...Array.from({ length: 4 }, (_, i) => ctx.as(agents[i]).post(`/api/cases/${c.id}/note`).send({ note: `备注${i}` })),
    ]);
    expect(responses.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const after = await detail(c.id);
    const before = c.events.length;
    expect(after.events).toHaveLength(before + count(responses, 200));
    expect(new Set(after.events.map((e) => e.id)).size).toBe(after.events.length);
    expectUnbrokenTimeline(after.events);
  });
});

describe('If-Match: an action based on the case version the client saw', () => {
  let ctx: TestContext;
  let crew: Crew;
  let supervisors: Actor[];
  let handlers: Actor[];

  beforeAll(async () => {
    ctx = await TestContext.create();
    crew = await newCrew(ctx, await ctx.newWorld(), 2);
    supervisors = [crew.supervisor, await ctx.newStaff('supervisor', [crew.world.communityId])];
    handlers = [crew.handler, await ctx.newStaff('handler', [crew.world.communityId])];
  });
  afterAll(() => ctx?.close());

  const detail = async (id: string, actor: Actor = ctx.admin): Promise<CaseDetailResponse> =>
    (await ctx.as(actor).get(`/api/cases/${id}`).expect(200)).body;
  const act = (actor: Actor, id: string, action: string, body: object, ifMatch?: string) => {
    const req = ctx.as(actor).post(`/api/cases/${id}/${action}`);
    return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body);
  };
  const stored = async (id: string) => {
    const [row] = await ctx.db.query(
      'SELECT c.version, c.status, c.assignee_id AS "assigneeId", (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id) AS events FROM cases c WHERE c.id = $1',
      [id]);
    return row as { version: number; status: string; assigneeId: string | null; events: number };
  };

  it('lets exactly one of two supervisors assigning the same accepted case win; the other gets 409 CASE_CHANGED', async () => {
    for (let round = 0; round < 3; round++) {
      const c = await caseIn(ctx, crew, 'accepted');
      // Each supervisor opens the case, picks a different handler and sends the version they saw.
      const seen = await Promise.all(supervisors.map((s) => detail(c.id, s)));
      expect(seen[1].version).toBe(seen[0].version);
      const responses = await Promise.all(supervisors.map((s, i) =>
        act(s, c.id, 'assign', { handlerId: handlers[i].id }, `"${seen[i].version}"`)));
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = responses.findIndex((r) => r.status === 200);
      expect(responses[1 - winner].body).toEqual({ statusCode: 409, code: 'CASE_CHANGED', message: '工单已被他人更新，请刷新后再操作' });
      const after = await detail(c.id);
      expect(after.assigneeId).toBe(handlers[winner].id);
      expect(after.events.filter((e) => e.action === 'assign')).toHaveLength(1);
      expect(after.events.at(-1)!.actorId).toBe(supervisors[winner].id);
      expect(after.version).toBe(seen[0].version + 1);
      expect(responses[winner].body.version).toBe(after.version);
    }
  });

  it('without If-Match keeps the old behaviour: both assigns succeed, the later one as a reassign', async () => {
    const c = await caseIn(ctx, crew, 'accepted');
    const responses = await Promise.all(supervisors.map((s, i) => act(s, c.id, 'assign', { handlerId: handlers[i].id })));
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const after = await detail(c.id);
    expect(after.events.filter((e) => e.action === 'assign')).toHaveLength(2);
    expect(after.version).toBe(c.version + 2);
    expect(responses.map((r) => r.body.version).sort()).toEqual([c.version + 1, c.version + 2]);
  });

  it('refuses a reply and a hold sent from a stale version with 409 CASE_CHANGED, and writes nothing', async () => {
    const c = await caseIn(ctx, crew, 'in_progress');
    const seen = c.version;
    // Meanwhile the handler records progress: the version the others saw is out of date.
    const noted = await ctx.act(crew.handler, c.id, 'note', { note: '已到现场' });
    expect(noted.version).toBe(seen + 1);
    const before = await stored(c.id);

    const reply = await act(crew.agent, c.id, 'reply', { note: '师傅已在处理' }, `"${seen}"`).expect(409);
    expect(reply.body.code).toBe('CASE_CHANGED');
    const hold = await act(crew.handler, c.id, 'hold', { reason: '等配件' }, `W/"${seen}"`).expect(409);
    expect(hold.body.code).toBe('CASE_CHANGED');
    expect(await stored(c.id)).toEqual(before);
    expect(before.status).toBe('in_progress');

    // With the version the case has now, the same hold goes through.
    const held = await act(crew.handler, c.id, 'hold', { reason: '等配件' }, String(before.version)).expect(200);
    expect(held.body).toMatchObject({ status: 'on_hold', version: before.version + 1 });
  });

  it('accepts the version as 7, "7", W/"7", or * for any version', async () => {
    const c = await caseIn(ctx, crew, 'accepted');
    let version = c.version;
    for (const format of [(v: number) => `${v}`, (v: number) => `"${v}"`, (v: number) => `W/"${v}"`, () => '*']) {
      const res = await act(crew.agent, c.id, 'note', { note: '记录' }, format(version)).expect(200);
      expect(res.body.version).toBe(++version);
    }
  });

  it('answers a malformed If-Match with 400 VALIDATION_FAILED naming the header, and writes nothing', async () => {
    const c = await caseIn(ctx, crew, 'accepted');
    const before = await stored(c.id);
    for (const value of ['abc', `"${c.version}`, `W/${c.version}`, `"${c.version}", "${c.version + 1}"`, '-1', '1.0', 'W/"x"', '""', '', '12345678901']) {
      const res = await act(supervisors[0], c.id, 'assign', { handlerId: handlers[0].id }, value);
      expect({ value, status: res.status }).toEqual({ value, status: 400 });
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', details: [{ field: 'If-Match' }] });
    }
    expect(await stored(c.id)).toEqual(before);
  });

  it('counts every write of the case: each action and each SLA sweep step adds one to the version', async () => {
    const owner = crew.owners[0];
    let c = await ctx.newCase(owner, crew.houseId, { type: 'repair', category: '水电', description: '版本计数' });
    expect(c.version).toBe(1);
    const steps: [Actor, string, object][] = [
      [crew.agent, 'accept', {}], [crew.agent, 'reply', { note: '已收到' }], [owner, 'urge', {}],
      [crew.agent, 'assign', { handlerId: handlers[0].id }], [supervisors[0], 'assign', { handlerId: handlers[1].id }],
      [handlers[1], 'start', {}], [handlers[1], 'note', { note: '到场' }], [handlers[1], 'hold', { reason: '等配件' }],
      [handlers[1], 'resume', {}], [handlers[1], 'resolve', { note: '修好了' }], [owner, 'verify', { fixed: 'no', reason: '还漏' }],
      [handlers[1], 'resolve', { note: '换了阀芯' }], [owner, 'verify', { fixed: 'yes' }], [owner, 'rate', { overall: 5 }],
      // Reopened once, so the rating leaves it confirmed with a visit due.
      [crew.agent, 'follow-up', { method: 'phone', result: 'satisfied' }], [supervisors[0], 'reopen', { reason: '业主再次反映' }],
    ];
    for (const [actor, action, body] of steps) {
      const before = c.version;
      c = await ctx.act(actor, c.id, action, body);
      expect({ action, version: c.version }).toEqual({ action, version: before + 1 });
      expect((await stored(c.id)).version).toBe(c.version);
    }

    // The sweep's writes count too: an escalation changes what the case shows (breach flag, timeline).
    const late = await ctx.newCase(owner, crew.houseId, { type: 'repair', category: '水电', description: '超时未受理' });
    ctx.clock.advance(31 * 60_000);
    await ctx.sweep();
    const escalated = await detail(late.id);
    expect(escalated.events.at(-1)!.action).toBe('escalate');
    expect(escalated.version).toBe(late.version + 1);
  });
});
