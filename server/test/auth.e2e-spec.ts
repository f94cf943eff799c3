import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { hashPassword } from '../src/auth/password';
import { UserCache } from '../src/auth/user-cache';
import { LoginFailures } from '../src/auth/login-failures';
import { addressOf, TestContext, type Actor } from './support/test-context';
import { until } from './support/waiting';

const onServer = !!process.env.DATABASE_URL;

/** A HS256 token signed with `secret` (to forge tampered and expired tokens the way an attacker would). */
function jwt(payload: object, secret: string): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

describe('auth', () => {
  let ctx: TestContext;
  let agent: Actor;

  beforeAll(async () => {
    ctx = await TestContext.create();
    agent = await ctx.newStaff('agent', []);
  });
  afterAll(() => ctx?.close());

  const from = (address: string) => ({
    login: (username: string, password: string) =>
      ctx.http.post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password }),
  });

  describe('WeChat', () => {
    it('logs the same WeChat user in as the same owner', async () => {
      const a = await ctx.http.post('/api/auth/wechat').set('X-Forwarded-For', '198.51.100.1').send({ code: 'code-same-user' }).expect(200);
      const b = await ctx.http.post('/api/auth/wechat').set('X-Forwarded-For', '198.51.100.1').send({ code: 'code-same-user' }).expect(200);
      expect(a.body.user).toMatchObject({ role: 'owner' });
      expect(b.body.user.id).toBe(a.body.user.id);
      const me = await ctx.http.get('/api/me').set('Authorization', `Bearer ${b.body.accessToken}`).expect(200);
      expect(me.body).toMatchObject({ id: a.body.user.id, role: 'owner', houses: [] });
    });

    it('refuses a code WeChat rejects with 400 WECHAT_CODE_INVALID and creates nobody', async () => {
      const before = await ctx.countRows('users');
      const res = await ctx.http.post('/api/auth/wechat').set('X-Forwarded-For', '198.51.100.2').send({ code: 'bad-code' }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'WECHAT_CODE_INVALID' });
      expect(await ctx.countRows('users')).toBe(before);
    });
  });

  describe('staff password login', () => {
    it('locks a username for the address that failed 5 times, even for the right password, and only that username', async () => {
      const victim = await ctx.newStaff('supervisor', []);
      const username = (await ctx.as(victim).get('/api/me').expect(200)).body.username;
      for (let i = 0; i < 5; i++) {
        expect((await from('203.0.113.99').login(username, 'wrong-password')).body.code).toBe('INVALID_CREDENTIALS');
      }
      const locked = await from('203.0.113.99').login(username, 'password123').expect(429);
      expect(locked.body).toMatchObject({ statusCode: 429, code: 'LOGIN_RATE_LIMITED' });
      // Colleagues behind the same address are not locked out.
      const agentName = (await ctx.as(agent).get('/api/me').expect(200)).body.username;
      await from('203.0.113.99').login(agentName, 'password123').expect(200);
      // The window is 15 minutes.
      ctx.clock.advance(15 * 60_000 + 1000);
      await from('203.0.113.99').login(username, 'password123').expect(200);
    });

    it('forgets an address\'s failures when the right password comes from it, not another address\'s', async () => {
      const victim = await ctx.newStaff('supervisor', []);
      const username = (await ctx.as(victim).get('/api/me').expect(200)).body.username;
      for (let i = 0; i < 4; i++) await from('203.0.113.70').login(username, 'typo').expect(401);
      for (let i = 0; i < 4; i++) await from('203.0.113.71').login(username, 'guess').expect(401);
      await from('203.0.113.70').login(username, 'password123').expect(200);
      // 203.0.113.70 starts again at five; 203.0.113.71 has one guess left.
      for (let i = 0; i < 5; i++) await from('203.0.113.70').login(username, 'typo').expect(401);
      await from('203.0.113.71').login(username, 'guess').expect(401);
      await from('203.0.113.71').login(username, 'password123').expect(429);
    });

    it('prunes failures once they are older than the 15-minute window, and addresses not signed in from for 30 days', async () => {
      await from('203.0.113.80').login('prune-old', 'x').expect(401);
      ctx.clock.advance(10 * 60_000);
      await from('203.0.113.80').login('prune-young', 'x').expect(401);
      ctx.clock.advance(5 * 60_000 + 1000);
      await ctx.app.get(LoginFailures).prune();
      const rows = await ctx.db.query(`SELECT username FROM login_failures WHERE username LIKE 'prune-%'`);
      expect(rows).toEqual([{ username: 'prune-young' }]);

      const agentName = (await ctx.as(agent).get('/api/me').expect(200)).body.username;
      await from('203.0.113.81').login(agentName, 'password123').expect(200);
      ctx.clock.advance(29 * 86_400_000);
      await from('203.0.113.82').login(agentName, 'password123').expect(200);
      ctx.clock.advance(86_400_000 + 1000);
      await ctx.app.get(LoginFailures).prune();
      const known = await ctx.db.query('SELECT address FROM login_known_addresses WHERE username = $1', [agentName]);
      expect(known).toEqual([{ address: '203.0.113.82' }]);
    });

    it('answers an unknown username like a wrong password', async () => {
      const res = await from('203.0.113.50').login('nobody-here', 'whatever').expect(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    });

    it('limits all attempts per address generously (30 a minute), then 429', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) statuses.push((await from('192.0.2.7').login(`user${i}`, 'x')).status);
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses[30]).toBe(429);
    });

    it('refuses empty credentials with 400 before checking anything', async () => {
      const failures = await ctx.countRows('login_failures');
      const res = await from('203.0.113.60').login('', '').expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await ctx.countRows('login_failures')).toBe(failures);
    });
  });

  describe('changing one\'s own password', () => {
    let counter = 0;
    /** A new staff member with a known username, signed in on two devices. */
    const hire = async (role: 'agent' | 'handler' | 'supervisor' = 'handler') => {
      const username = `own-password-${process.pid}-${++counter}`;
      await ctx.as(ctx.admin).post('/api/staff').send({ username, password: 'password123', name: '员工', role, communityIds: [] }).expect(201);
      return { username, phone: await ctx.login(username, 'password123'), desk: await ctx.login(username, 'password123') };
    };
    const change = (actor: Actor, body: object) => ctx.as(actor).post('/api/auth/password').send(body);

    it('takes the new password at once: this device carries on with the token returned, every other one is signed out', async () => {
      const { username, phone, desk } = await hire();
      const res = await change(phone, { currentPassword: 'password123', newPassword: 'new-secret-42' }).expect(200);
      expect(res.body.user).toMatchObject({ id: phone.id, username, role: 'handler' });
      await ctx.http.get('/api/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
      expect((await ctx.as(phone).get('/api/me').expect(401)).body.code).toBe('TOKEN_INVALID');
      expect((await ctx.as(desk).get('/api/me').expect(401)).body.code).toBe('TOKEN_INVALID');
      await from(`203.0.113.${counter}`).login(username, 'new-secret-42').expect(200);
      expect((await from(`203.0.113.${counter}`).login(username, 'password123').expect(401)).body.code).toBe('INVALID_CREDENTIALS');
    });

    it('refuses a wrong current password with 400 (not 401: the device stays signed in), counting it as a failed login; then locks', async () => {
      const { username, phone } = await hire('agent');
      const wrong = await change(phone, { currentPassword: 'guess-1', newPassword: 'new-secret-42' }).expect(400);
      expect(wrong.body).toEqual({ statusCode: 400, code: 'CURRENT_PASSWORD_WRONG', message: '当前密码不正确' });
      await ctx.as(phone).get('/api/me').expect(200);
      for (let i = 2; i <= 5; i++) await change(phone, { currentPassword: `guess-${i}`, newPassword: 'new-secret-42' }).expect(400);
      // Five wrong guesses from this address: even the right one waits now, as a login would.
      expect((await change(phone, { currentPassword: 'password123', newPassword: 'new-secret-42' }).expect(429)).body.code).toBe('LOGIN_RATE_LIMITED');
      await from(`203.0.113.${100 + counter}`).login(username, 'password123').expect(200); // the password did not change
    });

    it('shares its count with logins from the same address: guesses here lock the login, and failed logins lock this', async () => {
      // The logins come from the address the signed-in device's requests come from.
      const login = (who: { username: string; phone: Actor }, password: string) =>
        ctx.http.post('/api/auth/login').set('X-Forwarded-For', addressOf(who.phone.id)).send({ username: who.username, password });
      const one = await hire('agent');
      for (let i = 1; i <= 5; i++) await change(one.phone, { currentPassword: `guess-${i}`, newPassword: 'new-secret-42' }).expect(400);
      expect((await login(one, 'password123').expect(429)).body.code).toBe('LOGIN_RATE_LIMITED');

      const other = await hire('agent');
      for (let i = 1; i <= 5; i++) await login(other, `guess-${i}`).expect(401);
      expect((await change(other.phone, { currentPassword: 'password123', newPassword: 'new-secret-42' }).expect(429)).body.code).toBe('LOGIN_RATE_LIMITED');
    });

    // Only a PostgreSQL server has a second session to hold the row while the change waits for it,
    // and keeps signed-in users between requests (the embedded database reads them every time).
    if (onServer) {
      it('accepts the new token where the old version is still kept (a replica that has not heard of the change yet)', async () => {
        const { phone } = await hire();
        const cache = ctx.app.get(UserCache);
        // Kept once a request has read it (and the process hears the database's announcements).
        await until(async () => (await ctx.as(phone).get('/api/me')).status === 200 && cache.get(phone.id) !== undefined,
          'the user kept after a request');
        const stale = cache.get(phone.id)!;
        const res = await change(phone, { currentPassword: 'password123', newPassword: 'new-secret-42' }).expect(200);
        cache.remember(stale, cache.mark()); // as another replica still keeps it
        expect(cache.get(phone.id)?.sessionVersion).toBe(stale.sessionVersion);
        await ctx.http.get('/api/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
        expect((await ctx.as(phone).get('/api/me').expect(401)).body.code).toBe('TOKEN_INVALID');
      });

      it('loses to an admin\'s reset that lands while it is checking: the reset password stands, and this session is over', async () => {
        const { username, phone } = await hire();
        const locker = new Client({ connectionString: ctx.databaseUrl });
        await locker.connect();
        try {
          await locker.query('BEGIN');
          // The reset, written but not committed yet: it holds the row the change will write.
          await locker.query('UPDATE users SET password_hash = $2, session_version = session_version + 1 WHERE id = $1',
            [phone.id, await hashPassword('reset-by-admin-1')]);
          const changing = change(phone, { currentPassword: 'password123', newPassword: 'new-secret-42' }).then((res) => res);
          await until(async () => (await ctx.db.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%SET password_hash = $2, session_version%'`))[0].n === 1,
          'the change waiting for the row');
          await locker.query('COMMIT');
          const res = await changing;
          expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'TOKEN_INVALID' });
        } finally {
          await locker.end();
        }
        await from('203.0.113.250').login(username, 'reset-by-admin-1').expect(200);
        await from('203.0.113.250').login(username, 'new-secret-42').expect(401);
      });
    }

    it('refuses a new password that is too short or the same, and owners (who have none)', async () => {
      const { phone } = await hire('supervisor');
      expect((await change(phone, { currentPassword: 'password123', newPassword: 'short' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await change(phone, { currentPassword: 'password123', newPassword: 'password123' }).expect(400)).body.code).toBe('PASSWORD_UNCHANGED');
      await ctx.as(phone).get('/api/me').expect(200);
      const owner = await ctx.newOwner();
      expect((await change(owner, { currentPassword: 'x', newPassword: 'new-secret-42' }).expect(403)).body.code).toBe('FORBIDDEN');
    });
  });

  describe('tokens', () => {
    it.each([
      ['no header', undefined, 'UNAUTHENTICATED'],
      ['not a bearer token', 'Basic YWRtaW46YWRtaW4=', 'UNAUTHENTICATED'],
      ['garbage', 'Bearer not.a.token', 'TOKEN_INVALID'],
    ])('refuses %s with 401', async (_label, header, code) => {
      const req = ctx.http.get('/api/me');
      const res = await (header ? req.set('Authorization', header) : req).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, code });
    });

    it('refuses a tampered token (role changed, signature kept)', async () => {
      const [head, , sig] = agent.token.split('.');
      const payload = Buffer.from(JSON.stringify({ sub: ctx.admin.id, role: 'admin', iat: Math.floor(Date.now() / 1000) })).toString('base64url');
      const res = await ctx.http.get('/api/staff').set('Authorization', `Bearer ${head}.${payload}.${sig}`).expect(401);
      expect(res.body.code).toBe('TOKEN_INVALID');
    });

    it('refuses a token signed with another secret', async () => {
      const forged = jwt({ sub: ctx.admin.id, role: 'admin', exp: Math.floor(Date.now() / 1000) + 3600 }, 'guessed-secret');
      expect((await ctx.http.get('/api/me').set('Authorization', `Bearer ${forged}`).expect(401)).body.code).toBe('TOKEN_INVALID');
    });

    it('refuses an expired token, and accepts a fresh one signed the same way', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = jwt({ sub: agent.id, role: 'agent', iat: now - 7200, exp: now - 60 }, ctx.config.jwtSecret);
      expect((await ctx.http.get('/api/me').set('Authorization', `Bearer ${expired}`).expect(401)).body.code).toBe('TOKEN_INVALID');
      const fresh = jwt({ sub: agent.id, role: 'agent', iat: now, exp: now + 60 }, ctx.config.jwtSecret);
      await ctx.http.get('/api/me').set('Authorization', `Bearer ${fresh}`).expect(200);
    });

    it('takes the role from the database, not from the token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const claimsAdmin = jwt({ sub: agent.id, role: 'admin', iat: now, exp: now + 60 }, ctx.config.jwtSecret);
      await ctx.http.post('/api/communities').set('Authorization', `Bearer ${claimsAdmin}`).send({ name: '夺权', code: 'EVIL' }).expect(403);
    });
  });

  describe('demo login', () => {
    it('is off unless configured, and the login options say so', async () => {
      const res = await ctx.http.post('/api/auth/demo').set('X-Forwarded-For', '198.51.100.9').send({ owner: 'owner1' }).expect(404);
      expect(res.body.code).toBe('ROUTE_NOT_FOUND');
      expect((await ctx.http.get('/api/auth/options').expect(200)).body).toEqual({ demoLogin: false });
    });

    it('works when enabled, and the login options offer it', async () => {
      const demo = await TestContext.create({ demoLogin: true });
      try {
        expect((await demo.http.get('/api/auth/options').expect(200)).body).toEqual({ demoLogin: true });
        const res = await demo.http.post('/api/auth/demo').send({ owner: 'owner1' }).expect(200);
        expect(res.body.user.role).toBe('owner');
      } finally {
        await demo.close();
      }
    });
  });
});
