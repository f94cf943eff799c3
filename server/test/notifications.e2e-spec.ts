import { DATABASE_SETTINGS } from '../src/database/hot-statements';
import { NotificationsService } from '../src/notifications/notifications.service';
import { WechatClient } from '../src/wechat/wechat.client';
import { caseIn, newCrew, type Crew } from './support/scenario';
import { TestContext, type Actor } from './support/test-context';
import { until } from './support/waiting';

const onServer = !!process.env.DATABASE_URL;

/** WeChat subscribe messages through the outbox, against the local fake WeChat server. */
describe('notifications', () => {
  let ctx: TestContext;
  let crew: Crew;
  let owner: Actor;

  beforeAll(async () => {
    ctx = await TestContext.create();
    crew = await newCrew(ctx, await ctx.newWorld(), 2);
    owner = crew.owners[0];
  });
  afterAll(() => ctx?.close());

  const lockWaiters = async () =>
    (await ctx.db.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`))[0].n as number;
  const outbox = (caseId: string) =>
    ctx.db.query('SELECT step, status, attempts, last_error FROM notification_outbox WHERE case_id = $1 ORDER BY created_at', [caseId]);
  const sentFor = (caseNumber: string) => ctx.wechat.sent.filter((m) => m.body.data.character_string1.value === caseNumber);

  it('sends exactly the steps the owner consented to, with the case number, once each', async () => {
    const c = await ctx.newCase(owner, crew.houseId);
    await ctx.as(owner).post(`/api/cases/${c.id}/subscriptions`).send({ steps: ['accepted', 'resolved'] }).expect(200);

    await ctx.act(crew.agent, c.id, 'accept');
    await ctx.sweep();
    let sent = sentFor(c.number);
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toMatchObject({ template_id: 'TEMPLATE_ACCEPTED', page: `pages/case-detail/index?id=${c.id}` });
    expect(sent[0].body.touser).toMatch(/^openid-/);
    expect(sent[0].body.data.phrase3.value).toBe('已受理');

    // No consent for "assigned": nothing is sent for it.
    await ctx.act(crew.agent, c.id, 'assign', { handlerId: crew.handler.id });
    await ctx.act(crew.handler, c.id, 'start');
    await ctx.sweep();
    expect(sentFor(c.number)).toHaveLength(1);

    await ctx.act(crew.handler, c.id, 'resolve', { note: '修好了' });
    await ctx.sweep();
    await ctx.sweep();
    sent = sentFor(c.number);
    expect(sent.map((m) => m.body.template_id)).toEqual(['TEMPLATE_ACCEPTED', 'TEMPLATE_RESOLVED']);

    // A consent is used once: a second resolution (after "not fixed") sends nothing more.
    await ctx.act(owner, c.id, 'verify', { fixed: 'no', reason: '没修好' });
    await ctx.act(crew.handler, c.id, 'resolve', { note: '再修' });
    await ctx.sweep();
    expect(sentFor(c.number)).toHaveLength(2);
    expect((await outbox(c.id)).map((r: { status: string }) => r.status)).toEqual(['sent', 'sent']);
  });

  it('makes the case text a thing WeChat takes: 20 characters at most, line breaks as one space, no emoji', async () => {
    // "水电：" is 3 characters; an emoji (two UTF-16 units, and a variation selector) and a line break in the description.
    const c = await ctx.newCase(owner, crew.houseId, { category: '水电', description: '厨房水龙头\n\n一直在滴水已经三天了请🙏️来修一下' });
    await ctx.as(owner).post(`/api/cases/${c.id}/subscriptions`).send({ steps: ['accepted'] }).expect(200);
    await ctx.act(crew.agent, c.id, 'accept');
    await ctx.sweep();
    const [sent] = sentFor(c.number);
    expect(sent.body.data.thing2.value).toBe('水电：厨房水龙头 一直在滴水已经三天了请');
    expect([...sent.body.data.thing2.value]).toHaveLength(20);
  });

  it('tells the owner when staff cancel the case, through the consent for its result; not when the owner withdraws it', async () => {
    const cancelled = await ctx.newCase(owner, crew.houseId, { description: '楼道灯坏了（重复）' });
    await ctx.as(owner).post(`/api/cases/${cancelled.id}/subscriptions`).send({ steps: ['accepted', 'resolved'] }).expect(200);
    await ctx.act(crew.agent, cancelled.id, 'cancel', { reason: '与已受理的工单重复' });
    await ctx.sweep();
    const [message, ...more] = sentFor(cancelled.number);
    expect(more).toEqual([]);
    expect(message.body).toMatchObject({ template_id: 'TEMPLATE_RESOLVED', page: `pages/case-detail/index?id=${cancelled.id}` });
    expect(message.body.data.phrase3.value).toBe('已撤销');

    const withdrawn = await ctx.newCase(owner, crew.houseId, { description: '自己修好了' });
    await ctx.as(owner).post(`/api/cases/${withdrawn.id}/subscriptions`).send({ steps: ['accepted', 'resolved'] }).expect(200);
    await ctx.act(owner, withdrawn.id, 'cancel', { reason: '问题已自行解决' });
    await ctx.sweep();
    expect(sentFor(withdrawn.number)).toEqual([]);
  });

  it('sends nothing to an owner who never consented', async () => {
    const c = await caseIn(ctx, crew, 'resolved');
    await ctx.sweep();
    expect(sentFor(c.number)).toEqual([]);
    expect(await outbox(c.id)).toEqual([]);
  });

  it('records a failed send on the outbox row, keeps the action, and retries later', async () => {
    const c = await ctx.newCase(crew.owners[1], crew.houseId);
    await ctx.as(crew.owners[1]).post(`/api/cases/${c.id}/subscriptions`).send({ steps: ['accepted'] }).expect(200);
    ctx.wechat.failNextSends = 1;
    const accepted = await ctx.act(crew.agent, c.id, 'accept');
    expect(accepted.status).toBe('accepted');

    await ctx.sweep();
    expect(sentFor(c.number)).toEqual([]);
    const [failed] = await outbox(c.id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed.last_error).toContain('refuse');
    expect((await ctx.as(ctx.admin).get(`/api/cases/${c.id}`).expect(200)).body.status).toBe('accepted');

    // Not retried before its back-off ends, then sent.
    await ctx.sweep();
    expect((await outbox(c.id))[0].attempts).toBe(1);
    ctx.clock.advance(3 * 60_000);
    await ctx.sweep();
    expect(sentFor(c.number)).toHaveLength(1);
    expect((await outbox(c.id))[0]).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  /** `n` messages for `owner` straight into the outbox, queued at one moment and due now, as transitions with consent write them. */
  const queueMessages = async (n: number, prefix: string) => {
    const c = await ctx.newCase(owner, crew.houseId);
    const at = ctx.clock.now();
    for (let i = 0; i < n; i++) {
      await ctx.db.query(
        `INSERT INTO notification_outbox (case_id, owner_id, step, payload, status, attempts, next_attempt_at, created_at)
         VALUES ($1, $2, 'accepted', $3, 'pending', 0, $4, $4)`,
        [c.id, owner.id, JSON.stringify({ template_id: 'TEMPLATE_ACCEPTED', page: 'pages/index/index',
          data: { character_string1: { value: `${prefix}-${i}` } } }), at]);
    }
  };
  const sentWithPrefix = (prefix: string) => ctx.wechat.sent.filter((m) => String(m.body.data.character_string1.value).startsWith(`${prefix}-`));

  it('fetches the access token once and reuses it', async () => {
    await ctx.db.query('DELETE FROM wechat_access_tokens');
    const before = ctx.wechat.tokenRequests;
    await queueMessages(3, 'reuse');
    await ctx.sweep();
    expect(sentWithPrefix('reuse')).toHaveLength(3);
    expect(ctx.wechat.tokenRequests).toBe(before + 1);
    expect(new Set(sentWithPrefix('reuse').map((m) => m.accessToken))).toEqual(new Set([`token-${before + 1}`]));
  });

  it('fetches one token when two replicas need a new one at the same moment (each fetch retires the one before)', async () => {
    await ctx.db.query('DELETE FROM wechat_access_tokens');
    const before = ctx.wechat.tokenRequests;
    // On a PostgreSQL server, two replicas: two clients of their own; the embedded database has one
    // process, whose two senders share its client.
    const client = ctx.app.get(WechatClient);
    const replica = onServer ? new WechatClient(ctx.config, ctx.db, ctx.clock, ctx.app.get(DATABASE_SETTINGS)) : client;
    const message = (n: number) => ({ touser: 'openid-x', template_id: 'TEMPLATE_ACCEPTED', page: 'pages/index/index',
      data: { character_string1: { value: `race-${n}` } } });
    // WeChat holds the first fetch until the other sender has either asked for a token too or waits
    // its turn (on a server, for the lock; in one process, for the refresh under way).
    ctx.wechat.holdTokens = true;
    const both = Promise.all([client.sendSubscribeMessage(message(1)), replica.sendSubscribeMessage(message(2))]);
    await until(async () => ctx.wechat.tokenRequests === before + 2 || (ctx.wechat.tokenRequests === before + 1 && (!onServer || await lockWaiters() > 0)));
    ctx.wechat.releaseTokens();
    await both;
    expect(ctx.wechat.tokenRequests).toBe(before + 1);
    expect(sentWithPrefix('race').map((m) => m.accessToken)).toEqual([`token-${before + 1}`, `token-${before + 1}`]);
  });

  it('drops only the token WeChat refused: a newer one another replica stored meanwhile stays', async () => {
    await ctx.db.query('DELETE FROM wechat_access_tokens');
    const appid = ctx.config.wechat.appid;
    const later = new Date(ctx.clock.now().getTime() + 2 * 3600_000);
    await ctx.db.query('INSERT INTO wechat_access_tokens (appid, token, expires_at) VALUES ($1, $2, $3)', [appid, 'token-retired', later]);
    ctx.wechat.holdSends = true;
    ctx.wechat.failNextSends = 1;
    ctx.wechat.failErrcode = 40001; // invalid credential: the token was retired
    try {
      const sending = ctx.app.get(WechatClient).sendSubscribeMessage({ touser: 'openid-x', template_id: 'TEMPLATE_ACCEPTED',
        page: 'pages/index/index', data: { character_string1: { value: 'retired-1' } } }).catch((error: unknown) => error);
      await until(async () => ctx.wechat.heldSends === 1, 'the send with the old token under way');
      // Meanwhile another replica fetched a new token (which is what retired the old one).
      await ctx.db.query('UPDATE wechat_access_tokens SET token = $2 WHERE appid = $1', [appid, 'token-fresh']);
      ctx.wechat.releaseSends();
      expect(await sending).toMatchObject({ errcode: 40001 });
      expect(await ctx.db.query('SELECT token FROM wechat_access_tokens WHERE appid = $1', [appid])).toEqual([{ token: 'token-fresh' }]);
    } finally {
      ctx.wechat.releaseSends();
      ctx.wechat.failNextSends = 0;
      ctx.wechat.failErrcode = 43101;
    }
  });

  it('answers database requests while a token fetch waits on WeChat (it holds no connection of the embedded database)', async () => {
    await ctx.db.query('DELETE FROM wechat_access_tokens');
    const before = ctx.wechat.tokenRequests;
    ctx.wechat.holdTokens = true;
    const sending = ctx.app.get(WechatClient).sendSubscribeMessage({ touser: 'openid-x', template_id: 'TEMPLATE_ACCEPTED',
      page: 'pages/index/index', data: { character_string1: { value: 'held-1' } } });
    try {
      await until(async () => ctx.wechat.tokenRequests === before + 1);
      // Answered at once; a fetch holding the only connection would keep it waiting until WeChat answered.
      let timer: NodeJS.Timeout | undefined;
      const waiting = new Promise((resolve) => (timer = setTimeout(resolve, 3000, 'waiting')));
      const answered = await Promise.race([ctx.as(owner).get('/api/me').then((res) => res.status), waiting]);
      clearTimeout(timer);
      expect(answered).toBe(200);
    } finally {
      ctx.wechat.releaseTokens();
      await sending;
    }
  });

  it('stops sending when its time is up and gives the rest back, due at once, their attempt not counted', async () => {
    const notifications = ctx.app.get(NotificationsService);
    await queueMessages(20, 'late');
    // The first message is tried well within the budget (a claim takes milliseconds); it is answered
    // after the budget is spent, so the other 19 are given back.
    ctx.wechat.sendDelayMs = 1500;
    notifications.sendBudgetMs = 1000;
    try {
      const report = await ctx.sweep();
      expect(report.notificationsSent).toBe(1);
    } finally {
      ctx.wechat.sendDelayMs = 0;
      notifications.sendBudgetMs = 45_000;
    }
    const rows = await ctx.db.query(
      `SELECT status, attempts, next_attempt_at <= $1 AS due FROM notification_outbox WHERE payload->'data'->'character_string1'->>'value' LIKE 'late-%'`,
      [ctx.clock.now()]);
    expect(rows.filter((r: { status: string }) => r.status === 'sent')).toHaveLength(1);
    expect(rows.filter((r: { status: string }) => r.status === 'pending')).toEqual(Array(19).fill({ status: 'pending', attempts: 0, due: true }));
    await ctx.sweep();
    expect(sentWithPrefix('late')).toHaveLength(20);
  });

  it('sends every due message in one sweep, however many batches they take', async () => {
    await queueMessages(45, 'many');
    const report = await ctx.sweep();
    expect(report.notificationsSent).toBeGreaterThanOrEqual(45);
    expect(new Set(sentWithPrefix('many').map((m) => m.body.data.character_string1.value)).size).toBe(45);
    expect(sentWithPrefix('many')).toHaveLength(45);
  });

  it("sends a family member's consented message to that member, not to the owner who submitted the case", async () => {
    const [submitter, family] = crew.owners;
    const c = await ctx.newCase(submitter, crew.houseId);
    // Both are approved for the house, so both follow the case; only the family member consents.
    await ctx.as(family).post(`/api/cases/${c.id}/subscriptions`).send({ steps: ['accepted'] }).expect(200);
    await ctx.act(crew.agent, c.id, 'accept');
    await ctx.sweep();

    const openidOf = async (id: string) => (await ctx.db.query('SELECT openid FROM users WHERE id = $1', [id]))[0].openid;
    const sent = sentFor(c.number);
    expect(sent.map((m) => m.body.touser)).toEqual([await openidOf(family.id)]);
  });

  describe('who still gets a message when it is sent', () => {
    it('sends nothing to an owner an admin stopped: no message queued, and one queued before is skipped', async () => {
      const stopped = await ctx.newOwner(crew.houseId);
      const c = await ctx.newCase(stopped, crew.houseId);
      await ctx.as(stopped).post(`/api/cases/${c.id}/subscriptions`).send({ steps: ['accepted', 'assigned'] }).expect(200);
      ctx.wechat.failNextSends = 1;
      await ctx.act(crew.agent, c.id, 'accept');
      await ctx.sweep(); // refused once: waits for its retry
      await ctx.as(ctx.admin).post(`/api/owners/${stopped.id}/disable`).expect(200);
      await ctx.act(crew.agent, c.id, 'assign', { handlerId: crew.handler.id });
      ctx.clock.advance(3 * 60_000);
      await ctx.sweep();
      expect(sentFor(c.number)).toEqual([]);
      expect(await outbox(c.id)).toEqual([expect.objectContaining({ step: 'accepted', status: 'skipped', last_error: 'the recipient may no longer see the case' })]);
    });

    it('skips a message queued for a household member whose binding ended before it was sent', async () => {
      const member = await ctx.newOwner(crew.houseId);
      const c = await ctx.newCase(crew.owners[0], crew.houseId);
      await ctx.as(member).post(`/api/cases/${c.id}/subscriptions`).send({ steps: ['accepted'] }).expect(200);
      ctx.wechat.failNextSends = 1;
      await ctx.act(crew.agent, c.id, 'accept');
      await ctx.sweep();
      const [binding] = (await ctx.db.query(`SELECT id FROM house_bindings WHERE owner_id = $1 AND status = 'approved'`, [member.id]));
      await ctx.as(crew.agent).post(`/api/house-bindings/${binding.id}/revoke`).expect(200);
      ctx.clock.advance(3 * 60_000);
      await ctx.sweep();
      expect(ctx.wechat.sent.filter((m) => m.body.data.character_string1.value === c.number && m.body.touser === `openid-${member.id}`)).toEqual([]);
      expect((await outbox(c.id)).map((r: { status: string }) => r.status)).toEqual(['skipped']);
    });

    it('does not send 已受理 after 已派单 reached the owner: the older message is skipped', async () => {
      const c = await ctx.newCase(owner, crew.houseId);
      await ctx.as(owner).post(`/api/cases/${c.id}/subscriptions`).send({ steps: ['accepted', 'assigned'] }).expect(200);
      ctx.wechat.failNextSends = 1;
      await ctx.act(crew.agent, c.id, 'accept');
      await ctx.sweep();
      ctx.clock.advance(1000);
      await ctx.act(crew.agent, c.id, 'assign', { handlerId: crew.handler.id });
      await ctx.sweep();
      ctx.clock.advance(3 * 60_000);
      await ctx.sweep();
      expect(sentFor(c.number).map((m) => m.body.data.phrase3.value)).toEqual(['已派单']);
      expect((await outbox(c.id)).map((r: { step: string; status: string }) => `${r.step}:${r.status}`)).toEqual(['accepted:skipped', 'assigned:sent']);
    });
  });

  it('keeps a message through a WeChat outage without using up its attempts, sends it after, and gives up on it after a day', async () => {
    const c = await ctx.newCase(crew.owners[1], crew.houseId);
    await ctx.as(crew.owners[1]).post(`/api/cases/${c.id}/subscriptions`).send({ steps: ['accepted', 'assigned'] }).expect(200);
    await ctx.db.query('DELETE FROM wechat_access_tokens');
    ctx.wechat.tokensDown = true;
    try {
      await ctx.act(crew.agent, c.id, 'accept');
      for (let i = 0; i < 8; i++) {
        await ctx.sweep();
        ctx.clock.advance(5 * 60_000);
      }
      expect(sentFor(c.number)).toEqual([]);
      expect((await outbox(c.id))[0]).toMatchObject({ status: 'pending', attempts: 0 });
      expect((await outbox(c.id))[0].last_error).toContain('HTTP 500');
    } finally {
      ctx.wechat.tokensDown = false;
    }
    await ctx.sweep();
    expect(sentFor(c.number)).toHaveLength(1);

    // A day's outage: the news is too stale to send.
    ctx.wechat.tokensDown = true;
    await ctx.db.query('DELETE FROM wechat_access_tokens');
    try {
      await ctx.act(crew.agent, c.id, 'assign', { handlerId: crew.handler.id });
      await ctx.sweep();
      ctx.clock.advance(24 * 3_600_000);
      await ctx.sweep();
    } finally {
      ctx.wechat.tokensDown = false;
    }
    ctx.clock.advance(10 * 60_000);
    await ctx.sweep();
    expect(sentFor(c.number)).toHaveLength(1);
    expect((await outbox(c.id)).map((r: { status: string }) => r.status)).toEqual(['sent', 'failed']);
  });

  it('does not send a message twice when recording it as sent fails for a moment (a dropped connection)', async () => {
    const c = await ctx.newCase(owner, crew.houseId);
    await ctx.as(owner).post(`/api/cases/${c.id}/subscriptions`).send({ steps: ['accepted'] }).expect(200);
    await ctx.act(crew.agent, c.id, 'accept');
    const db = ctx.app.get(NotificationsService)['db'] as { query: (sql: string, params?: unknown[]) => Promise<unknown> };
    const real = db.query.bind(db);
    let refused = 0;
    const spy = jest.spyOn(db, 'query').mockImplementation((sql: string, params?: unknown[]) => {
      if (sql.includes("SET status = 'sent'") && refused < 1) {
        refused++;
        return Promise.reject(new Error('connection terminated'));
      }
      return real(sql, params);
    });
    try {
      await ctx.sweep();
    } finally {
      spy.mockRestore();
    }
    expect(refused).toBe(1);
    ctx.clock.advance(10 * 60_000);
    await ctx.sweep();
    expect(sentFor(c.number)).toHaveLength(1);
    expect((await outbox(c.id))[0]).toMatchObject({ status: 'sent' });
  });
});
