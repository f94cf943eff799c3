import { Client } from 'pg';
import { HotStatements } from '../src/database/hot-statements';
import { newCrew, nextOwner, type Crew } from './support/scenario';
import { TestContext } from './support/test-context';

const onServer = !!process.env.DATABASE_URL;

/**
 * DB_STATEMENT_TIMEOUT_MS: on a PostgreSQL server a statement stuck behind a lock (a migration, an
 * operator's LOCK TABLE, a long report) is cancelled instead of holding its request and connection
 * for ever, and the caller is told the system is busy. The embedded database has one session and
 * no such waits, and gets no timeout.
 */
describe('statement timeout', () => {
  let ctx: TestContext;
  let crew: Crew;

  beforeAll(async () => {
    ctx = await TestContext.create({ statementTimeoutMs: 500 });
    crew = await newCrew(ctx, await ctx.newWorld());
  });
  afterAll(() => ctx?.close());

  it('runs the API\'s connections of a PostgreSQL server with the configured timeout, the embedded one without', async () => {
    const setting = `SELECT current_setting('statement_timeout') AS s, current_setting('idle_in_transaction_session_timeout') AS i`;
    const expected = onServer ? { s: '500ms', i: '500ms' } : { s: '0', i: '0' };
    expect((await ctx.db.query(setting))[0]).toEqual(expected);
    expect((await ctx.app.get(HotStatements).query(setting, []))[0]).toEqual(expected);
  });

  // Only a PostgreSQL server has a second session to hold the lock the request waits on.
  if (onServer) {
    it('answers 503 SERVER_BUSY and writes nothing when a request waits on a lock past the timeout, then serves again', async () => {
      const before = await ctx.countRows('cases');
      const locker = new Client({ connectionString: ctx.databaseUrl });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE cases IN ACCESS EXCLUSIVE MODE');
        const list = await ctx.as(crew.agent).get('/api/cases').expect(503);
        expect(list.body).toEqual({ statusCode: 503, code: 'SERVER_BUSY', message: '系统繁忙，请稍后再试' });
        const submit = await ctx.as(nextOwner(crew)).post('/api/cases')
          .send({ type: 'repair', category: '水电', description: '锁表时提交', houseId: crew.houseId }).expect(503);
        expect(submit.body.code).toBe('SERVER_BUSY');
        await locker.query('ROLLBACK');
      } finally {
        await locker.end();
      }
      expect(await ctx.countRows('cases')).toBe(before);
      await ctx.as(crew.agent).get('/api/cases').expect(200);
      await ctx.as(nextOwner(crew)).post('/api/cases')
        .send({ type: 'repair', category: '水电', description: '解锁后提交', houseId: crew.houseId }).expect(201);
      expect(await ctx.countRows('cases')).toBe(before + 1);
    });
  }
});
