import { CASE_ACTIONS, ERROR_CODES, type CaseAction, type CaseDetailResponse, type CaseStatus } from '@wuye/shared';
import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import { caseIn, newCrew, nextOwner, type Crew } from './support/scenario';
import { TestContext, type Actor, type World } from './support/test-context';

/**
 * Bad input for every route: wrong types, unknown or server-owned fields, over-long text, bad ids,
 * bad pages, broken JSON. Each answer is a 4xx with `{ statusCode, code, message }`, and no table
 * changes. Every action is tried on a case in a state where a good body would succeed, so the
 * refusal is about the input alone.
 */

const TABLES = [
  'cases', 'case_events', 'verifications', 'ratings', 'follow_ups', 'uploads', 'users', 'communities', 'houses', 'house_bindings',
  'notification_consents', 'notification_outbox', 'sla_policies', 'case_number_counters',
];

const long = (n: number) => '长'.repeat(n);
const uuids = (n: number) => Array.from({ length: n }, () => randomUUID());

type Who = 'owner' | 'agent' | 'supervisor' | 'admin';
interface Row {
  label: string;
  who: Who;
  method: 'get' | 'post' | 'put';
  /** Path (may use :case for a case in `status`, :community, :house). */
  path: string;
  status?: CaseStatus;
  body?: unknown;
  /** Sent as the raw request body with a JSON content type. */
  raw?: string;
  headers?: Record<string, string>;
  expect: [number, string];
}

const V: [number, string] = [400, 'VALIDATION_FAILED'];
const U: [number, string] = [400, 'UNKNOWN_FIELD'];
const M: [number, string] = [400, 'MALFORMED_REQUEST'];
const ID: [number, string] = [400, 'INVALID_ID'];

const goodCase = { type: 'repair', category: '水电', description: '卫生间漏水' };
const create = (label: string, body: unknown, expect: [number, string] = V, extra: Partial<Row> = {}): Row =>
  ({ label: `create: ${label}`, who: 'owner', method: 'post', path: '/api/cases', body, expect, ...extra });

const ACTION_STATUS: Record<CaseAction, CaseStatus> = {
  accept: 'submitted', reply: 'accepted', assign: 'accepted', start: 'assigned', hold: 'in_progress', resume: 'on_hold',
  note: 'in_progress', resolve: 'in_progress', verify: 'resolved', rate: 'confirmed', 'follow-up': 'confirmed', close: 'confirmed',
  cancel: 'submitted', reopen: 'closed', urge: 'submitted',
};
const ACTOR_OF: Record<CaseAction, Who> = {
  accept: 'agent', reply: 'agent', assign: 'agent', start: 'supervisor', hold: 'supervisor', resume: 'supervisor', note: 'agent',
  resolve: 'supervisor', verify: 'owner', rate: 'owner', 'follow-up': 'agent', close: 'agent', cancel: 'agent', reopen: 'supervisor',
  urge: 'owner',
};
const act = (action: CaseAction, label: string, body: unknown, expect: [number, string] = V): Row =>
  ({ label: `${action}: ${label}`, who: ACTOR_OF[action], method: 'post', path: `/api/cases/:case/${action}`, status: ACTION_STATUS[action], body, expect });

