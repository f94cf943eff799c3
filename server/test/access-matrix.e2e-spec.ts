import {
  CASE_ACTIONS, CASE_STATUSES, CASE_TRANSITIONS, ERROR_CODES, canPerform, type CaseAction, type CaseDetailResponse, type CaseFacts,
  type CaseStatus, type Role,
} from '@wuye/shared';
import type { Response } from 'supertest';
import { caseIn, newCrew, type Crew } from './support/scenario';
import { PNG_1X1, TestContext, type Actor, type World } from './support/test-context';

/**
 * Every route × every role × own/other community × own/other owner's record. The case-action part
 * is generated from the shared transition table (route roles = every role the table ever lets take
 * the action); visibility is SPEC §2; the state part is the shared state machine. A route that
 * appears in the API without a row here fails the coverage test.
 */

const WHO = [
  'ownerOwn', // approved for the case's house
  'ownerOther', // approved for another house of the same community
  'ownerPending', // asked to bind the case's house, not approved yet
  'agent', 'agentElsewhere',
  'handler', // the case's assignee (once it has one)
  'handlerIdle', // a handler of the same community, not assigned
  'supervisor', 'supervisorElsewhere',
  'admin',
] as const;
type Who = (typeof WHO)[number];

const ROLE: Record<Who, Role> = {
  ownerOwn: 'owner', ownerOther: 'owner', ownerPending: 'owner', agent: 'agent', agentElsewhere: 'agent', handler: 'handler',
  handlerIdle: 'handler', supervisor: 'supervisor', supervisorElsewhere: 'supervisor', admin: 'admin',
};

const routeRoles = (action: CaseAction): Role[] =>
  [...new Set(CASE_STATUSES.flatMap((s) => CASE_TRANSITIONS[s][action]?.roles ?? []))];

/** Where each action is tried, and with what body (valid for the action). */
const ACTION_SETUP: Record<CaseAction, { status: CaseStatus; body: (crew: Crew) => object }> = {
  accept: { status: 'submitted', body: () => ({}) },
  reply: { status: 'accepted', body: () => ({ note: '已收到，马上安排' }) },
  assign: { status: 'accepted', body: (crew) => ({ handlerId: crew.handler.id }) },
  start: { status: 'assigned', body: () => ({}) },
  hold: { status: 'in_progress', body: () => ({ reason: '等配件' }) },
  resume: { status: 'on_hold', body: () => ({}) },
  note: { status: 'in_progress', body: () => ({ note: '已到现场' }) },
  resolve: { status: 'in_progress', body: () => ({ note: '已修好' }) },
  verify: { status: 'resolved', body: () => ({ fixed: 'yes' }) },
  rate: { status: 'confirmed', body: () => ({ overall: 4 }) },
  'follow-up': { status: 'confirmed', body: () => ({ method: 'phone', result: 'satisfied' }) },
  close: { status: 'confirmed', body: () => ({}) },
  cancel: { status: 'submitted', body: () => ({ reason: '不需要了' }) },
  reopen: { status: 'closed', body: () => ({ reason: '业主再次反映' }) },
  urge: { status: 'submitted', body: () => ({}) },
};

function expectErrorShape(res: Response): void {
  if (res.status < 400) return;
  expect(res.body).toEqual(expect.objectContaining({ statusCode: res.status, code: expect.any(String), message: expect.any(String) }));
}

