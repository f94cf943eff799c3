import type { INestApplication } from '@nestjs/common';
import type { CaseDetailResponse, CaseType, Role, StaffRole } from '@wuye/shared';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { loadAppConfig, type AppConfig } from '../../src/config/app.config';
import { createApp } from '../../src/create-app';
import { SlaSweepService } from '../../src/sla/sla-sweep.service';
import { cloneTemplate, type TestDatabase } from './database-template';
import { FakeWechat } from './fake-wechat';

export interface Actor {
  id: string;
  role: Role;
  token: string;
  name: string;
}

export interface World {
  communityId: string;
  communityCode: string;
  houseIds: string[];
}

let unique = 0;
const next = () => `${process.pid}${++unique}`;

/**
 * Each person calls from their own address, as owners on their own phones do, so the per-address
 * rate limits (login, submission) see one user's requests, not a whole test file's.
 */
export function addressOf(seed: string): string {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return `100.${64 + (h & 63)}.${(h >>> 8) & 255}.${(h >>> 16) & 255}`;
}

/**
 * One running API on its own database, with data builders. Every integration test file makes one
 * in `beforeAll` and closes it in `afterAll`.
 */
export class TestContext {
  private constructor(
    readonly app: INestApplication,
    readonly db: DataSource,
    readonly wechat: FakeWechat,
    readonly config: AppConfig,
    private readonly database: TestDatabase,
    private readonly dataDir: string,
    readonly admin: Actor,
  ) {}

  /** `staticDir`: also serve that folder as the H5 build, as main.ts does when one is built. */
  static async create(overrides: Partial<AppConfig> = {}, options: { staticDir?: string } = {}): Promise<TestContext> {
    const database = await cloneTemplate();
    const wechat = await new FakeWechat().start();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuye-test-data-'));
    const base = loadAppConfig({ NODE_ENV: 'test' });
    const config: AppConfig = {
      ...base,
      dataDir,
      sweepEnabled: false,
      jwtSecret: 'test-secret-0123456789',
      wechat: { ...base.wechat, apiBase: wechat.url, appid: 'wx-test', secret: 'test-secret' },
      ...overrides,
    };
    try {
      const app = await createApp(config, database.url, database.embedded, options.staticDir);
      await app.init();
      const db = app.get(DataSource);
      const { hashPassword } = await import('../../src/auth/password');
      await db.query(
        `INSERT INTO users (role, username, password_hash, name) VALUES ('admin', 'admin', $1, '管理员')`,
        [await hashPassword('admin-password')],
      );
      const ctx = new TestContext(app, db, wechat, config, database, dataDir, null as unknown as Actor);
      (ctx as { admin: Actor }).admin = await ctx.login('admin', 'admin-password');
      return ctx;
    } catch (error) {
      await wechat.stop();
      await database.drop();
      throw error;
    }
  }

  /** `appClosed`: the test closed the application itself (a shutdown test). */
  async close({ appClosed = false } = {}): Promise<void> {
    if (!appClosed) await this.app.close();
    await this.wechat.stop();
    await this.database.drop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** The database's URL, for a test that reads it after closing the application. */
  get databaseUrl(): string {
    return this.database.url;
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  get clock(): Clock {
    return this.app.get(Clock);
  }

  sweep() {
    return this.app.get(SlaSweepService).runOnce();
  }

  /** Authenticated request helper: `ctx.as(actor).post('/api/…').send(…)`. */
  as(actor: Actor | null) {
    const agent = request(this.app.getHttpServer());
    const auth = (r: request.Test) =>
      actor ? r.set('Authorization', `Bearer ${actor.token}`).set('X-Forwarded-For', addressOf(actor.id)) : r;
    return {
      get: (url: string) => auth(agent.get(url)),
      post: (url: string) => auth(agent.post(url)),
      put: (url: string) => auth(agent.put(url)),
      patch: (url: string) => auth(agent.patch(url)),
      delete: (url: string) => auth(agent.delete(url)),
    };
  }

  async login(username: string, password: string): Promise<Actor> {
    const res = await this.http.post('/api/auth/login').set('X-Forwarded-For', addressOf(username)).send({ username, password }).expect(200);
    return { id: res.body.user.id, role: res.body.user.role, token: res.body.accessToken, name: res.body.user.name };
  }

  // ---- data builders -------------------------------------------------------------------------

  async newWorld(houses = 4): Promise<World> {
    const code = `C${next()}`.slice(0, 10).toUpperCase().replace(/[^A-Z0-9]/g, 'X');
    const community = await this.as(this.admin).post('/api/communities').send({ name: `小区${code}`, code }).expect(201);
    await this.as(this.admin).post(`/api/communities/${community.body.id}/houses`)
      .send({ houses: Array.from({ length: houses }, (_, i) => ({ building: '1栋', unit: '1单元', room: `${101 + i}` })) })
      .expect(201);
    const list = await this.as(this.admin).get(`/api/communities/${community.body.id}/houses`).expect(200);
    return { communityId: community.body.id, communityCode: code, houseIds: list.body.map((h: { id: string }) => h.id) };
  }

  async newStaff(role: StaffRole, communityIds: string[]): Promise<Actor> {
    const username = `${role}${next()}`;
    await this.as(this.admin).post('/api/staff')
      .send({ username, password: 'password123', name: `${role}-${username}`, role, communityIds }).expect(201);
    return this.login(username, 'password123');
  }

  /** An owner logged in through the fake WeChat; bound (approved) to `houseId` when given. */
  async newOwner(houseId?: string): Promise<Actor> {
    const code = `code-${next()}`;
    const res = await this.http.post('/api/auth/wechat').set('X-Forwarded-For', addressOf(code)).send({ code }).expect(200);
    const owner: Actor = { id: res.body.user.id, role: 'owner', token: res.body.accessToken, name: res.body.user.name };
    if (houseId) {
      const binding = await this.as(owner).post('/api/me/houses')
        .send({ houseId, relation: 'owner', name: '业主', phone: '13800138000' }).expect(201);
      await this.as(this.admin).post(`/api/house-bindings/${binding.body.id}/approve`).expect(200);
    }
    return owner;
  }

  async newCase(owner: Actor, houseId: string, body: Partial<{ type: CaseType; category: string; description: string; urgency: string }> = {}): Promise<CaseDetailResponse> {
    const res = await this.as(owner).post('/api/cases')
      .send({ type: 'repair', category: '水电', description: '厨房水龙头漏水', houseId, ...body }).expect(201);
    return res.body;
  }

  async act(actor: Actor, caseId: string, action: string, body: object = {}, status = 200): Promise<CaseDetailResponse> {
    const res = await this.as(actor).post(`/api/cases/${caseId}/${action}`).send(body);
    if (res.status !== status) throw new Error(`${action} by ${actor.role}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async countRows(table: string): Promise<number> {
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM ${table}`);
    return n;
  }
}

/** A small PNG (1×1), valid by its bytes. */
export const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100' +
    '05fe02fea70000000049454e44ae426082',
  'hex',
);