const ROWS: Row[] = [
  // ---- case submission -------------------------------------------------------------------------
  create('server-owned id', { ...goodCase, houseId: ':house', id: randomUUID() }, U),
  create('server-owned status', { ...goodCase, houseId: ':house', status: 'closed' }, U),
  create('server-owned number', { ...goodCase, houseId: ':house', number: 'HY-20261130-0001' }, U),
  create('server-owned assigneeId', { ...goodCase, houseId: ':house', assigneeId: randomUUID() }, U),
  create('__proto__ smuggling a status', JSON.parse(`{"type":"repair","category":"水电","description":"x","houseId":":house","__proto__":{"status":"closed"}}`), U),
  create('unknown type', { ...goodCase, houseId: ':house', type: 'request' }),
  create('type as a number', { ...goodCase, houseId: ':house', type: 1 }),
  create('empty description', { ...goodCase, houseId: ':house', description: '' }),
  create('blank description', { ...goodCase, houseId: ':house', description: '   \n ' }),
  create('description of 2001 characters', { ...goodCase, houseId: ':house', description: long(2001) }),
  create('description as an array', { ...goodCase, houseId: ':house', description: ['漏水'] }),
  create('description as an object', { ...goodCase, houseId: ':house', description: { text: '漏水' } }),
  create('description with a NUL character', { ...goodCase, houseId: ':house', description: 'a\u0000b' }),
  create('houseId not a UUID', { ...goodCase, houseId: "1' OR '1'='1" }),
  create('houseId unknown', { ...goodCase, houseId: randomUUID() }, [404, 'HOUSE_NOT_FOUND']),
  create('neither house nor public area', { ...goodCase }, [400, 'CASE_TARGET_INVALID']),
  create('public area without location', { ...goodCase, communityId: ':community' }, [400, 'CASE_TARGET_INVALID']),
  create('location of 201 characters', { ...goodCase, communityId: ':community', location: long(201) }),
  create('house of another community than communityId', { ...goodCase, houseId: ':house', communityId: randomUUID() }, [400, 'CASE_TARGET_INVALID']),
  create('category not in the community', { ...goodCase, houseId: ':house', category: '火星' }, [400, 'CATEGORY_INVALID']),
  create('category of 31 characters', { ...goodCase, houseId: ':house', category: long(31) }),
  create('unknown urgency', { ...goodCase, houseId: ':house', urgency: 'asap' }),
  create('urgency as a huge number', { ...goodCase, houseId: ':house', urgency: 1e308 }),
  create('owner choosing a staff channel', { ...goodCase, houseId: ':house', channel: 'phone' }),
  create('staff recording a case as from the mini-program', { ...goodCase, houseId: ':house', channel: 'miniapp' }, V, { who: 'agent' }),
  create('10 photos', { ...goodCase, houseId: ':house', photoIds: uuids(10) }),
  create('photo ids not UUIDs', { ...goodCase, houseId: ':house', photoIds: ['../../etc/passwd'] }),
  create('photoIds as a string', { ...goodCase, houseId: ':house', photoIds: randomUUID() }),
  create('photos nobody uploaded', { ...goodCase, houseId: ':house', photoIds: uuids(2) }, [400, 'PHOTO_INVALID']),
  create('contact phone of letters', { ...goodCase, houseId: ':house', contactPhone: 'call me' }),
  create('an array instead of an object', [goodCase], M),
  create('an empty body', {}),
  create('invalid JSON', undefined, M, { raw: '{"type": "repair", ' }),
  create('a JSON string', undefined, M, { raw: '"repair"' }),
  create('JSON null', undefined, M, { raw: 'null' }),
  create('a body over the size limit', undefined, [413, 'PAYLOAD_TOO_LARGE'], { raw: JSON.stringify({ ...goodCase, description: 'x'.repeat(300_000) }) }),
  create('an idempotency key too short', { ...goodCase, houseId: ':house' }, V, { headers: { 'Idempotency-Key': 'abc' } }),
  create('an idempotency key with spaces', { ...goodCase, houseId: ':house' }, V, { headers: { 'Idempotency-Key': 'abc def ghi jkl' } }),

  // ---- lists and ids ---------------------------------------------------------------------------
  ...([
    ['pageSize=101', [400, 'PAGE_SIZE_TOO_LARGE']],
    ['pageSize=1000000', [400, 'PAGE_SIZE_TOO_LARGE']],
    ['pageSize=0', V],
    ['pageSize=2.5', V],
    ['page=0', V],
    ['page=-1', V],
    ['page=abc', V],
    ['page=1e400', V],
    ['page=99999999999', V],
    ['page=1000000&pageSize=100', V],
    ['page=101&pageSize=100', V],
    ['status=done', V],
    ['status=submitted,done', V],
    ['type=request', V],
    ['communityId=1%20OR%201%3D1', V],
    ['assignee=you', V],
    ['overdue=yes', V],
    ['sort=id', U],
    ['page=1&page=2', V],
  ] as const).map(([query, expect]): Row => ({ label: `list: ${query}`, who: 'agent', method: 'get', path: `/api/cases?${query}`, expect: [...expect] })),
  { label: 'bindings list: pageSize=101', who: 'agent', method: 'get', path: '/api/house-bindings?pageSize=101', expect: [400, 'PAGE_SIZE_TOO_LARGE'] },
  { label: 'bindings list: status=maybe', who: 'agent', method: 'get', path: '/api/house-bindings?status=maybe', expect: V },
  { label: 'counts: communityId=x', who: 'agent', method: 'get', path: '/api/cases/counts?communityId=x', expect: V },
  { label: 'houses: unknown query field', who: 'owner', method: 'get', path: '/api/communities/:community/houses?floor=3', expect: U },
  ...['not-a-uuid', '123', "1'%20OR%20'1'%3D'1", '%3Cscript%3E', '00000000-0000-0000-0000-00000000000g', '..%2F..%2Fetc%2Fpasswd']
    .map((id): Row => ({ label: `detail: id ${id}`, who: 'agent', method: 'get', path: `/api/cases/${id}`, expect: ID })),
  { label: 'detail: unknown UUID', who: 'agent', method: 'get', path: `/api/cases/${randomUUID()}`, expect: [404, 'CASE_NOT_FOUND'] },
  ...CASE_ACTIONS.map((action): Row => ({ label: `${action}: id not a UUID`, who: ACTOR_OF[action], method: 'post', path: `/api/cases/x1/${action}`, body: {}, expect: ID })),
  ...CASE_ACTIONS.map((action): Row => act(action, 'server-owned status field', { status: 'closed', ...validBody(action) }, U)),
  ...CASE_ACTIONS.map((action): Row => act(action, 'an array body', [validBody(action)], M)),
  { label: 'approve binding: id not a UUID', who: 'agent', method: 'post', path: '/api/house-bindings/abc/approve', expect: ID },
  { label: 'approve binding: unknown UUID', who: 'agent', method: 'post', path: `/api/house-bindings/${randomUUID()}/approve`, expect: [404, 'BINDING_NOT_FOUND'] },
  { label: 'houses: id not a UUID', who: 'admin', method: 'post', path: '/api/communities/abc/houses', body: { houses: [{ building: '1', unit: '', room: '1' }] }, expect: ID },
  { label: 'upload content: id not a UUID', who: 'owner', method: 'get', path: '/api/uploads/..%2F..%2Fpackage.json/content?exp=1&sig=x', expect: ID },
  { label: 'unknown route', who: 'owner', method: 'get', path: '/api/nothing-here', expect: [404, 'ROUTE_NOT_FOUND'] },

  // ---- action bodies ---------------------------------------------------------------------------
  act('accept', 'note of 1001 characters', { note: long(1001) }),
  act('accept', 'note as a number', { note: 5 }),
  act('reply', 'no note', {}),
  act('reply', 'blank note', { note: '  ' }),
  act('reply', 'note of 1001 characters', { note: long(1001) }),
  act('assign', 'no handler', {}),
  act('assign', 'handlerId not a UUID', { handlerId: 'bob' }),
  act('assign', 'handlerId unknown', { handlerId: randomUUID() }, [400, 'HANDLER_INVALID']),
  act('assign', 'handlerId of an agent', { handlerId: ':agent' }, [400, 'HANDLER_INVALID']),
  act('assign', 'handlerId of a handler of another community', { handlerId: ':handlerElsewhere' }, [400, 'HANDLER_INVALID']),
  act('start', 'note as an object', { note: { a: 1 } }),
  act('hold', 'no reason', {}),
  act('hold', 'reason of 501 characters', { reason: long(501) }),
  act('resume', 'unknown field', { reason: '好了' }, U),
  act('note', '10 photos', { note: '照片', photoIds: uuids(10) }),
  act('note', 'duplicate photos', { note: '照片', photoIds: [':same', ':same'] }),
  act('note', 'photos nobody uploaded', { note: '照片', photoIds: uuids(1) }, [400, 'PHOTO_INVALID']),
  act('resolve', 'no note', {}),
  act('verify', 'unknown answer', { fixed: 'maybe' }),
  act('verify', 'fixed as a boolean', { fixed: true }),
  act('verify', '"no" without a reason', { fixed: 'no' }, [400, 'VERIFY_REASON_REQUIRED']),
  act('verify', '"partly" with a blank reason', { fixed: 'partly', reason: '   ' }, [400, 'VERIFY_REASON_REQUIRED']),
  act('verify', 'reason of 501 characters', { fixed: 'no', reason: long(501) }),
  act('rate', 'no overall', {}),
  act('rate', 'overall 0', { overall: 0 }),
  act('rate', 'overall 6', { overall: 6 }),
  act('rate', 'overall 4.5', { overall: 4.5 }),
  act('rate', 'overall as a string', { overall: '5' }),
  act('rate', 'overall huge', { overall: 1e308 }),
  act('rate', 'speed 0', { overall: 5, speed: 0 }),
  act('rate', '11 tags', { overall: 5, tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }),
  act('rate', 'tags of numbers', { overall: 5, tags: [1, 2] }),
  act('rate', 'comment of 501 characters', { overall: 5, comment: long(501) }),
  act('follow-up', 'unknown method', { method: 'email', result: 'satisfied' }),
  act('follow-up', 'unknown result', { method: 'phone', result: 'happy' }),
  act('follow-up', 'note of 1001 characters', { method: 'phone', result: 'satisfied', note: long(1001) }),
  act('close', 'note as an array', { note: ['a'] }),
  act('cancel', 'no reason', {}),
  act('cancel', 'duplicateOf not a UUID', { reason: '重复', duplicateOf: 'HY-1' }),
  act('cancel', 'duplicateOf unknown', { reason: '重复', duplicateOf: randomUUID() }, [400, 'DUPLICATE_TARGET_INVALID']),
  act('cancel', 'duplicate of itself', { reason: '重复', duplicateOf: ':case' }, [400, 'DUPLICATE_TARGET_INVALID']),
  act('reopen', 'no reason', {}),
  act('urge', 'note of 1001 characters', { note: long(1001) }),
  { label: 'subscribe: steps as a string', who: 'owner', method: 'post', path: '/api/cases/:case/subscriptions', status: 'submitted', body: { steps: 'accepted' }, expect: V },
  { label: 'subscribe: unknown step', who: 'owner', method: 'post', path: '/api/cases/:case/subscriptions', status: 'submitted', body: { steps: ['paid'] }, expect: V },
  { label: 'subscribe: repeated step', who: 'owner', method: 'post', path: '/api/cases/:case/subscriptions', status: 'submitted', body: { steps: ['accepted', 'accepted'] }, expect: V },

  // ---- everything else -------------------------------------------------------------------------
  { label: 'login: empty body', who: 'owner', method: 'post', path: '/api/auth/login', body: {}, expect: V },
  { label: 'login: password as a number', who: 'owner', method: 'post', path: '/api/auth/login', body: { username: 'admin', password: 12345678 }, expect: V },
  { label: 'login: username of 51 characters', who: 'owner', method: 'post', path: '/api/auth/login', body: { username: 'a'.repeat(51), password: 'x' }, expect: V },
  { label: 'login: username with a NUL character', who: 'owner', method: 'post', path: '/api/auth/login', body: { username: 'adm\u0000in', password: 'x' }, expect: V },
  { label: 'login: extra field', who: 'owner', method: 'post', path: '/api/auth/login', body: { username: 'admin', password: 'x', role: 'admin' }, expect: U },
  { label: 'wechat: empty code', who: 'owner', method: 'post', path: '/api/auth/wechat', body: { code: '' }, expect: V },
  { label: 'wechat: code as an object', who: 'owner', method: 'post', path: '/api/auth/wechat', body: { code: { $ne: null } }, expect: V },
  { label: 'community: lowercase code', who: 'admin', method: 'post', path: '/api/communities', body: { name: '新', code: 'abc' }, expect: V },
  { label: 'community: name of 101 characters', who: 'admin', method: 'post', path: '/api/communities', body: { name: long(101), code: 'ABC' }, expect: V },
  { label: 'community: no categories', who: 'admin', method: 'post', path: '/api/communities', body: { name: '新', code: 'ABC', categories: [] }, expect: V },
  { label: 'community: name with a NUL character', who: 'admin', method: 'post', path: '/api/communities', body: { name: 'a\u0000', code: 'NUL' }, expect: V },
  { label: 'houses: none', who: 'admin', method: 'post', path: '/api/communities/:community/houses', body: { houses: [] }, expect: V },
  { label: 'houses: not an array', who: 'admin', method: 'post', path: '/api/communities/:community/houses', body: { houses: 'all' }, expect: V },
  { label: 'houses: a house without a room', who: 'admin', method: 'post', path: '/api/communities/:community/houses', body: { houses: [{ building: '1栋', unit: '' }] }, expect: V },
  { label: 'houses: extra field in a house', who: 'admin', method: 'post', path: '/api/communities/:community/houses', body: { houses: [{ building: '1栋', unit: '', room: '1', id: 'x' }] }, expect: U },
  { label: 'houses: unknown community', who: 'admin', method: 'post', path: `/api/communities/${randomUUID()}/houses`, body: { houses: [{ building: '1', unit: '', room: '1' }] }, expect: [404, 'COMMUNITY_NOT_FOUND'] },
  { label: 'staff: role owner', who: 'admin', method: 'post', path: '/api/staff', body: { username: 'neo1', password: 'password123', name: 'N', role: 'owner', communityIds: [] }, expect: V },
  { label: 'staff: community ids not UUIDs', who: 'admin', method: 'post', path: '/api/staff', body: { username: 'neo2', password: 'password123', name: 'N', role: 'agent', communityIds: ['x'] }, expect: V },
  { label: 'staff: unknown community', who: 'admin', method: 'post', path: '/api/staff', body: { username: 'neo3', password: 'password123', name: 'N', role: 'agent', communityIds: [randomUUID()] }, expect: [404, 'COMMUNITY_NOT_FOUND'] },
  { label: 'staff: short password', who: 'admin', method: 'post', path: '/api/staff', body: { username: 'neo4', password: 'short', name: 'N', role: 'agent', communityIds: [] }, expect: V },
  { label: 'binding: phone of letters', who: 'owner', method: 'post', path: '/api/me/houses', body: { houseId: ':house2', relation: 'owner', name: '张', phone: 'abc' }, expect: V },
  { label: 'binding: unknown relation', who: 'owner', method: 'post', path: '/api/me/houses', body: { houseId: ':house2', relation: 'friend', name: '张', phone: '13800138000' }, expect: V },
  { label: 'binding: status approved', who: 'owner', method: 'post', path: '/api/me/houses', body: { houseId: ':house2', relation: 'owner', name: '张', phone: '13800138000', status: 'approved' }, expect: U },
  { label: 'binding: unknown house', who: 'owner', method: 'post', path: '/api/me/houses', body: { houseId: randomUUID(), relation: 'owner', name: '张', phone: '13800138000' }, expect: [404, 'HOUSE_NOT_FOUND'] },
  { label: 'sla: respond 0 minutes', who: 'supervisor', method: 'put', path: '/api/communities/:community/sla-policies', body: { type: 'repair', urgency: 'normal', respondMinutes: 0, resolveMinutes: 60 }, expect: V },
  { label: 'sla: minutes as strings', who: 'supervisor', method: 'put', path: '/api/communities/:community/sla-policies', body: { type: 'repair', urgency: 'normal', respondMinutes: '30', resolveMinutes: '60' }, expect: V },
  { label: 'sla: unknown policy', who: 'supervisor', method: 'put', path: '/api/communities/:community/sla-policies', body: { type: 'repair', urgency: 'normal', respondMinutes: 30, resolveMinutes: 60, followUpPolicy: 'sometimes' }, expect: V },
  { label: 'upload: no file', who: 'owner', method: 'post', path: '/api/uploads', body: {}, expect: [400, 'UPLOAD_MISSING'] },
];

