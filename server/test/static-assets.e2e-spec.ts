import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestContext } from './support/test-context';

/** The H5 build is served beside the API, and never in the API's place. */
describe('H5 build on the same origin', () => {
  let ctx: TestContext;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuye-h5-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>物业工单</title><script src="js/app.0a1b2c3d.js"></script>');
    fs.mkdirSync(path.join(dir, 'js'));
    fs.writeFileSync(path.join(dir, 'js', 'app.0a1b2c3d.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'favicon.ico'), 'icon');
    // A build that happens to contain files named like API routes.
    fs.mkdirSync(path.join(dir, 'api', 'cases'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'api', 'health'), 'a file, not the API');
    fs.writeFileSync(path.join(dir, 'api', 'cases', 'index.html'), 'a file, not the API');
    ctx = await TestContext.create({}, { staticDir: dir });
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page at the root, asked for again each time, so a deploy\'s new scripts are found at once', async () => {
    const res = await ctx.http.get('/').expect(200);
    expect(res.text).toContain('物业工单');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect((await ctx.http.get('/index.html').expect(200)).headers['cache-control']).toBe('no-cache');
  });

  it('lets browsers keep scripts named by their content\'s hash for good, other files for an hour', async () => {
    expect((await ctx.http.get('/js/app.0a1b2c3d.js').expect(200)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await ctx.http.get('/favicon.ico').expect(200)).headers['cache-control']).toBe('public, max-age=3600');
  });

  it('answers /api paths from the API even when the build has a file of that name', async () => {
    const health = await ctx.http.get('/api/health').expect(200);
    expect(health.body.status).toBe('ok');
    const cases = await ctx.http.get('/api/cases').expect(401);
    expect(cases.body.code).toBe('UNAUTHENTICATED');
  });
});
