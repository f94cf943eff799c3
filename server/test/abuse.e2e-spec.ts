import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { PNG_1X1, TestContext, type Actor, type World } from './support/test-context';

/**
 * What a hostile or careless client does to the API: bodies and uploads too big or too slow,
 * password guessing, forged and stale tokens, paths that climb out of the upload folder, and text
 * that looks like SQL or HTML. Every refusal is a 4xx in the error shape and writes nothing.
 */

/** A HS256 token signed with `secret`, as an attacker holding (or guessing) a secret would make it. */
function jwt(payload: object, secret: string): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const ERROR_SHAPE = { statusCode: expect.any(Number), code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) };

describe('abuse', () => {
  let ctx: TestContext;
  let world: World;
  let owner: Actor;
  let agent: Actor;
  let handler: Actor;
  let port: number;

  beforeAll(async () => {
    ctx = await TestContext.create();
    world = await ctx.newWorld();
    owner = await ctx.newOwner(world.houseIds[0]);
    agent = await ctx.newStaff('agent', [world.communityId]);
    handler = await ctx.newStaff('handler', [world.communityId]);
    await new Promise<void>((resolve) => ctx.app.getHttpServer().listen(0, '127.0.0.1', resolve));
    port = (ctx.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => ctx?.close());

  describe('oversized bodies', () => {
    it.each([['sign-in, before any token', '/api/auth/login', null], ['a case, signed in', '/api/cases', 'owner']] as const)(
      'refuses a body nested 5 000 levels deep (30 KB) with 400, not a 500 from a stack overflow: %s', async (_, path, who) => {
        const before = await ctx.countRows('cases');
        const raw = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
        const req = who ? ctx.as(owner).post(path) : ctx.http.post(path);
        const res = await req.set('Content-Type', 'application/json').send(raw);
        expect(res.body).toEqual({ ...ERROR_SHAPE, statusCode: 400, code: 'MALFORMED_REQUEST' });
        expect(await ctx.countRows('cases')).toBe(before);
      });

    it('refuses a JSON body over 256 KB with 413 in the error shape and creates nothing', async () => {
      const before = await ctx.countRows('cases');
      const res = await ctx.as(owner).post('/api/cases')
        .send({ type: 'repair', category: '水电', houseId: world.houseIds[0], description: 'x'.repeat(300 * 1024) });
      expect(res.status).toBe(413);
      expect(res.body).toEqual({ ...ERROR_SHAPE, statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(await ctx.countRows('cases')).toBe(before);
    });

    it('refuses an upload over 10 MB with 413 and leaves no file or row behind', async () => {
      const rows = await ctx.countRows('uploads');
      const files = filesUnder(path.join(ctx.config.dataDir, 'uploads')).length;
      const big = Buffer.concat([PNG_1X1, Buffer.alloc(10 * 1024 * 1024 + 1)]);
      const res = await ctx.as(owner).post('/api/uploads').attach('file', big, 'big.png');
      expect(res.status).toBe(413);
      expect(res.body).toEqual({ ...ERROR_SHAPE, statusCode: 413, code: 'UPLOAD_TOO_LARGE' });
      expect(await ctx.countRows('uploads')).toBe(rows);
      expect(filesUnder(path.join(ctx.config.dataDir, 'uploads'))).toHaveLength(files);
    });
  });

  describe('slow uploads', () => {
    /** A multipart upload written by hand, `chunks` pieces `gapMs` apart; `abortAfter` stops early. */
    function trickle(bytes: Buffer, chunks: number, gapMs: number, abortAfter?: number): Promise<{ status: number; body: string } | 'aborted'> {
      const boundary = 'abuse-boundary-7f3a';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.png"\r\nContent-Type: image/png\r\n\r\n`),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return new Promise((resolve, reject) => {
        const req = http.request({
          host: '127.0.0.1', port, method: 'POST', path: '/api/uploads',
          headers: {
            authorization: `Bearer ${owner.token}`, 'x-forwarded-for': '198.51.100.77',
            'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length,
          },
        }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', (e) => (abortAfter !== undefined ? resolve('aborted') : reject(e)));
        const size = Math.ceil(body.length / chunks);
        let i = 0;
        const step = () => {
          if (abortAfter !== undefined && i === abortAfter) {
            req.destroy();
            setTimeout(() => resolve('aborted'), 300);
            return;
          }
          const piece = body.subarray(i * size, (i + 1) * size);
          i++;
          if (i >= chunks) req.end(piece);
          else {
            req.write(piece);
            setTimeout(step, gapMs);
          }
        };
        step();
      });
    }

    it('takes a slow but complete upload (a weak phone signal is not an attack)', async () => {
      const bytes = Buffer.concat([PNG_1X1, Buffer.from('slow-complete')]);
      const res = await trickle(bytes, 4, 300);
      expect(res).not.toBe('aborted');
      expect((res as { status: number }).status).toBe(201);
    });

    it('stores nothing from an upload that stops half-way', async () => {
      const rows = await ctx.countRows('uploads');
      const files = filesUnder(path.join(ctx.config.dataDir, 'uploads'));
      const bytes = Buffer.concat([PNG_1X1, Buffer.alloc(512 * 1024, 7)]);
      expect(await trickle(bytes, 8, 100, 4)).toBe('aborted');
      await new Promise((r) => setTimeout(r, 300));
      expect(await ctx.countRows('uploads')).toBe(rows);
      // No new file, and no temporary file left behind.
      expect(filesUnder(path.join(ctx.config.dataDir, 'uploads'))).toEqual(files);
    });
  });

  describe('login brute force', () => {
    const login = (address: string, username: string, password: string) =>
      ctx.http.post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password });

    it('stops guessing from one address after 5 failures, for 15 minutes, right password or wrong', async () => {
      const victim = await ctx.newStaff('supervisor', [world.communityId]);
      const username = (await ctx.as(victim).get('/api/me').expect(200)).body.username;
      for (let i = 0; i < 5; i++) expect((await login('203.0.113.100', username, `guess-${i}`)).status).toBe(401);
      // The sixth guess is refused without being checked, right or wrong.
      for (const password of ['guess-6', 'password123']) {
        const res = await login('203.0.113.100', username, password).expect(429);
        expect(res.body).toEqual({ ...ERROR_SHAPE, statusCode: 429, code: 'LOGIN_RATE_LIMITED' });
      }
      // The real user, from their own address, is not locked out by someone else's guesses.
      await login('203.0.113.120', username, 'password123').expect(200);
      ctx.clock.advance(15 * 60_000 + 1000);
      await login('203.0.113.100', username, 'password123').expect(200);
    });

    it('checks only 5 of 25 guesses sent at the same moment from one address', async () => {
      const victim = await ctx.newStaff('supervisor', [world.communityId]);
      const username = (await ctx.as(victim).get('/api/me').expect(200)).body.username;
      const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => login('198.18.2.1', username, `parallel-${i}`)));
      const codes = answers.map((res) => res.body.code as string);
      expect(codes.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(5);
      expect(codes.filter((code) => code === 'LOGIN_RATE_LIMITED')).toHaveLength(20);
    });

    it('checks only 30 of 40 guesses sent at the same moment from 40 addresses, then locks the username everywhere but where its user signs in', async () => {
      const victim = await ctx.newStaff('supervisor', [world.communityId]);
      const username = (await ctx.as(victim).get('/api/me').expect(200)).body.username;
      // The user's office, where they signed in before.
      await login('198.18.9.9', username, 'password123').expect(200);
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(`198.18.0.${i + 1}`, username, `parallel-${i}`)));
      const codes = answers.map((res) => res.body.code as string);
      expect(codes.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(30);
      expect(codes.filter((code) => code === 'LOGIN_RATE_LIMITED')).toHaveLength(10);
      // The right password is refused too, from an address that never signed in, until the window has passed;
      // from the office it still works.
      await login('198.18.1.1', username, 'password123').expect(429);
      await login('198.18.9.9', username, 'password123').expect(200);
      ctx.clock.advance(15 * 60_000 + 1000);
      await login('198.18.1.1', username, 'password123').expect(200);
    });

    it('counts an IPv6 client by its /64: a fresh address of the same network is still locked', async () => {
      const victim = await ctx.newStaff('supervisor', [world.communityId]);
      const username = (await ctx.as(victim).get('/api/me').expect(200)).body.username;
      for (let i = 1; i <= 5; i++) await login(`2001:db8:7:1::${i}`, username, 'wrong').expect(401);
      await login('2001:db8:7:1:ffff::99', username, 'password123').expect(429);
      await login('2001:db8:7:2::1', username, 'password123').expect(200);
    });

    it('does not lock an office: 12 colleagues log in from one address, even after a colleague is locked', async () => {
      const office = '192.0.2.200';
      const staff = await Promise.all(Array.from({ length: 12 }, () => ctx.newStaff('agent', [world.communityId])));
      const names = await Promise.all(staff.map(async (s) => (await ctx.as(s).get('/api/me').expect(200)).body.username as string));
      for (let i = 0; i < 5; i++) await login(office, names[0], 'wrong').expect(401);
      await login(office, names[0], 'password123').expect(429);
      for (const name of names.slice(1)) await login(office, name, 'password123').expect(200);
    });
  });

  describe('tokens', () => {
    // Token expiry is checked against real time (jsonwebtoken's own clock), not the test Clock: the
    // test Clock moves business time (SLA windows), and other suites move it by weeks with tokens
    // they hold. So the expired token is made the honest way: signed with the server's secret and
    // an `exp` in the past, exactly as a stolen token looks 7 days later.
    it('refuses a token past its 7 days, and accepts one a minute before', async () => {
      const now = Math.floor(Date.now() / 1000);
      const ttl = ctx.config.jwtTtlSeconds;
      expect(ttl).toBe(7 * 24 * 3600);
      const stale = jwt({ sub: agent.id, role: 'agent', iat: now - ttl - 60, exp: now - 60 }, ctx.config.jwtSecret);
      const res = await ctx.http.get('/api/me').set('Authorization', `Bearer ${stale}`).expect(401);
      expect(res.body).toEqual({ ...ERROR_SHAPE, statusCode: 401, code: 'TOKEN_INVALID' });
      const fresh = jwt({ sub: agent.id, role: 'agent', iat: now - ttl + 60, exp: now + 60 }, ctx.config.jwtSecret);
      await ctx.http.get('/api/me').set('Authorization', `Bearer ${fresh}`).expect(200);
    });

    it.each([
      ['signature stripped', (t: string) => t.split('.').slice(0, 2).join('.') + '.'],
      ['alg none', (t: string) => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${t.split('.')[1]}.`],
      ['one byte of the payload changed', (t: string) => {
        const [h, p, s] = t.split('.');
        return `${h}.${p.slice(0, -2)}${p.at(-2) === 'A' ? 'B' : 'A'}${p.at(-1)}.${s}`;
      }],
      ['a huge header', (t: string) => `${Buffer.from(JSON.stringify({ alg: 'HS256', pad: 'x'.repeat(6000) })).toString('base64url')}.${t.split('.')[1]}.${t.split('.')[2]}`],
    ])('refuses a tampered token (%s) with 401', async (_label, tamper) => {
      const res = await ctx.http.get('/api/cases').set('Authorization', `Bearer ${tamper(agent.token)}`);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ ...ERROR_SHAPE, statusCode: 401, code: 'TOKEN_INVALID' });
    });

    it('refuses a validly signed token whose subject is not a user id (401, not 500)', async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const sub of ["1' OR '1'='1", 'not-a-uuid', '00000000-0000-0000-0000-000000000000']) {
        const forged = jwt({ sub, role: 'admin', iat: now, exp: now + 60 }, ctx.config.jwtSecret);
        const res = await ctx.http.get('/api/me').set('Authorization', `Bearer ${forged}`).expect(401);
        expect(res.body.code).toBe('TOKEN_INVALID');
      }
    });
  });

  describe('path traversal on upload links', () => {
    it.each([
      // An id that is not a uuid never reaches the store.
      ['/api/uploads/..%2f..%2f..%2fetc%2fpasswd/content', 400, 'INVALID_ID'],
      ['/api/uploads/%2e%2e%2f%2e%2e%2fetc%2fpasswd/content?exp=9999999999&sig=x', 400, 'INVALID_ID'],
      ['/api/uploads/..%5c..%5cetc%5cpasswd/content', 400, 'INVALID_ID'],
      ['/api/uploads/%252e%252e%252fetc%252fpasswd/content', 400, 'INVALID_ID'],
      ['/api/uploads/00000000-0000-0000-0000-000000000000%2f..%2f..%2fpackage.json/content', 400, 'INVALID_ID'],
      // A path that is no route at all.
      ['/api/uploads/....//....//etc/passwd/content', 404, 'ROUTE_NOT_FOUND'],
      ['/api/uploads/../../etc/passwd', 404, 'ROUTE_NOT_FOUND'],
      ['/api/../../../../etc/passwd', 404, 'ROUTE_NOT_FOUND'],
      // A real route whose signature is a path: not a valid link.
      ['/api/uploads/00000000-0000-0000-0000-000000000000/content?exp=9999999999&sig=../../../../etc/passwd', 403, 'UPLOAD_LINK_INVALID'],
    ] as const)('%s → %i %s, never a file', async (url, status, code) => {
      const res = await ctx.http.get(url).set('Authorization', `Bearer ${owner.token}`);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body).toEqual({ ...ERROR_SHAPE, statusCode: status, code });
      expect(res.text).not.toMatch(/root:|"dependencies"/);
    });
  });

  describe('SQL and HTML in every text field', () => {
    const payloads = [
      `'); DROP TABLE cases; --`,
      `1' OR '1'='1`,
      `<script>alert(document.cookie)</script>`,
      `<img src=x onerror="alert(1)">`,
      `\${process.exit(1)} {{constructor.constructor('return 1')()}} %s%n \\u0000`,
    ];

    it.each(payloads)('stores %j verbatim as text and returns it as JSON data, in every field', async (nasty) => {
      const tablesBefore = await ctx.db.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`);
      const short = nasty.slice(0, 50);
      // Owner: description on a house case; location on a public-area case.
      const c = await ctx.as(owner).post('/api/cases')
        .send({ type: 'repair', category: '水电', houseId: world.houseIds[0], description: nasty }).expect(201);
      const area = await ctx.as(owner).post('/api/cases')
        .send({ type: 'suggestion', category: '绿化', communityId: world.communityId, location: nasty, description: nasty }).expect(201);
      // Staff intake: contact name and preferred time.
      const intake = await ctx.as(agent).post('/api/cases').send({
        type: 'inquiry', category: '费用', communityId: world.communityId, location: nasty, description: nasty,
        channel: 'phone', contactName: short, contactPhone: '13800000000', preferredTime: nasty.slice(0, 100),
      }).expect(201);
      // Every note, reason and comment along the loop.
      await ctx.act(agent, c.body.id, 'accept', { note: nasty });
      await ctx.act(agent, c.body.id, 'assign', { handlerId: handler.id, note: nasty });
      await ctx.act(handler, c.body.id, 'start', { note: nasty });
      await ctx.act(handler, c.body.id, 'hold', { reason: nasty });
      await ctx.act(handler, c.body.id, 'resume', { note: nasty });
      await ctx.act(handler, c.body.id, 'note', { note: nasty });
      await ctx.act(handler, c.body.id, 'resolve', { note: nasty });
      await ctx.act(owner, c.body.id, 'verify', { fixed: 'no', reason: nasty });
      await ctx.act(handler, c.body.id, 'resolve', { note: nasty });
      await ctx.act(owner, c.body.id, 'verify', { fixed: 'yes' });
      await ctx.act(owner, c.body.id, 'rate', { overall: 2, comment: nasty });
      await ctx.act(agent, c.body.id, 'follow-up', { method: 'phone', result: 'satisfied', note: nasty });
      await ctx.act(agent, area.body.id, 'cancel', { reason: nasty });

      const detail = await ctx.as(agent).get(`/api/cases/${c.body.id}`).expect(200);
      expect(detail.headers['content-type']).toMatch(/^application\/json/);
      expect(detail.body.description).toBe(nasty);
      // Every step that took text carries it back unchanged (the create event and the bare "yes" carry none).
      const withText = (detail.body.events as { action: string; note: string | null; data: { fixed?: string } | null }[])
        .filter((e) => e.action !== 'create' && !(e.action === 'verify' && e.data?.fixed === 'yes'));
      expect(withText.map((e) => e.action))
        .toEqual(['accept', 'assign', 'start', 'hold', 'resume', 'note', 'resolve', 'verify', 'resolve', 'rate', 'follow-up']);
      for (const e of withText) expect({ action: e.action, note: e.note }).toEqual({ action: e.action, note: nasty });

      const areaDetail = await ctx.as(agent).get(`/api/cases/${area.body.id}`).expect(200);
      expect(areaDetail.body.location).toBe(nasty);
      expect(areaDetail.body.events.at(-1)).toMatchObject({ action: 'cancel', note: nasty });
      const intakeDetail = await ctx.as(agent).get(`/api/cases/${intake.body.id}`).expect(200);
      expect(intakeDetail.body).toMatchObject({ contactName: short, preferredTime: nasty.slice(0, 100), location: nasty, description: nasty });

      // The list and the filters treat it as data too.
      const list = await ctx.as(agent).get('/api/cases?pageSize=100').expect(200);
      expect(list.body.items.filter((i: { description: string }) => i.description === nasty)).toHaveLength(3);
      // Nothing was executed: every table is still there and the rows are where they were written.
      const tablesAfter = await ctx.db.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`);
      expect(tablesAfter[0].n).toBe(tablesBefore[0].n);
      const [stored] = await ctx.db.query('SELECT description, location FROM cases WHERE id = $1', [area.body.id]);
      expect(stored).toEqual({ description: nasty, location: nasty });
    });

    it('refuses SQL where an id or enum is expected with 400, not 500', async () => {
      for (const [url, code, field] of [
        [`/api/cases/1'%20OR%20'1'='1`, 'INVALID_ID', null],
        [`/api/cases?status=submitted'--`, 'VALIDATION_FAILED', 'status'],
        [`/api/cases?communityId=x'%20OR%201=1--`, 'VALIDATION_FAILED', 'communityId'],
        [`/api/cases?page=1;DROP`, 'VALIDATION_FAILED', 'page'],
      ] as const) {
        const res = await ctx.as(agent).get(url).expect(400);
        expect(res.body).toMatchObject({ statusCode: 400, code });
        if (field) expect(res.body.details).toEqual([expect.objectContaining({ field })]);
      }
    });

    it('names the field holding a NUL character (text PostgreSQL cannot store) and writes nothing', async () => {
      const before = await ctx.countRows('cases');
      const res = await ctx.as(owner).post('/api/cases')
        .send({ type: 'repair', category: '水电', houseId: world.houseIds[0], description: '厨房\u0000漏水' }).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'description' }] });
      expect(await ctx.countRows('cases')).toBe(before);
    });
  });
});