/** A body the action accepts (used to show that only the malformed part is refused). */
function validBody(action: CaseAction): Record<string, unknown> {
  switch (action) {
    case 'reply': case 'note': case 'resolve': return { note: '好的' };
    case 'hold': case 'reopen': case 'cancel': return { reason: '原因' };
    case 'verify': return { fixed: 'yes' };
    case 'rate': return { overall: 5 };
    case 'follow-up': return { method: 'phone', result: 'satisfied' };
    case 'assign': return { handlerId: ':handler' };
    default: return {};
  }
}

describe('malformed input', () => {
  let ctx: TestContext;
  let world: World;
  let crew: Crew;
  let handlerElsewhere: Actor;
  let agentUpload: string;
  // Any owner of the pool will do (all are approved for the house); taking turns spreads the per-address limits.
  const who = (w: Who): Actor => (w === 'owner' ? nextOwner(crew) : { agent: crew.agent, supervisor: crew.supervisor, admin: ctx.admin }[w]);

  beforeAll(async () => {
    ctx = await TestContext.create();
    world = await ctx.newWorld();
    crew = await newCrew(ctx, world, 6);
    const elsewhere = await ctx.newWorld();
    handlerElsewhere = await ctx.newStaff('handler', [elsewhere.communityId]);
    agentUpload = (await ctx.as(crew.agent).post('/api/uploads').attach('file', Buffer.from('89504e470d0a1a0a00', 'hex'), 'p.png').expect(201)).body.id;
  });
  afterAll(() => ctx?.close());

  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await ctx.countRows(t)] as const)));

  const fill = (value: unknown, c: CaseDetailResponse | null): unknown => {
    if (typeof value === 'string') {
      const map: Record<string, string> = {
        ':case': c?.id ?? '', ':house': crew.houseId, ':house2': world.houseIds[1], ':community': world.communityId,
        ':agent': crew.agent.id, ':handler': crew.handler.id, ':handlerElsewhere': handlerElsewhere.id, ':same': agentUpload,
      };
      return map[value] ?? value;
    }
    if (Array.isArray(value)) return value.map((v) => fill(v, c));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, c)]));
    return value;
  };

  it.each(ROWS.map((row) => [row.label, row] as const))('%s', async (_label, row) => {
    const c = row.status ? await caseIn(ctx, crew, row.status) : null;
    const before = await counts();
    const beforeCase = c ? (await ctx.as(ctx.admin).get(`/api/cases/${c.id}`).expect(200)).body : null;

    const path = row.path.replace(':case', c?.id ?? '').replace(':community', world.communityId);
    const agent = ctx.as(who(row.who));
    let req: Test = row.method === 'get' ? agent.get(path) : row.method === 'put' ? agent.put(path) : agent.post(path);
    for (const [k, v] of Object.entries(row.headers ?? {})) req = req.set(k, v);
    const res = row.raw !== undefined
      ? await req.set('Content-Type', 'application/json').send(row.raw)
      : row.method === 'get' ? await req : await req.send(fill(row.body, c) as object);

    expect({ status: res.status, code: res.body.code }).toEqual({ status: row.expect[0], code: row.expect[1] });
    expect(res.body).toEqual({ statusCode: row.expect[0], code: row.expect[1], message: ERROR_CODES[row.expect[1] as keyof typeof ERROR_CODES].message, ...(res.body.details ? { details: res.body.details } : {}) });
    expect(await counts()).toEqual(before);
    if (c) {
      const after = (await ctx.as(ctx.admin).get(`/api/cases/${c.id}`).expect(200)).body;
      const summary = (d: CaseDetailResponse) => ({ status: d.status, updatedAt: d.updatedAt, cycle: d.cycle, events: d.events.map((e) => e.id) });
      expect(summary(after)).toEqual(summary(beforeCase));
    }
  });

  it('accepts the boundaries the refusals sit next to', async () => {
    await ctx.as(crew.owners[1]).post('/api/cases').send({ ...goodCase, houseId: crew.houseId, description: long(2000) }).expect(201);
    await ctx.as(crew.owners[1]).post('/api/cases').send({ ...goodCase, communityId: world.communityId, location: long(200) }).expect(201);
    await ctx.as(crew.agent).get('/api/cases?pageSize=100&status=submitted,accepted&overdue=false').expect(200);
    const c = await caseIn(ctx, crew, 'resolved');
    await ctx.act(crew.owners[0], c.id, 'verify', { fixed: 'no', reason: long(500) });
  });

  it('stores SQL and HTML text verbatim, as text', async () => {
    const nasty = `'); DROP TABLE cases; -- <script>alert("x")</script> \${1+1} {{7*7}} %s %n 😀`;
    const res = await ctx.as(crew.owners[2]).post('/api/cases')
      .send({ ...goodCase, houseId: crew.houseId, description: nasty, contactName: '<b>张</b>' }).expect(201);
    const again = await ctx.as(crew.agent).get(`/api/cases/${res.body.id}`).expect(200);
    expect(again.body.description).toBe(nasty);
    expect(again.body.contactName).toBe('<b>张</b>');
    await ctx.act(crew.agent, res.body.id, 'accept', { note: nasty });
    const detail = await ctx.as(crew.agent).get(`/api/cases/${res.body.id}`).expect(200);
    expect(detail.body.events.at(-1).note).toBe(nasty);
  });

  it('takes an upper-case community id in a body or query like the lower-case one (UUIDs are case-insensitive)', async () => {
    const upper = crew.world.communityId.toUpperCase();
    const res = await ctx.as(crew.agent).post('/api/cases')
      .send({ ...goodCase, communityId: upper, location: '3栋 电梯厅', channel: 'phone' }).expect(201);
    expect(res.body.communityId).toBe(crew.world.communityId);
    // With the house it names: the pair agrees whatever the case of the letters.
    const withHouse = await ctx.as(crew.agent).post('/api/cases')
      .send({ ...goodCase, houseId: crew.houseId.toUpperCase(), communityId: upper, channel: 'phone' }).expect(201);
    expect(withHouse.body).toMatchObject({ communityId: crew.world.communityId, houseId: crew.houseId });
    await ctx.as(crew.supervisor).get(`/api/reports/metrics?from=2026-11-01&to=2026-12-01&communityId=${upper}`).expect(200);
  });
});
