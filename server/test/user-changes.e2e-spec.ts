import type { Client } from 'pg';
import { UserCache } from '../src/auth/user-cache';
import { newCrew, type Crew } from './support/scenario';
import { TestContext, type Actor } from './support/test-context';

/** On a PostgreSQL server the API keeps the users it checked (user-cache.ts); on the embedded database it reads them every time. */
const onServer = !!process.env.DATABASE_URL;

/**
 * Whatever changes a user — the API, another replica, an operator in psql — the next requests see
 * it: a kept user is forgotten when the database announces the change, and nothing is kept while
 * the process could miss an announcement.
 */
describe('a signed-in user changed behind the API', () => {
  let ctx: TestContext;
  let crew: Crew;

  beforeAll(async () => {
    ctx = await TestContext.create();
    crew = await newCrew(ctx, await ctx.newWorld(), 1);
  });
  afterAll(() => ctx?.close());

  const me = (actor: Actor) => ctx.as(actor).get('/api/me');
  /** The first answer of `me(actor)` that passes `done`, polled for at most 2 s (an announcement takes milliseconds). */
  const settled = async (actor: Actor, done: (res: { status: number; body: { name?: string; code?: string } }) => boolean) => {
    const until = Date.now() + 2_000;
    for (;;) {
      const res = await me(actor);
      if (done(res) || Date.now() > until) return res;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const listeners = async (): Promise<number[]> => (await ctx.db.query(
    `SELECT pid FROM pg_stat_activity WHERE application_name = 'wuye-user-changes' AND datname = current_database()`,
  )).map((r: { pid: number }) => r.pid);

  it('applies a name and a stop written straight into the database', async () => {
    const agent = await ctx.newStaff('agent', [crew.world.communityId]);
    for (let i = 0; i < 3; i++) await me(agent).expect(200);
    if (onServer) expect(ctx.app.get(UserCache).get(agent.id)?.name).toBe(agent.name);

    await ctx.db.query(`UPDATE users SET name = '改名的客服' WHERE id = $1`, [agent.id]);
    expect((await settled(agent, (r) => r.body.name === '改名的客服')).body.name).toBe('改名的客服');

    await ctx.db.query(`UPDATE users SET disabled_at = now(), session_version = session_version + 1 WHERE id = $1`, [agent.id]);
    const stopped = await settled(agent, (r) => r.status === 403);
    expect({ status: stopped.status, code: stopped.body.code }).toEqual({ status: 403, code: 'ACCOUNT_DISABLED' });
  });

  it('refuses a stopped account even when the stop written into the database left its session version', async () => {
    const agent = await ctx.newStaff('agent', [crew.world.communityId]);
    await me(agent).expect(200);
    // As operations.md's SQL, by hand: the sign-in's token is still of the current session.
    await ctx.db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [agent.id]);
    const stopped = await settled(agent, (r) => r.status !== 200);
    expect({ status: stopped.status, code: stopped.body.code }).toEqual({ status: 403, code: 'ACCOUNT_DISABLED' });
  });

  it('applies a change made while its listening connection was lost, once it listens again', async () => {
    const agent = await ctx.newStaff('agent', [crew.world.communityId]);
    await me(agent).expect(200);
    const before = await listeners();
    expect(before.length).toBe(onServer ? 1 : 0);

    // The announcement of this change reaches no one: the connection that would hear it is gone.
    await ctx.db.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) pid', [before]);
    await ctx.db.query(`UPDATE users SET name = '断线时改名' WHERE id = $1`, [agent.id]);
    if (onServer) {
      const until = Date.now() + 5_000;
      let now = await listeners();
      while ((now.length !== 1 || now[0] === before[0]) && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 50));
        now = await listeners();
      }
      expect(now).toHaveLength(1);
      expect(now[0]).not.toBe(before[0]);
    }
    expect((await me(agent).expect(200)).body.name).toBe('断线时改名');
  });

  it('stops using what it kept within seconds when its listening connection silently stops hearing', async () => {
    const agent = await ctx.newStaff('agent', [crew.world.communityId]);
    await me(agent).expect(200);
    const listener = (ctx.app.get(UserCache) as unknown as { listener: (Client & { connection: { stream: NodeJS.ReadableStream } }) | null }).listener;
    expect(!!listener).toBe(onServer);
    // A dead network path: the socket stays open, nothing arrives (no error, no end).
    listener?.connection.stream.pause();
    try {
      await ctx.db.query(`UPDATE users SET disabled_at = now(), session_version = session_version + 1 WHERE id = $1`, [agent.id]);
      const until = Date.now() + 6_000;
      let res = await me(agent);
      while (res.status === 200 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
        res = await me(agent);
      }
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'ACCOUNT_DISABLED' });
    } finally {
      listener?.connection.stream.resume();
    }
  });

  it('does not keep a user read while a change to it was announced', async () => {
    const cache = ctx.app.get(UserCache);
    const agent = await ctx.newStaff('agent', [crew.world.communityId]);
    const row = { id: agent.id, role: agent.role, name: agent.name, username: null, communityIds: [crew.world.communityId], disabled: false, sessionVersion: 0 };

    const stale = cache.mark();
    cache.forget(agent.id); // announced while the read was on its way
    cache.remember(row, stale);
    expect(cache.get(agent.id)).toBeUndefined();

    cache.remember(row, cache.mark());
    expect(cache.get(agent.id)?.name).toBe(onServer ? agent.name : undefined);
  });

  it('applies a staff change the API made to the very next request on the same process, before any announcement', async () => {
    const handler = await ctx.newStaff('handler', [crew.world.communityId]);
    await me(handler).expect(200);
    // Keeps the listening connection busy for a second: announcements wait, as they may on a loaded
    // server; the process that made the change must not depend on them.
    const listener = (ctx.app.get(UserCache) as unknown as { listener: Client | null }).listener;
    expect(!!listener).toBe(onServer);
    const busy = listener?.query('SELECT pg_sleep(1)');
    busy?.catch(() => undefined); // awaited at the end; not unhandled should an assertion fail first
    await ctx.as(ctx.admin).patch(`/api/staff/${handler.id.toUpperCase()}`).send({ name: '新名字' }).expect(200);
    expect((await me(handler).expect(200)).body.name).toBe('新名字');
    await ctx.as(ctx.admin).patch(`/api/staff/${handler.id}`).send({ active: false }).expect(200);
    expect((await me(handler).expect(403)).body.code).toBe('ACCOUNT_DISABLED');
    await busy;
  });
});
