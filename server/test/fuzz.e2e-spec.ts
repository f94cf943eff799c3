import { CASE_ACTIONS, CASE_STATUSES, CASE_TRANSITIONS, type CaseAction, type CaseStatus } from '@wuye/shared';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { caseIn, newCrew, nextOwner, type Crew } from './support/scenario';
import { TestContext, type Actor } from './support/test-context';

/**
 * Property tests over the main routes' bodies, queries and path parameters, for every role:
 * never a 5xx, every error `{ statusCode, code, message }`, and a refused request changes no table.
 * A fixed seed and few runs in `npm test`; FUZZ_RUNS=2000 (npm run fuzz) runs longer.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const ROLES = ['owner', 'agent', 'handler', 'supervisor', 'admin'] as const;

const COUNTED = ['cases', 'case_events', 'verifications', 'ratings', 'follow_ups', 'uploads', 'users', 'communities', 'houses',
  'house_bindings', 'notification_consents', 'notification_outbox', 'sla_policies', 'case_number_counters'];
const COUNT_SQL = `SELECT ${COUNTED.map((t) => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(', ')}`;

// ---- generators -------------------------------------------------------------------------------

const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }), // any code point, NUL and lone surrogates included
  fc.constantFrom('', ' ', '\u0000', "'; DROP TABLE cases; --", '<img src=x onerror=alert(1)>', '../../etc/passwd', '长'.repeat(2001)),
);
const anyScalar = fc.oneof(
  anyText,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53, null, true, false),
);
const anyValue = fc.oneof(
  { weight: 4, arbitrary: anyScalar },
  { weight: 1, arbitrary: fc.array(anyScalar, { maxLength: 12 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), anyScalar, { maxKeys: 3 }) },
);

/**
 * Either a good body (required fields with good values, optional ones sometimes, nothing else) or
 * one that mixes fields the route knows (with good or bad values) and fields it must refuse.
 */
function bodyOf(goodFields: Record<string, fc.Arbitrary<unknown>>, required: string[] = []): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(goodFields);
  const good = fc.tuple(...entries.map(([key, value]) =>
    required.includes(key) ? value.map((v) => [key, v] as const) : fc.option(value.map((v) => [key, v] as const), { nil: undefined })))
    .map((pairs) => Object.fromEntries(pairs.filter((p): p is readonly [string, unknown] => p !== undefined)));
  const known = entries.map(([key, value]) => fc.option(fc.tuple(fc.constant(key), fc.oneof(value, anyValue)), { nil: undefined }));
  const extra = fc.option(fc.tuple(fc.constantFrom('id', 'status', 'number', 'createdById', '__proto__', 'x'), anyValue), { nil: undefined, freq: 4 });
  const mixed = fc.tuple(fc.tuple(...known), extra).map(([pairs, more]) =>
    Object.fromEntries([...pairs, more].filter((p): p is [string, unknown] => p !== undefined)));
  return fc.oneof(good, mixed);
}

const uuid = fc.uuid();
const note = fc.string({ minLength: 1, maxLength: 50 });
const actionBodies = (handlerId: string): Record<CaseAction, fc.Arbitrary<Record<string, unknown>>> => ({
  accept: bodyOf({ note }),
  reply: bodyOf({ note, photoIds: fc.array(uuid, { maxLength: 2 }) }, ['note']),
  assign: bodyOf({ handlerId: fc.oneof(fc.constant(handlerId), uuid), note }, ['handlerId']),
  start: bodyOf({ note }),
  hold: bodyOf({ reason: note }, ['reason']),
  resume: bodyOf({ note }),
  note: bodyOf({ note, photoIds: fc.array(uuid, { maxLength: 10 }) }, ['note']),
  resolve: bodyOf({ note, photoIds: fc.array(uuid, { maxLength: 2 }) }, ['note']),
  verify: bodyOf({ fixed: fc.constantFrom('yes', 'no', 'partly'), reason: note }, ['fixed']),
  rate: bodyOf({ overall: fc.integer({ min: 1, max: 5 }), speed: fc.integer({ min: 1, max: 5 }), tags: fc.array(note, { maxLength: 3 }), comment: note }, ['overall']),
  'follow-up': bodyOf({ method: fc.constantFrom('phone', 'onsite'), result: fc.constantFrom('satisfied', 'unsatisfied', 'unreachable'), note }, ['method', 'result']),
  close: bodyOf({ note }),
  cancel: bodyOf({ reason: note, duplicateOf: uuid }, ['reason']),
  reopen: bodyOf({ reason: note }, ['reason']),
  urge: bodyOf({ note }),
});

