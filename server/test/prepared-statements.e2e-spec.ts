import { HotStatements } from '../src/database/hot-statements';
import { caseIn, newCrew, nextOwner, type Crew } from './support/scenario';
import { TestContext } from './support/test-context';

/**
 * Sign-in checks, case detail and submissions run as named prepared statements on a PostgreSQL
 * server (src/database/hot-statements.ts), each planned once per pooled connection. A migration
 * that another replica runs during a rolling deploy changes the columns under those plans;
 * PostgreSQL then refuses a cached `SELECT *` plan. The server must go on serving.
 */
describe('prepared statements across a schema change', () => {
  let ctx: TestContext;
  let crew: Crew;

  beforeAll(async () => {
    ctx = await TestContext.create();
    crew = await newCrew(ctx, await ctx.newWorld());
  });
  afterAll(() => ctx?.close());

  it('keeps serving detail and submissions after another process adds a column to cases', async () => {
    const before = await caseIn(ctx, crew, 'accepted');
    // Sequential requests reuse the same pooled connections, so these plans are cached on them.
    for (let i = 0; i < 6; i++) await ctx.as(crew.agent).get(`/api/cases/${before.id}`).expect(200);
    await ctx.newCase(nextOwner(crew), crew.houseId, { type: 'repair', category: '水电', description: '迁移前提交' });

    await ctx.db.query('ALTER TABLE cases ADD COLUMN added_by_another_replica integer');

    for (let i = 0; i < 3; i++) {
      const res = await ctx.as(crew.agent).get(`/api/cases/${before.id}`).expect(200);
      expect({ id: res.body.id, status: res.body.status, events: res.body.events.length }).toEqual({ id: before.id, status: 'accepted', events: 2 });
    }
    const after = await ctx.newCase(nextOwner(crew), crew.houseId, { type: 'repair', category: '水电', description: '迁移后提交' });
    expect(after).toMatchObject({ status: 'submitted', description: '迁移后提交' });
    const stored = await ctx.db.query('SELECT count(*)::int AS n FROM cases WHERE description = $1', ['迁移后提交']);
    expect(stored[0].n).toBe(1);
  });

  it('keeps its pooled connections when a statement is refused (retried submissions)', async () => {
    const owner = nextOwner(crew);
    const body = { type: 'repair', category: '水电', description: '重试提交', houseId: crew.houseId };
    const key = `retry-${Date.now()}`;
    const submit = () => ctx.as(owner).post('/api/cases').set('Idempotency-Key', key).send(body);
    const first = await submit().expect(201);
    // The connections the submissions run on, by backend process id: on a PostgreSQL server the hot
    // statements' pool (TypeORM's may open one more for the user-changes probe at any second); on
    // the embedded database its only connection.
    const backends = async () => (await ctx.db.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND ($1 OR application_name = 'wuye-hot-statements') ORDER BY pid`,
      [!process.env.DATABASE_URL],
    )).map((r: { pid: number }) => r.pid);
    const before = await backends();
    expect(before.length).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) expect((await submit().expect(200)).body.id).toBe(first.body.id);
    expect(await backends()).toEqual(before);
  });

  it('runs the hot statements with generic plans on a PostgreSQL server, and reports their pool in /api/health', async () => {
    const [row] = await ctx.app.get(HotStatements).query<{ mode: string }>(`SELECT current_setting('plan_cache_mode') AS mode`, []);
    expect(row.mode).toBe(process.env.DATABASE_URL ? 'force_generic_plan' : 'auto');
    // TypeORM's pool keeps PostgreSQL's own choice (the reports' plans depend on their periods).
    const [other] = await ctx.db.query(`SELECT current_setting('plan_cache_mode') AS mode`);
    expect(other.mode).toBe('auto');
    const health = await ctx.http.get('/api/health').expect(200);
    expect(health.body.details).toEqual({ database: { status: 'up' }, statements: { status: 'up' } });
  });
});