describe('access matrix', () => {
  let ctx: TestContext;
  let home: World;
  let elsewhere: World;
  let crew: Crew;
  const actors = {} as Record<Who, Actor>;


  const OPEN: CaseStatus[] = ['submitted', 'accepted', 'assigned', 'in_progress', 'on_hold'];
  /** Every case in this file's database, as the admin sees it now. */
  const everyCase = async (): Promise<CaseDetailResponse[]> => {
    const all: CaseDetailResponse[] = [];
    for (let page = 1; ; page++) {
      const res = await ctx.as(ctx.admin).get(`/api/cases?pageSize=100&page=${page}`).expect(200);
      all.push(...res.body.items);
      if (all.length >= res.body.total) return all;
    }
  };

  const build = async (status: CaseStatus) => {
    const c = await caseIn(ctx, crew, status);
    return c;
  };

  /** SPEC §2: who sees a case of the crew's house in the home community. */
  const sees = (who: Who, c: { assigneeId: string | null; communityId: string; houseId: string | null; ownerId: string | null }): boolean => {
    if (ROLE[who] === 'owner' && c.ownerId === actors[who].id) return true;
    switch (who) {
      case 'admin': return true;
      case 'agent': case 'supervisor': return c.communityId === home.communityId;
      case 'agentElsewhere': case 'supervisorElsewhere': return c.communityId === elsewhere.communityId;
      case 'handler': return c.assigneeId === actors.handler.id;
      case 'handlerIdle': return c.assigneeId === actors.handlerIdle.id;
      case 'ownerOwn': return c.houseId === crew.houseId;
      case 'ownerOther': return c.houseId === home.houseIds[1];
      case 'ownerPending': return false;
    }
  };

  const expectedForAction = (action: CaseAction, who: Who, c: CaseDetailResponse): { status: number; code: string | null } => {
    const role = ROLE[who];
    if (!routeRoles(action).includes(role)) return { status: 403, code: 'FORBIDDEN' };
    if (!sees(who, c)) return { status: 404, code: 'CASE_NOT_FOUND' };
    const facts: CaseFacts = {
      status: c.status, type: c.type, assigneeId: c.assigneeId, hasOwnerAccount: c.ownerId !== null, lastUrgedAt: null,
      closedAt: c.closedAt, cycleVerification: c.cycleVerification, cycleRated: c.cycleRated, unrated: c.unrated,
      followUpPolicy: c.followUpPolicy, followUpRequired: c.followUpRequired, reopenCount: c.reopenCount,
      cycleFollowedUp: c.cycleFollowedUp,
      // The crew's community keeps the default policy: the owner has 72 h from the resolution.
      verifyWindowEndsAt: c.resolvedAt ? new Date(Date.parse(c.resolvedAt) + 72 * 3_600_000) : null,
    };
    const decision = canPerform(action, facts, { id: actors[who].id, role, ownsCase: role === 'owner' }, new Date());
    return decision.ok ? { status: 200, code: null } : { status: ERROR_CODES[decision.code].status, code: decision.code };
  };

  beforeAll(async () => {
    ctx = await TestContext.create();
    home = await ctx.newWorld();
    elsewhere = await ctx.newWorld();
    crew = await newCrew(ctx, home);
    actors.ownerOwn = crew.owners[0];
    actors.ownerOther = await ctx.newOwner(home.houseIds[1]);
    actors.ownerPending = await ctx.newOwner();
    await ctx.as(actors.ownerPending).post('/api/me/houses')
      .send({ houseId: crew.houseId, relation: 'tenant', name: '租户', phone: '13900139000' }).expect(201);
    actors.agent = crew.agent;
    actors.handler = crew.handler;
    actors.supervisor = crew.supervisor;
    actors.handlerIdle = await ctx.newStaff('handler', [home.communityId]);
    actors.agentElsewhere = await ctx.newStaff('agent', [elsewhere.communityId]);
    actors.supervisorElsewhere = await ctx.newStaff('supervisor', [elsewhere.communityId]);
    actors.admin = ctx.admin;
  });
  afterAll(() => ctx?.close());

  describe('case actions', () => {
    /** One case per action for the refusals; refusals must leave it exactly as it was. */
    const shared = new Map<CaseAction, CaseDetailResponse>();
    const sharedFor = async (action: CaseAction) => {
      if (!shared.has(action)) shared.set(action, await build(ACTION_SETUP[action].status));
      return shared.get(action)!;
    };

    const cells = CASE_ACTIONS.flatMap((action) => WHO.map((who) => [action, who] as const));
    it.each(cells)('POST /api/cases/:id/%s as %s', async (action, who) => {
      const probe = await sharedFor(action);
      const expected = expectedForAction(action, who, probe);
      // A cell expected to succeed changes its case: give it a fresh one in the same state.
      const target = expected.status === 200 ? await build(ACTION_SETUP[action].status) : probe;
      const before = await ctx.as(ctx.admin).get(`/api/cases/${target.id}`).expect(200);

      const res = await ctx.as(actors[who]).post(`/api/cases/${target.id}/${action}`).send(ACTION_SETUP[action].body(crew));

      expect({ status: res.status, code: res.body.code ?? null }).toEqual(expected);
      expectErrorShape(res);
      const after = await ctx.as(ctx.admin).get(`/api/cases/${target.id}`).expect(200);
      if (expected.status === 200) {
        expect(after.body.events).toHaveLength(before.body.events.length + 1);
        expect(after.body.events.at(-1)).toMatchObject({ action, actorId: actors[who].id, actorRole: ROLE[who] });
      } else {
        expect(after.body.events).toEqual(before.body.events);
        expect(after.body.status).toBe(before.body.status);
        expect(after.body.updatedAt).toBe(before.body.updatedAt);
      }
    });
  });

  describe('reading cases', () => {
    const inEveryStatus: CaseDetailResponse[] = [];
    beforeAll(async () => {
      for (const status of CASE_STATUSES) inEveryStatus.push(await build(status));
    });

    it.each(WHO)('GET /api/cases/:id as %s: 200 for a case they may see, 404 otherwise, in every status', async (who) => {
      for (const c of inEveryStatus) {
        const res = await ctx.as(actors[who]).get(`/api/cases/${c.id}`);
        const visible = sees(who, c);
        expect({ status: c.status, code: res.status }).toEqual({ status: c.status, code: visible ? 200 : 404 });
        if (visible) {
          expect(res.body.id).toBe(c.id);
          expect(res.body.events.length).toBeGreaterThan(0);
        } else {
          expect(res.body).toEqual({ statusCode: 404, code: 'CASE_NOT_FOUND', message: ERROR_CODES.CASE_NOT_FOUND.message });
        }
      }
    });

    it.each(WHO)('GET /api/cases as %s lists exactly the cases they may see', async (who) => {
      // A case in the other community too, so "elsewhere" staff have something of their own.
      const staffElsewhere = actors.agentElsewhere;
      await ctx.as(staffElsewhere).post('/api/cases')
        .send({ type: 'complaint', category: '噪音扰民', description: '楼上装修太吵', communityId: elsewhere.communityId, location: '2栋' })
        .expect(201);
      const all = await everyCase();
      const expectedIds = all.filter((c) => sees(who, c)).map((c) => c.id).sort();

      const seen: string[] = [];
      for (let page = 1; ; page++) {
        const res = await ctx.as(actors[who]).get(`/api/cases?pageSize=100&page=${page}`).expect(200);
        seen.push(...res.body.items.map((c: { id: string }) => c.id));
        expect(res.body.total).toBe(expectedIds.length);
        if (res.body.items.length < 100) break;
      }
      expect(seen.sort()).toEqual(expectedIds);
      if (['ownerOwn', 'agent', 'supervisor', 'admin', 'agentElsewhere', 'supervisorElsewhere'].includes(who)) {
        expect(expectedIds.length).toBeGreaterThan(0); // the check above would be empty otherwise
      }

      // Filtering by someone else's community never widens what a caller sees.
      const other = await ctx.as(actors[who]).get(`/api/cases?communityId=${elsewhere.communityId}&pageSize=100`).expect(200);
      expect(other.body.items.every((c: CaseDetailResponse) => sees(who, c))).toBe(true);
    });

    it.each(WHO)('GET /api/cases/counts as %s counts only the open cases they may see', async (who) => {
      const res = await ctx.as(actors[who]).get('/api/cases/counts');
      expect(res.status).toBe(ROLE[who] === 'owner' ? 403 : 200);
      expectErrorShape(res);
      if (res.status === 200) {
        const open = (await everyCase()).filter((c) => sees(who, c) && OPEN.includes(c.status));
        expect(res.body.open).toBe(open.length);
        expect(res.body.submitted).toBe(open.filter((c) => c.status === 'submitted').length);
      }
    });

    it.each(WHO)('POST /api/cases/:id/subscriptions as %s', async (who) => {
      const c = await build('submitted');
      const res = await ctx.as(actors[who]).post(`/api/cases/${c.id}/subscriptions`).send({ steps: ['accepted'] });
      const expected = ROLE[who] !== 'owner' ? 403 : sees(who, c) ? 200 : 404;
      expect(res.status).toBe(expected);
      expectErrorShape(res);
    });
  });

  describe('submitting cases', () => {
    it.each<[Who, number, string | null]>([
      ['ownerOwn', 201, null],
      ['ownerOther', 403, 'HOUSE_NOT_BOUND'], // bound elsewhere in the community, not to this house
      ['ownerPending', 403, 'HOUSE_NOT_BOUND'],
      ['agent', 201, null],
      ['agentElsewhere', 404, 'COMMUNITY_NOT_FOUND'],
      ['handler', 403, 'FORBIDDEN'],
      ['handlerIdle', 403, 'FORBIDDEN'],
      ['supervisor', 201, null],
      ['supervisorElsewhere', 404, 'COMMUNITY_NOT_FOUND'],
      ['admin', 201, null],
    ])('POST /api/cases for a house of the home community as %s → %i', async (who, status, code) => {
      const before = await ctx.countRows('cases');
      const res = await ctx.as(actors[who]).post('/api/cases')
        .send({ type: 'repair', category: '门窗', description: '窗户关不上', houseId: crew.houseId });
      expect({ status: res.status, code: res.body.code ?? null }).toEqual({ status, code });
      expect(await ctx.countRows('cases')).toBe(before + (status === 201 ? 1 : 0));
    });

    it.each<[Who, number]>([
      ['ownerOwn', 201], ['ownerOther', 201], ['ownerPending', 403], ['agentElsewhere', 404], ['supervisorElsewhere', 404],
    ])('POST /api/cases for a public area of the home community as %s → %i', async (who, status) => {
      const res = await ctx.as(actors[who]).post('/api/cases')
        .send({ type: 'repair', category: '电梯', description: '电梯按钮失灵', communityId: home.communityId, location: '1栋 电梯厅' });
      expect(res.status).toBe(status);
    });
  });

  describe('everything else', () => {
    let pendingBindings: string[] = [];
    const freshPendingBinding = async (): Promise<string> => {
      const owner = await ctx.newOwner();
      const res = await ctx.as(owner).post('/api/me/houses')
        .send({ houseId: home.houseIds[2], relation: 'family', name: '家属', phone: '13700137000' }).expect(201);
      return res.body.id;
    };
    const freshApprovedBinding = async (): Promise<string> => {
      const id = await freshPendingBinding();
      await ctx.as(ctx.admin).post(`/api/house-bindings/${id}/approve`).expect(200);
      return id;
    };
    let uploadUrl = '';
    let counter = 0;

    beforeAll(async () => {
      pendingBindings = [await freshPendingBinding()];
      uploadUrl = (await ctx.as(ctx.admin).post('/api/uploads').attach('file', PNG_1X1, 'a.png').expect(201)).body.url;
    });

    const staffOnly = (ok: number) => (who: Who) => (ROLE[who] === 'owner' || ROLE[who] === 'handler' ? 403 : ok);
    const agentUpScoped = (ok: number, refused: number) => (who: Who) =>
      ROLE[who] === 'owner' || ROLE[who] === 'handler' ? 403 : who.endsWith('Elsewhere') ? refused : ok;
    const adminOnly = (ok: number) => (who: Who) => (who === 'admin' ? ok : 403);
    const anyone = (ok: number) => () => ok;
    /** A house of the home community that nothing names, for a correction or a deletion. */
    const spareHouse = async (): Promise<string> => (await ctx.db.query(
      `INSERT INTO houses (community_id, building, unit, room) VALUES ($1, '8栋', '', $2) RETURNING id`, [home.communityId, `${++counter}`]))[0].id;

    interface Row { route: string; send: (who: Who) => Promise<Response>; expect: (who: Who) => number }
    const rows: Row[] = [
      { route: 'get /api/me', send: (w) => ctx.as(actors[w]).get('/api/me'), expect: anyone(200) },
      { route: 'get /api/communities', send: (w) => ctx.as(actors[w]).get('/api/communities'), expect: anyone(200) },
      {
        route: 'post /api/communities',
        send: (w) => ctx.as(actors[w]).post('/api/communities').send({ name: `新小区${++counter}`, code: `NEW${counter}X` }),
        expect: adminOnly(201),
      },
      {
        // The default categories, as the community already has them: nothing changes for the other rows.
        route: 'patch /api/communities/{id}',
        send: (w) => ctx.as(actors[w]).patch(`/api/communities/${home.communityId}`).send({ categories: null }),
        expect: adminOnly(200),
      },
      {
        route: 'post /api/communities/{id}/houses',
        send: (w) => ctx.as(actors[w]).post(`/api/communities/${home.communityId}/houses`).send({ houses: [{ building: '9栋', unit: '', room: `${++counter}` }] }),
        expect: adminOnly(201),
      },
      {
        route: 'patch /api/communities/{id}/houses/{houseId}',
        send: async (w) => ctx.as(actors[w]).patch(`/api/communities/${home.communityId}/houses/${await spareHouse()}`).send({ unit: '2单元' }),
        expect: adminOnly(200),
      },
      {
        route: 'delete /api/communities/{id}/houses/{houseId}',
        send: async (w) => ctx.as(actors[w]).delete(`/api/communities/${home.communityId}/houses/${await spareHouse()}`),
        expect: adminOnly(204),
      },
      { route: 'get /api/communities/{id}/houses', send: (w) => ctx.as(actors[w]).get(`/api/communities/${home.communityId}/houses`), expect: anyone(200) },
      { route: 'get /api/communities/{id}/buildings', send: (w) => ctx.as(actors[w]).get(`/api/communities/${home.communityId}/buildings`), expect: anyone(200) },
      {
        route: 'get /api/communities/{id}/sla-policies',
        send: (w) => ctx.as(actors[w]).get(`/api/communities/${home.communityId}/sla-policies`),
        expect: agentUpScoped(200, 404),
      },
      {
        route: 'put /api/communities/{id}/sla-policies',
        send: (w) => ctx.as(actors[w]).put(`/api/communities/${home.communityId}/sla-policies`)
          .send({ type: 'suggestion', urgency: 'urgent', respondMinutes: 600, resolveMinutes: 7200 }),
        expect: (w) => (ROLE[w] === 'agent' ? 403 : agentUpScoped(200, 404)(w)),
      },
      {
        route: 'delete /api/communities/{id}/sla-policies/{type}/{urgency}',
        send: (w) => ctx.as(actors[w]).delete(`/api/communities/${home.communityId}/sla-policies/suggestion/urgent`),
        expect: (w) => (ROLE[w] === 'agent' ? 403 : agentUpScoped(200, 404)(w)),
      },
      {
        route: 'post /api/staff',
        send: (w) => ctx.as(actors[w]).post('/api/staff')
          .send({ username: `staff${++counter}x`, password: 'password123', name: '新人', role: 'agent', communityIds: [home.communityId] }),
        expect: adminOnly(201),
      },
      {
        route: 'patch /api/staff/{id}',
        send: (w) => ctx.as(actors[w]).patch(`/api/staff/${actors.handler.id}`).send({ phone: '13900139000' }),
        expect: adminOnly(200),
      },
      { route: 'get /api/staff', send: (w) => ctx.as(actors[w]).get('/api/staff'), expect: staffOnly(200) },
      {
        route: 'post /api/me/houses',
        send: (w) => ctx.as(actors[w]).post('/api/me/houses').send({ houseId: home.houseIds[3], relation: 'owner', name: '业主', phone: '13600136000' }),
        expect: (w) => (ROLE[w] === 'owner' ? 201 : 403),
      },
      {
        route: 'delete /api/me/houses/{id}',
        // Owners end a binding of their own (applied for just now); anyone else is refused by role.
        send: async (w) => {
          const own = ROLE[w] === 'owner'
            ? (await ctx.as(actors[w]).post('/api/me/houses')
              .send({ houseId: home.houseIds[2], relation: 'tenant', name: '租户', phone: '13500135000' }).expect(201)).body.id
            : await freshPendingBinding();
          return ctx.as(actors[w]).delete(`/api/me/houses/${own}`);
        },
        expect: (w) => (ROLE[w] === 'owner' ? 200 : 403),
      },
      { route: 'get /api/house-bindings', send: (w) => ctx.as(actors[w]).get('/api/house-bindings'), expect: staffOnly(200) },
      {
        route: 'post /api/house-bindings/{id}/approve',
        send: async (w) => ctx.as(actors[w]).post(`/api/house-bindings/${pendingBindings.pop() ?? (await freshPendingBinding())}/approve`),
        expect: agentUpScoped(200, 404),
      },
      {
        route: 'post /api/house-bindings/{id}/reject',
        send: async (w) => ctx.as(actors[w]).post(`/api/house-bindings/${pendingBindings.pop() ?? (await freshPendingBinding())}/reject`),
        expect: agentUpScoped(200, 404),
      },
      {
        route: 'post /api/house-bindings/{id}/revoke',
        send: async (w) => ctx.as(actors[w]).post(`/api/house-bindings/${await freshApprovedBinding()}/revoke`),
        expect: agentUpScoped(200, 404),
      },
      { route: 'post /api/uploads', send: (w) => ctx.as(actors[w]).post('/api/uploads').attach('file', PNG_1X1, 'p.png'), expect: anyone(201) },
      { route: 'get /api/uploads/{id}/content', send: (w) => ctx.as(actors[w]).get(uploadUrl), expect: anyone(200) },
      {
        // Each deletes a photo of their own; another's is tested in uploads.e2e-spec.ts.
        route: 'delete /api/uploads/{id}',
        send: async (w) => {
          const { id } = (await ctx.as(actors[w]).post('/api/uploads').attach('file', PNG_1X1, 'd.png').expect(201)).body;
          return ctx.as(actors[w]).delete(`/api/uploads/${id}`);
        },
        expect: anyone(204),
      },
      { route: 'get /api/health', send: (w) => ctx.as(actors[w]).get('/api/health'), expect: anyone(200) },
      // On an owner of their own: stopping one of the actors would break the other rows.
      {
        route: 'post /api/owners/{id}/disable',
        send: async (w) => ctx.as(actors[w]).post(`/api/owners/${(await ctx.newOwner()).id}/disable`),
        expect: adminOnly(200),
      },
      { route: 'post /api/owners/{id}/enable', send: async (w) => ctx.as(actors[w]).post(`/api/owners/${(await ctx.newOwner()).id}/enable`), expect: adminOnly(200) },
      {
        // A wrong current password: staff are heard (and refused for it: nothing changes), owners refused by role.
        route: 'post /api/auth/password',
        send: (w) => ctx.as(actors[w]).post('/api/auth/password').send({ currentPassword: 'not-the-password', newPassword: 'new-secret-42' }),
        expect: (w) => (ROLE[w] === 'owner' ? 403 : 400),
      },
    ];
    // Public routes: logging in is tested in auth.e2e-spec.ts; here, only that they need no token.
    const PUBLIC = ['post /api/auth/wechat', 'post /api/auth/login', 'post /api/auth/demo', 'get /api/auth/options'];
    const CASE_ROUTES = [
      'post /api/cases', 'get /api/cases', 'get /api/cases/counts', 'get /api/cases/{id}', 'post /api/cases/{id}/subscriptions',
      ...CASE_ACTIONS.map((a) => `post /api/cases/{id}/${a}`),
    ];

    it.each(rows.flatMap((row) => WHO.map((who) => [row.route, who, row] as const)))('%s as %s', async (_route, who, row) => {
      const res = await row.send(who);
      expect(res.status).toBe(row.expect(who));
      expectErrorShape(res);
    });

    it.each(rows.filter((r) => !r.route.includes('/content') && !r.route.includes('/health')))('$route needs a token', async (row) => {
      const [method, path] = row.route.split(' ');
      const url = path.replace('{id}', home.communityId).replace('{type}', 'repair').replace('{urgency}', 'normal').replace('{houseId}', home.communityId);
      const res = await ctx.http[method as 'get' | 'post' | 'put' | 'delete'](url).send({});
      expect(res.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: ERROR_CODES.UNAUTHENTICATED.message });
    });

    it('lists to staff elsewhere none of the home community\'s staff or bindings', async () => {
      const staff = await ctx.as(actors.agentElsewhere).get('/api/staff').expect(200);
      expect(staff.body.map((s: { id: string }) => s.id)).not.toContain(actors.handler.id);
      const bindings = await ctx.as(actors.supervisorElsewhere).get('/api/house-bindings?pageSize=100').expect(200);
      expect(bindings.body.items.filter((b: { communityId: string }) => b.communityId === home.communityId)).toEqual([]);
      const mine = await ctx.as(actors.agent).get('/api/house-bindings?pageSize=100').expect(200);
      expect(mine.body.items.length).toBeGreaterThan(0);
    });

    it('keeps the reports to supervisors and admins, within their communities', async () => {
      const docs = await ctx.http.get('/api/docs-json').expect(200);
      const reports = Object.keys(docs.body.paths).filter((p) => p.startsWith('/api/reports'));
      expect(reports).toContain('/api/reports/targets/suggested');
      for (const path of reports) {
        const url = `${path}?from=2026-11-01&to=2026-12-01&communityId=${home.communityId}`;
        for (const who of ['supervisor', 'admin'] as const) {
          expect({ path, who, status: (await ctx.as(actors[who]).get(url)).status }).toEqual({ path, who, status: 200 });
        }
        for (const who of ['ownerOwn', 'agent', 'handler'] as const) {
          expect({ path, who, status: (await ctx.as(actors[who]).get(url)).status }).toEqual({ path, who, status: 403 });
        }
        // Another community's supervisor is told the community does not exist (not that it is someone else's).
        const outsider = await ctx.as(actors.supervisorElsewhere).get(url);
        expect({ path, status: outsider.status, code: outsider.body.code }).toEqual({ path, status: 404, code: 'COMMUNITY_NOT_FOUND' });
      }
    });

    it('has a row for every route the API offers', async () => {
      const docs = await ctx.http.get('/api/docs-json').expect(200);
      const offered = Object.entries(docs.body.paths as Record<string, object>)
        .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
        .filter((route) => !route.includes(' /api/reports'));
      const covered = new Set([...rows.map((r) => r.route), ...PUBLIC, ...CASE_ROUTES]);
      expect(offered.filter((route) => !covered.has(route))).toEqual([]);
    });
  });
});