// ---- the suite --------------------------------------------------------------------------------

describe('fuzz', () => {
  let ctx: TestContext;
  let crew: Crew;
  let actors: Record<(typeof ROLES)[number], () => Actor>;
  const casesByStatus = new Map<CaseStatus, string>();

  beforeAll(async () => {
    ctx = await TestContext.create();
    crew = await newCrew(ctx, await ctx.newWorld(), 6);
    actors = { owner: () => nextOwner(crew), agent: () => crew.agent, handler: () => crew.handler, supervisor: () => crew.supervisor, admin: () => ctx.admin };
    for (const status of CASE_STATUSES) casesByStatus.set(status, (await caseIn(ctx, crew, status)).id);
  });
  afterAll(() => ctx?.close());

  const counts = async () => (await ctx.db.query(COUNT_SQL))[0];
  /** Status classes seen per property, so a generator that only ever produces refusals is noticed. */
  let seen = new Set<string>();
  beforeEach(() => {
    seen = new Set();
  });

  /** The properties every answer must have; a refusal must also leave every table as it was. */
  async function check(send: () => Promise<Response>): Promise<void> {
    const before = await counts();
    const res = await send();
    seen.add(`${Math.floor(res.status / 100)}xx`);
    expect(res.status).toBeLessThan(500);
    if (res.status >= 400) {
      expect(res.body).toEqual(expect.objectContaining({ statusCode: res.status, code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) }));
      expect(Object.keys(res.body).filter((k) => !['statusCode', 'code', 'message', 'details'].includes(k))).toEqual([]);
      expect(await counts()).toEqual(before);
    }
  }

  const options = { seed: SEED, numRuns: RUNS, endOnFailure: true };
  const role = fc.constantFrom(...ROLES);

  it('POST /api/cases', async () => {
    const body = bodyOf({
      type: fc.constantFrom('repair', 'complaint', 'inquiry'),
      category: fc.constantFrom('水电', '电梯'),
      description: fc.constantFrom('漏水', '门坏了 <b>急</b>', "'; DROP TABLE cases; --"),
      houseId: fc.constantFrom(crew.houseId, crew.world.houseIds[1]),
      urgency: fc.constantFrom('normal', 'urgent'),
      communityId: fc.constant(crew.world.communityId),
      location: note,
      photoIds: fc.constant([]),
      channel: fc.constant('miniapp'),
      contactPhone: fc.constant('13800138000'),
    }, ['type', 'category', 'description', 'houseId']);
    const key = fc.option(fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(/^[a-z0-9]{8,20}$/)), { nil: undefined });
    await fc.assert(fc.asyncProperty(role, body, key, async (r, b, k) => {
      await check(() => {
        const req = ctx.as(actors[r]()).post('/api/cases');
        return (k === undefined ? req : req.set('Idempotency-Key', encodeURIComponent(k))).send(b);
      });
    }), options);
    expect([...seen].sort()).toEqual(['2xx', '4xx']);
  });

  it('POST /api/cases/:id/{action}', async () => {
    const bodies = actionBodies(crew.handler.id);
    const caseIds = [...casesByStatus.values()];
    // Half the runs take an action the table offers in the case's current state, by a role it names.
    await fc.assert(fc.asyncProperty(role, fc.constantFrom(...CASE_ACTIONS), fc.nat(), fc.boolean(), fc.nat(), async (r, a, pick, legal, seed) => {
      const caseId = caseIds[pick % caseIds.length];
      const [{ status }] = await ctx.db.query('SELECT status FROM cases WHERE id = $1', [caseId]);
      const offered = Object.entries(CASE_TRANSITIONS[status as CaseStatus]);
      const [action, who] = legal && offered.length
        ? [offered[seed % offered.length][0] as CaseAction, offered[seed % offered.length][1]!.roles[seed % offered[seed % offered.length][1]!.roles.length]]
        : [a, r];
      const body = fc.sample(bodies[action], { seed, numRuns: 1 })[0];
      await check(() => ctx.as(actors[who]()).post(`/api/cases/${caseId}/${action}`).send(body));
    }), options);
    expect([...seen].sort()).toEqual(['2xx', '4xx']);
  });

  it('path ids on every case route', async () => {
    const id = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), uuid, fc.constantFrom('..', '%00', 'null', '0', '-1', '1e308'));
    const route = fc.constantFrom('', '/accept', '/verify', '/subscriptions', '/urge');
    await fc.assert(fc.asyncProperty(role, id, route, async (r, raw, suffix) => {
      const path = `/api/cases/${encodeURIComponent(raw)}${suffix}`;
      await check(() => (suffix ? ctx.as(actors[r]()).post(path).send({}) : ctx.as(actors[r]()).get(path)));
    }), options);
  });

  it('path ids of ending a house binding, deleting a photo and restarting an owner, and the bindings list\'s query strings', async () => {
    const id = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), uuid, fc.constantFrom('..', '%00', 'null', '0'));
    const query = fc.dictionary(
      fc.constantFrom('page', 'pageSize', 'status', 'communityId', 'q'),
      fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('revoked', 'approved', '%', '_', '\\', "'; --", crew.world.communityId)),
      { maxKeys: 3 },
    );
    const request = fc.oneof(
      id.map((raw) => (r: (typeof ROLES)[number]) => ctx.as(actors[r]()).delete(`/api/me/houses/${encodeURIComponent(raw)}`)),
      id.map((raw) => (r: (typeof ROLES)[number]) => ctx.as(actors[r]()).post(`/api/house-bindings/${encodeURIComponent(raw)}/revoke`).send({})),
      id.map((raw) => (r: (typeof ROLES)[number]) => ctx.as(actors[r]()).delete(`/api/uploads/${encodeURIComponent(raw)}`)),
      id.map((raw) => (r: (typeof ROLES)[number]) => ctx.as(actors[r]()).post(`/api/owners/${encodeURIComponent(raw)}/enable`).send({})),
      query.map((q) => (r: (typeof ROLES)[number]) => ctx.as(actors[r]()).get(`/api/house-bindings?${new URLSearchParams(q)}`)),
    );
    await fc.assert(fc.asyncProperty(role, request, async (r, send) => {
      await check(() => send(r));
    }), options);
  });

  it('GET /api/cases and /api/cases/counts query strings', async () => {
    const query = fc.dictionary(
      fc.constantFrom('page', 'pageSize', 'status', 'type', 'communityId', 'assignee', 'overdue', 'sort', 'q'),
      fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String), fc.constantFrom('101', '100', '0', 'submitted,closed', 'me', 'true', crew.world.communityId)),
      { maxKeys: 4 },
    );
    await fc.assert(fc.asyncProperty(role, query, fc.boolean(), async (r, q, counts) => {
      await check(() => ctx.as(actors[r]()).get(`/api/cases${counts ? '/counts' : ''}?${new URLSearchParams(q)}`));
    }), options);
  });

  it('other writes: bindings, login, own password, SLA policies, communities, staff', async () => {
    // Staff changes go to an account of their own (a stop or a new password must not sign out the
    // actors the other properties use), to an owner and to no one.
    const changed = await ctx.newStaff('agent', [crew.world.communityId]);
    const staffTarget = fc.constantFrom(changed.id, nextOwner(crew).id, '00000000-0000-4000-8000-000000000000');
    // Houses of their own for corrections and deletions (the crew's house carries the other properties' cases).
    const [corrected, deletable] = await Promise.all(['1', '2'].map(async (room) => (await ctx.db.query(
      `INSERT INTO houses (community_id, building, unit, room) VALUES ($1, '模糊测试楼', '', $2) RETURNING id`, [crew.world.communityId, room]))[0].id as string));
    const houseTarget = (id: string) => fc.constantFrom(id, '00000000-0000-4000-8000-000000000000');
    const requests = fc.oneof(
      bodyOf({ houseId: fc.constantFrom(crew.world.houseIds[2], crew.world.houseIds[3]), relation: fc.constantFrom('owner', 'tenant', 'x'), name: note, phone: fc.constantFrom('13800138000', '1') })
        .map((b) => ['post', '/api/me/houses', b] as const),
      bodyOf({ username: note, password: note }).map((b) => ['post', '/api/auth/login', b] as const),
      // Never the actors' real password ('password123' is not a note): a change would sign them out.
      bodyOf({ currentPassword: note, newPassword: note }).map((b) => ['post', '/api/auth/password', b] as const),
      bodyOf({ type: fc.constantFrom('repair', 'x'), urgency: fc.constantFrom('normal', 'urgent'), respondMinutes: fc.integer({ min: -5, max: 50_000 }), resolveMinutes: fc.integer({ min: -5, max: 200_000 }), followUpPolicy: fc.constantFrom('always', 'never', 'x') })
        .map((b) => ['put', `/api/communities/${crew.world.communityId}/sla-policies`, b] as const),
      bodyOf({ name: note, code: fc.stringMatching(/^[A-Z][A-Z0-9]{0,11}$/), categories: fc.array(note, { maxLength: 3 }) })
        .map((b) => ['post', '/api/communities', b] as const),
      bodyOf({ username: fc.stringMatching(/^[a-z]{2,8}$/), password: note, name: note, role: fc.constantFrom('agent', 'owner'), communityIds: fc.array(uuid, { maxLength: 2 }) })
        .map((b) => ['post', '/api/staff', b] as const),
      fc.tuple(houseTarget(corrected), bodyOf({ building: note, unit: note, room: note }))
        .map(([id, b]) => ['patch', `/api/communities/${crew.world.communityId}/houses/${id}`, b] as const),
      houseTarget(deletable).map((id) => ['delete', `/api/communities/${crew.world.communityId}/houses/${id}`, {}] as const),
      fc.tuple(staffTarget, bodyOf({
        name: note, role: fc.constantFrom('agent', 'handler', 'owner'), communityIds: fc.array(fc.oneof(fc.constant(crew.world.communityId), uuid), { maxLength: 2 }),
        phone: fc.constantFrom('13900139000', null, 'x'), password: note, active: fc.boolean(),
      })).map(([id, b]) => ['patch', `/api/staff/${id}`, b] as const),
    );
    await fc.assert(fc.asyncProperty(role, requests, async (r, [method, path, body]) => {
      await check(() => ctx.as(actors[r]())[method](path).send(body));
    }), options);
  });

  it('raw bodies that are not JSON objects', async () => {
    const raw = fc.oneof(fc.string({ maxLength: 60 }), fc.json(), fc.constantFrom('{', '[]', 'null', '"x"', '{"a":1}{', '\u0000'));
    const path = fc.constantFrom('/api/cases', `/api/cases/${crew.houseId}/accept`, '/api/me/houses', '/api/auth/login');
    await fc.assert(fc.asyncProperty(role, raw, path, async (r, body, p) => {
      await check(() => ctx.as(actors[r]()).post(p).set('Content-Type', 'application/json').send(body));
    }), options);
  });
});
