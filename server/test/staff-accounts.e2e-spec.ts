import type { StaffResponse } from '@wuye/shared';
import { StaffService } from '../src/users/staff.service';
import { caseIn, newCrew, type Crew } from './support/scenario';
import { addressOf, TestContext, type Actor } from './support/test-context';

/**
 * An admin keeps the staff list true: a person who leaves is stopped (signed out everywhere at once,
 * no sign-in, not offered for assignment), a forgotten password is reset (every old device signed
 * out), a role or community changes — but never so that a case in hand waits on someone who can no
 * longer act on it, and never so that the admin locks themselves out.
 */
describe(`${StaffService.name} (PATCH /api/staff/:id)`, () => {
  let ctx: TestContext;
  let crew: Crew;
  let counter = 0;

  beforeAll(async () => {
    ctx = await TestContext.create();
    crew = await newCrew(ctx, await ctx.newWorld(), 1);
  });
  afterAll(() => ctx?.close());

  /** A new staff member with a known username and password, signed in. */
  const hire = async (role: 'agent' | 'handler' | 'supervisor', communityIds = [crew.world.communityId]) => {
    const username = `staff-accounts-${process.pid}-${++counter}`;
    await ctx.as(ctx.admin).post('/api/staff').send({ username, password: 'password123', name: `员工${counter}`, role, communityIds }).expect(201);
    return { username, actor: await ctx.login(username, 'password123') };
  };
  const change = (who: { id: string }, body: object, by: Actor = ctx.admin) => ctx.as(by).patch(`/api/staff/${who.id}`).send(body);
  const signIn = (username: string, password: string) =>
    ctx.http.post('/api/auth/login').set('X-Forwarded-For', addressOf(username)).send({ username, password });
  const handlerIds = async (by: Actor): Promise<string[]> =>
    (await ctx.as(by).get(`/api/staff?role=handler&communityId=${crew.world.communityId}`).expect(200)).body.map((s: StaffResponse) => s.id);

  it('stops an account: its tokens are refused at once, it cannot sign in, it is no longer offered for assignment', async () => {
    const { username, actor } = await hire('handler');
    await ctx.as(actor).get('/api/me').expect(200);
    expect(await handlerIds(crew.agent)).toContain(actor.id);

    const stopped = await change(actor, { active: false }).expect(200);
    expect(stopped.body).toMatchObject({ id: actor.id, active: false });

    // Its devices are told why, not that the sign-in expired.
    const refused = await ctx.as(actor).get('/api/me').expect(403);
    expect(refused.body).toMatchObject({ code: 'ACCOUNT_DISABLED', message: '账号已停用，请联系管理员' });
    // The right password learns that the account is stopped; a wrong one learns nothing more.
    expect((await signIn(username, 'password123').expect(403)).body).toMatchObject({ code: 'ACCOUNT_DISABLED', message: '账号已停用，请联系管理员' });
    expect((await signIn(username, 'wrong-password').expect(401)).body.code).toBe('INVALID_CREDENTIALS');
    expect(await handlerIds(crew.agent)).not.toContain(actor.id);
    // Listed to an admin who asks for stopped accounts, marked so.
    const all = (await ctx.as(ctx.admin).get('/api/staff?includeDisabled=true').expect(200)).body as StaffResponse[];
    expect(all.find((s) => s.id === actor.id)).toMatchObject({ active: false });
    const c = await caseIn(ctx, crew, 'accepted');
    const assign = await ctx.as(crew.agent).post(`/api/cases/${c.id}/assign`).send({ handlerId: actor.id }).expect(400);
    expect(assign.body.code).toBe('HANDLER_INVALID');

    // Restarted: signs in again with the same password; the old token stays signed out.
    expect((await change(actor, { active: true }).expect(200)).body.active).toBe(true);
    await ctx.as(actor).get('/api/me').expect(401);
    const again = await signIn(username, 'password123').expect(200);
    await ctx.http.get('/api/me').set('Authorization', `Bearer ${again.body.accessToken}`).expect(200);
    expect(await handlerIds(crew.agent)).toContain(actor.id);
  });

  it('tells only the devices the stop signed out that the account is stopped, not a token a reset had cut off before', async () => {
    const { username, actor: before } = await hire('agent');
    await change(before, { password: 'reset-once-1' }).expect(200);
    const after = await ctx.login(username, 'reset-once-1');
    await change(after, { active: false }).expect(200);
    expect((await ctx.as(after).get('/api/me').expect(403)).body.code).toBe('ACCOUNT_DISABLED');
    expect((await ctx.as(before).get('/api/me').expect(401)).body.code).toBe('TOKEN_INVALID');
  });

  it('resets a password: the old one stops working and every device signed in with it is signed out', async () => {
    const { username, actor } = await hire('agent');
    // The person forgot it and guessed until the login held them back.
    for (let i = 0; i < 5; i++) await signIn(username, `guess-${i}-wrong`).expect(401);
    expect((await signIn(username, 'another-guess').expect(429)).body.code).toBe('LOGIN_RATE_LIMITED');
    await change(actor, { password: 'a-new-password' }).expect(200);

    expect((await ctx.as(actor).get('/api/me').expect(401)).body.code).toBe('TOKEN_INVALID');
    expect((await signIn(username, 'password123').expect(401)).body.code).toBe('INVALID_CREDENTIALS');
    const fresh = await signIn(username, 'a-new-password').expect(200);
    await ctx.http.get('/api/me').set('Authorization', `Bearer ${fresh.body.accessToken}`).expect(200);
  });

  it('changes name, role and communities, and the change applies to the next request', async () => {
    const other = await ctx.newWorld(1);
    const { actor } = await hire('agent');
    await ctx.as(actor).get('/api/reports/metrics?from=2026-11-01&to=2026-12-01').expect(403);

    const changed = await change(actor, { name: '王主管', role: 'supervisor', communityIds: [crew.world.communityId, other.communityId] }).expect(200);
    expect(changed.body).toMatchObject({ name: '王主管', role: 'supervisor', active: true });
    expect([...changed.body.communityIds].sort()).toEqual([crew.world.communityId, other.communityId].sort());

    await ctx.as(actor).get('/api/reports/metrics?from=2026-11-01&to=2026-12-01').expect(200);
    const me = (await ctx.as(actor).get('/api/me').expect(200)).body;
    expect(me).toMatchObject({ name: '王主管', role: 'supervisor' });
  });

  it('refuses to stop, re-role or move a handler away from cases in hand, until they are reassigned', async () => {
    const { actor: leaving } = await hire('handler');
    const other = await ctx.newWorld(1);
    const c = await caseIn(ctx, crew, 'accepted');
    await ctx.act(crew.agent, c.id, 'assign', { handlerId: leaving.id });
    await ctx.act(leaving, c.id, 'start');

    for (const body of [{ active: false }, { role: 'agent' }, { communityIds: [other.communityId] }]) {
      const res = await change(leaving, body).expect(409);
      expect({ body, code: res.body.code, openCases: res.body.details?.openCases }).toEqual({ body, code: 'STAFF_HAS_OPEN_CASES', openCases: 1 });
    }
    // Nothing changed: still a handler of the community, still signed in.
    await ctx.as(leaving).get('/api/me').expect(200);
    expect(await handlerIds(crew.agent)).toContain(leaving.id);
    // Adding a community, or renaming, leaves the case in hand where it is: allowed.
    await change(leaving, { communityIds: [crew.world.communityId, other.communityId], name: '李师傅' }).expect(200);

    await ctx.act(crew.supervisor, c.id, 'assign', { handlerId: crew.handler.id });
    await change(leaving, { active: false }).expect(200);
  });

  it('sends a case back to the agents (已受理, nobody assigned) when the owner reopens it after its handler left', async () => {
    const { actor: leaving } = await hire('handler');
    const c = await caseIn(ctx, crew, 'accepted');
    await ctx.act(crew.agent, c.id, 'assign', { handlerId: leaving.id });
    await ctx.act(leaving, c.id, 'start');
    await ctx.act(leaving, c.id, 'resolve', { note: '已修好' });
    await change(leaving, { active: false }).expect(200); // nothing in hand: resolved is the owner's turn

    const reopened = await ctx.act(crew.owners[0], c.id, 'verify', { fixed: 'no', reason: '还在漏' });
    expect(reopened).toMatchObject({ status: 'accepted', assigneeId: null, reopenCount: 1 });
    expect(reopened.events.at(-1)).toMatchObject({ action: 'verify', fromStatus: 'resolved', toStatus: 'accepted' });
    const [event] = await ctx.db.query(`SELECT data FROM case_events WHERE case_id = $1 AND action = 'verify'`, [c.id]);
    expect(event.data).toMatchObject({ fixed: 'no', unassignedFrom: leaving.id });
    // The agents can assign it to someone who works here now.
    expect((await ctx.as(crew.agent).get(`/api/cases/${c.id}`).expect(200)).body.allowedActions).toContain('assign');
    expect((await ctx.act(crew.agent, c.id, 'assign', { handlerId: crew.handler.id })).status).toBe('assigned');

    // A handler still here gets it back in progress, as the rule says.
    const kept = await caseIn(ctx, crew, 'resolved');
    expect(await ctx.act(crew.owners[0], kept.id, 'verify', { fixed: 'no', reason: '还在漏' })).toMatchObject({ status: 'in_progress', assigneeId: crew.handler.id });
  });

  it('does the same for a reopen by an unsatisfied follow-up and by a supervisor, when the handler moved to another community', async () => {
    const other = await ctx.newWorld(1);
    const moved = await hire('handler');
    const done = async (): Promise<string> => {
      const c = await caseIn(ctx, crew, 'accepted', 'complaint'); // complaints always get a follow-up visit
      await ctx.act(crew.agent, c.id, 'assign', { handlerId: moved.actor.id });
      await ctx.act(moved.actor, c.id, 'start');
      await ctx.act(moved.actor, c.id, 'resolve', { note: '已处理' });
      await ctx.act(crew.owners[0], c.id, 'verify', { fixed: 'yes' });
      return c.id;
    };
    const visited = await done();
    await ctx.act(crew.owners[0], visited, 'rate', { overall: 2 });
    const closed = await done();
    await ctx.act(crew.owners[0], closed, 'rate', { overall: 5 });
    await ctx.act(crew.agent, closed, 'follow-up', { method: 'phone', result: 'satisfied' });
    await change(moved.actor, { communityIds: [other.communityId] }).expect(200);

    expect(await ctx.act(crew.agent, visited, 'follow-up', { method: 'phone', result: 'unsatisfied', note: '仍不满意' }))
      .toMatchObject({ status: 'accepted', assigneeId: null });
    expect(await ctx.act(crew.supervisor, closed, 'reopen', { reason: '业主再次反映' })).toMatchObject({ status: 'accepted', assigneeId: null });
  });

  it('takes the cases of a community away from a handler moved out of it: no longer listed, shown or noted on', async () => {
    const other = await ctx.newWorld(1);
    const moved = await hire('handler');
    const c = await caseIn(ctx, crew, 'accepted');
    await ctx.act(crew.agent, c.id, 'assign', { handlerId: moved.actor.id });
    await ctx.act(moved.actor, c.id, 'start');
    await ctx.act(moved.actor, c.id, 'resolve', { note: '已更换水龙头' });
    const mine = async () => (await ctx.as(moved.actor).get('/api/cases').expect(200)).body.items.map((i: { id: string }) => i.id);
    expect(await mine()).toContain(c.id);
    // Resolved is not "in hand": the move is allowed, and the case stays theirs as its handler.
    await change(moved.actor, { communityIds: [other.communityId] }).expect(200);

    expect(await mine()).not.toContain(c.id);
    expect((await ctx.as(moved.actor).get(`/api/cases/${c.id}`).expect(404)).body.code).toBe('CASE_NOT_FOUND');
    const note = await ctx.as(moved.actor).post(`/api/cases/${c.id}/note`).send({ note: '补充说明' }).expect(404);
    expect(note.body.code).toBe('CASE_NOT_FOUND');
    // Their old community's staff still see it, with no note added.
    const detail = (await ctx.as(crew.agent).get(`/api/cases/${c.id}`).expect(200)).body;
    expect(detail.assigneeId).toBe(moved.actor.id);
    expect(detail.events.map((e: { action: string }) => e.action)).not.toContain('note');
  });

  it('does not let an admin stop their own account or change their own role', async () => {
    for (const body of [{ active: false }, { role: 'supervisor' }]) {
      expect((await change(ctx.admin, body).expect(409)).body.code).toBe('STAFF_SELF_LOCKOUT');
    }
    await ctx.as(ctx.admin).get('/api/me').expect(200);
  });

  it('refuses what is not a staff account, unknown communities and malformed bodies, changing nothing', async () => {
    const owner = await ctx.newOwner();
    expect((await change(owner, { name: '改名' }).expect(404)).body.code).toBe('USER_NOT_FOUND');
    const { actor } = await hire('agent');
    expect((await change(actor, { communityIds: ['00000000-0000-4000-8000-000000000000'] }).expect(404)).body.code).toBe('COMMUNITY_NOT_FOUND');
    for (const body of [{ role: 'owner' }, { role: 'admin ' }, { password: 'short' }, { active: 'no' }, { name: '' },
      { name: null }, { role: null }, { password: null }, { communityIds: null }, { active: null }]) {
      const res = await change(actor, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    // A username is not changed once given; a body that is not an object is not a change at all.
    expect((await change(actor, { username: 'renamed' }).expect(400)).body.code).toBe('UNKNOWN_FIELD');
    expect((await change(actor, []).expect(400)).body.code).toBe('MALFORMED_REQUEST');
    // A null role on one's own account is malformed, not a change of role.
    expect((await change(ctx.admin, { role: null }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const me = (await ctx.as(actor).get('/api/me').expect(200)).body;
    expect(me).toMatchObject({ role: 'agent', communityIds: [crew.world.communityId] });
  });
});
