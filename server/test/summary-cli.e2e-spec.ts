import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { shanghaiDay } from '../src/cases/case-number';
import { summaryCli } from '../src/reports/cli/summary.cli';
import { TestContext } from './support/test-context';

/** `npm run summary`: the work summary from the command line, reading the database it is pointed at. */
describe('summary command', () => {
  let ctx: TestContext;
  let dir: string;
  let said: jest.SpyInstance;

  beforeAll(async () => {
    ctx = await TestContext.create();
    const world = await ctx.newWorld();
    await ctx.newCase(await ctx.newOwner(world.houseIds[0]), world.houseIds[0]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuye-summary-cli-'));
  });
  afterAll(async () => {
    await ctx?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    said = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  const run = (out: string) => {
    const today = shanghaiDay(new Date()).iso;
    const tomorrow = shanghaiDay(new Date(Date.now() + 86_400_000)).iso;
    return summaryCli(['--from', today, '--to', tomorrow, '--out', out], { DATABASE_URL: ctx.databaseUrl, NODE_ENV: 'test' });
  };

  it('writes the summary in the format its file name asks for', async () => {
    const out = path.join(dir, '总结.md');
    expect(await run(out)).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain('物业交流服务工作总结');
    expect(text).toContain('受理');
  });

  it('refuses a data folder with no database in it, and makes none there', async () => {
    const empty = path.join(dir, 'no-database-here');
    const out = path.join(dir, 'none.md');
    const today = shanghaiDay(new Date()).iso;
    expect(await summaryCli(['--from', today, '--to', today, '--out', out], { DATA_DIR: empty, NODE_ENV: 'test' })).toBe(1);
    expect(said).toHaveBeenCalledWith(expect.stringContaining('中没有内置数据库'));
    expect(fs.existsSync(path.join(empty, 'pg'))).toBe(false);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a database that this build would have to migrate, and migrates nothing', async () => {
    const [{ name }] = await ctx.db.query('SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1');
    await ctx.db.query('DELETE FROM migrations WHERE name = $1', [name]);
    try {
      const out = path.join(dir, 'refused.md');
      expect(await run(out)).toBe(1);
      expect(said).toHaveBeenCalledWith(expect.stringContaining('有未执行的迁移'));
      expect(fs.existsSync(out)).toBe(false);
      expect(await ctx.db.query('SELECT 1 FROM migrations WHERE name = $1', [name])).toEqual([]);
    } finally {
      await ctx.db.query('INSERT INTO migrations (timestamp, name) VALUES ($1, $2)', [Number(name.match(/\d{13}/)![0]), name]);
    }
  });
});
