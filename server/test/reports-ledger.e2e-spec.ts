import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { parsePeriod } from '../src/reports/report-period';
import { readLedgerBatch } from '../src/reports/ledger/case-ledger.query';
import { TestContext, type Actor, type World } from './support/test-context';

/** Collects a binary response body as a Buffer. */
const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** The ledger sheet's rows as arrays of cell values (header first). */
async function sheetRows(body: Buffer): Promise<ExcelJS.CellValue[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(body).buffer);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['工单台账']);
  const rows: ExcelJS.CellValue[][] = [];
  wb.getWorksheet('工单台账')!.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return rows;
}

/**
 * March 2025: in community A a repair carried round the loop and rated, an answered inquiry (with a
 * terminal colour code pasted into it), a public-area case left waiting, and a repair rated, reopened
 * by the supervisor, resolved again and confirmed at the window's end without an answer; one repair
 * in community B; one in April. The export limit is 4 cases.
 */
describe('GET /api/reports/case-ledger (工单台账)', () => {
  let ctx: TestContext;
  let world: World;
  let other: World;
  let supervisor: Actor;
  let otherSupervisor: Actor;
  let agent: Actor;
  let handler: Actor;
  let owner: Actor;
  let numbers: string[];
  const march = (w: World) => `/api/reports/case-ledger?from=2025-03-01&to=2025-04-01&communityId=${w.communityId}`;

  beforeAll(async () => {
    ctx = await TestContext.create({ reports: { ledgerMaxRows: 4 } });
    world = await ctx.newWorld();
    other = await ctx.newWorld(1);
    owner = await ctx.newOwner(world.houseIds[0]);
    const otherOwner = await ctx.newOwner(other.houseIds[0]);
    agent = await ctx.newStaff('agent', [world.communityId]);
    handler = await ctx.newStaff('handler', [world.communityId]);
    supervisor = await ctx.newStaff('supervisor', [world.communityId]);
    otherSupervisor = await ctx.newStaff('supervisor', [other.communityId]);

    ctx.clock.set(new Date('2025-03-03T02:00:00Z')); // 10:00 in Shanghai
    const repair = await ctx.newCase(owner, world.houseIds[0]);
    ctx.clock.advance(10 * 60_000);
    await ctx.act(agent, repair.id, 'accept');
    await ctx.act(agent, repair.id, 'assign', { handlerId: handler.id });
    await ctx.act(handler, repair.id, 'start');
    ctx.clock.advance(50 * 60_000);
    await ctx.act(handler, repair.id, 'resolve', { note: '已更换阀芯' });
    await ctx.act(owner, repair.id, 'verify', { fixed: 'yes' });
    await ctx.act(owner, repair.id, 'rate', { overall: 5 });

    ctx.clock.set(new Date('2025-03-10T01:00:00Z'));
    const inquiry = await ctx.newCase(owner, world.houseIds[0], { type: 'inquiry', category: '费用', description: '\u001b[31m物业费怎么交？' });
    await ctx.act(agent, inquiry.id, 'accept');
    await ctx.act(agent, inquiry.id, 'resolve', { note: '可在小程序缴费' });
    await ctx.act(owner, inquiry.id, 'verify', { fixed: 'yes' });

    ctx.clock.set(new Date('2025-03-20T15:59:00Z')); // 23:59 in Shanghai
    const area = await ctx.as(owner).post('/api/cases')
      .send({ type: 'complaint', category: '噪音扰民', description: '=HYPERLINK("http://x") 夜间施工', communityId: world.communityId,
        building: '1栋', location: '1栋电梯厅' })
      .expect(201);

    // The public-area case turns out to repeat the repair.
    await ctx.act(agent, area.body.id, 'cancel', { reason: '重复工单', duplicateOf: repair.id });

    ctx.clock.set(new Date('2025-03-25T02:00:00Z'));
    const reopened = await ctx.newCase(owner, world.houseIds[0], { description: '卫生间漏水' });
    await ctx.act(agent, reopened.id, 'accept');
    await ctx.act(agent, reopened.id, 'assign', { handlerId: handler.id });
    await ctx.act(handler, reopened.id, 'start');
    await ctx.act(handler, reopened.id, 'resolve', { note: '已修好' });
    await ctx.act(owner, reopened.id, 'verify', { fixed: 'yes' });
    await ctx.act(owner, reopened.id, 'rate', { overall: 5 });
    await ctx.act(supervisor, reopened.id, 'reopen', { reason: '业主再次反映' });
    await ctx.act(handler, reopened.id, 'resolve', { note: '更换了防水层' });
    ctx.clock.advance(73 * 3600_000);
    await ctx.sweep();

    await ctx.newCase(otherOwner, other.houseIds[0]);
    ctx.clock.set(new Date('2025-04-02T02:00:00Z'));
    await ctx.newCase(owner, world.houseIds[0], { description: '四月的报修' });
    numbers = [repair.number, inquiry.number, area.body.number, reopened.number];
  });
  afterAll(() => ctx?.close());

  it('lists every case of the period and community, oldest first, as the mini-program labels them', async () => {
    const res = await ctx.as(supervisor).get(march(world)).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`工单台账-小区${world.communityCode}-2025-03-01至2025-03-31.xlsx`));
    expect(res.headers['x-total-count']).toBe('4');
    const [header, ...rows] = await sheetRows(res.body as Buffer);
    expect(header).toEqual(['工单编号', '小区', '类型', '分类', '渠道', '紧急程度', '位置', '问题描述', '联系人', '联系电话', '状态',
      '提交时间', '受理时间', '响应用时（分钟）', '响应超时', '首次处理完成时间', '办结用时（分钟，不含挂起）', '办结超时', '处理人', '催办次数',
      '重办次数', '业主确认', '评分', '回访结果', '建议采纳', '结案时间', '撤销时间', '撤销原因', '重复于']);
    expect(rows.map((r) => r[0])).toEqual(numbers);

    const col = (name: string) => header.indexOf(name);
    const [repair, inquiry, area, reopened] = rows;
    expect(repair.slice(0, 11)).toEqual([numbers[0], `小区${world.communityCode}`, '报修', '水电', '小程序', '一般', '1栋 1单元 101',
      '厨房水龙头漏水', '业主', '138****8000', '已办结']);
    expect(repair[col('提交时间')]).toBe('2025-03-03 10:00');
    expect(repair[col('受理时间')]).toBe('2025-03-03 10:10');
    // Minutes are numbers a sheet can sum, not text.
    expect(repair[col('响应用时（分钟）')]).toBe(10);
    expect(repair[col('办结用时（分钟，不含挂起）')]).toBe(60);
    expect(repair[col('响应超时')]).toBe('否');
    expect(repair[col('处理人')]).toBe(handler.name);
    expect(repair[col('业主确认')]).toBe('已解决');
    expect(repair[col('评分')]).toBe(5);
    // An inquiry's answer is worded as the owner was asked it; the control characters are gone.
    expect(inquiry[col('业主确认')]).toBe('已解答');
    // Answered by the agent without a handler: the agent is who handled it.
    expect(inquiry[col('处理人')]).toBe(agent.name);
    expect(inquiry[col('问题描述')]).toBe('[31m物业费怎么交？');
    // A public area reads its building once; a shared time is Shanghai's day, not UTC's; a leading = stays text.
    expect(area[col('位置')]).toBe('1栋电梯厅');
    expect(area[col('提交时间')]).toBe('2025-03-20 23:59');
    expect(area[col('状态')]).toBe('已撤销');
    expect(area[col('撤销原因')]).toBe('重复工单');
    expect(area[col('重复于')]).toBe(numbers[0]);
    expect(area[col('撤销时间')]).toMatch(/^2025-03-2[01] \d\d:\d\d$/);
    expect(area[col('问题描述')]).toBe('=HYPERLINK("http://x") 夜间施工');
    expect(area[col('受理时间')]).toBeUndefined();
    // After a reopen, the confirmation and the rating are the new cycle's: none, confirmed by the window's end.
    expect(reopened[col('业主确认')]).toBe('超时自动确认');
    expect(reopened[col('评分')]).toBeUndefined();
    expect(reopened[col('重办次数')]).toBe(1);
    expect(reopened[col('状态')]).toBe('待回访');
    expect(repair[col('结案时间')]).toMatch(/^2025-03-03 \d\d:\d\d$/);
  });

  it('names a period not over yet up to today, and says when it was read', async () => {
    const res = await ctx.as(supervisor).get(`/api/reports/case-ledger?from=2025-04-01&to=2025-05-01&communityId=${world.communityId}`)
      .buffer(true).parse(binary).expect(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`工单台账-小区${world.communityCode}-2025-04-01至2025-04-02.xlsx`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    expect(wb.title).toMatch(/^小区.+工单台账（2025-04-01至2025-04-02，截至2025年4月2日10:\d\d）$/);
    const [, ...rows] = await sheetRows(res.body as Buffer);
    expect(rows.map((r) => r[7])).toEqual(['四月的报修']);
  });

  it('holds a running period’s cases up to the moment it names: a case submitted during the export is not in it', async () => {
    ctx.clock.set(new Date('2025-04-02T03:00:00Z')); // 11:00 in Shanghai
    await ctx.newCase(owner, world.houseIds[0], { description: '导出开始后的报修' });
    ctx.clock.set(new Date('2025-04-02T02:30:00Z')); // the export begins at 10:30, before that submission
    const res = await ctx.as(supervisor).get(`/api/reports/case-ledger?from=2025-04-01&to=2025-05-01&communityId=${world.communityId}`)
      .buffer(true).parse(binary).expect(200);
    expect(res.headers['x-total-count']).toBe('1');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    expect(wb.title).toMatch(/，截至2025年4月2日10:30）$/);
    const [, ...rows] = await sheetRows(res.body as Buffer);
    expect(rows.map((r) => r[7])).toEqual(['四月的报修']);
  });

  it('says 截至 on a running period\'s last day too, and names a period not begun as such, with no rows', async () => {
    const april = `/api/reports/case-ledger?from=2025-04-01&to=2025-05-01&communityId=${world.communityId}`;
    ctx.clock.set(new Date('2025-04-30T02:00:00Z')); // 10:00 on the month's last day
    const lastDay = await ctx.as(supervisor).get(april).buffer(true).parse(binary).expect(200);
    expect(lastDay.headers['content-disposition']).toContain(encodeURIComponent('2025-04-01至2025-04-30.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(lastDay.body as Buffer).buffer);
    expect(wb.title).toMatch(/（2025-04-01至2025-04-30，截至2025年4月30日10:00）$/);
    ctx.clock.set(new Date('2025-03-15T02:00:00Z'));
    const ahead = await ctx.as(supervisor).get(april).buffer(true).parse(binary).expect(200);
    expect(ahead.headers['x-total-count']).toBe('0');
    const notBegun = new ExcelJS.Workbook();
    await notBegun.xlsx.load(new Uint8Array(ahead.body as Buffer).buffer);
    expect(notBegun.title).toMatch(/（2025-04-01至2025-04-30，本期尚未开始）$/);
    expect(await sheetRows(ahead.body as Buffer)).toHaveLength(1);
    ctx.clock.set(new Date('2025-04-02T02:30:00Z')); // back where the tests before this one left it
  });

  it('gives a supervisor their own communities only, and refuses another community as not found', async () => {
    const own = await ctx.as(otherSupervisor).get('/api/reports/case-ledger?from=2025-03-01&to=2025-04-01').buffer(true).parse(binary).expect(200);
    const [, ...rows] = await sheetRows(own.body as Buffer);
    expect(rows.map((r) => r[1])).toEqual([`小区${other.communityCode}`]);
    const refused = await ctx.as(otherSupervisor).get(march(world)).expect(404);
    expect(refused.body).toMatchObject({ statusCode: 404, code: 'COMMUNITY_NOT_FOUND' });
  });

  it('is for supervisors and admins: agents, handlers and owners are refused', async () => {
    for (const actor of [agent, handler, owner]) {
      const res = await ctx.as(actor).get(march(world)).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
  });

  it('refuses a period holding more cases than one export may, naming the count, before writing anything', async () => {
    const res = await ctx.as(ctx.admin).get('/api/reports/case-ledger?from=2025-03-01&to=2025-04-01').expect(400);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.body).toMatchObject({ statusCode: 400, code: 'LEDGER_TOO_LARGE', details: { total: 5, limit: 4 } });
    expect(res.body.message).toBe('所选期间共 5 件工单，超过单次导出上限 4 件，请缩短统计期间或选择单个小区');
  });

  it('refuses a malformed or reversed period with the report’s own code', async () => {
    for (const query of ['from=2025-04-01&to=2025-03-01', 'from=2025-13-01&to=2025-14-01', 'to=2025-04-01']) {
      const res = await ctx.as(supervisor).get(`/api/reports/case-ledger?${query}`).expect(400);
      expect(res.body.code).toBe('REPORT_PERIOD_INVALID');
    }
  });

  it('reads in batches that neither skip nor repeat a case, even cases created in the same instant', async () => {
    const period = parsePeriod('2025-03-01', '2025-04-01');
    // Three more cases, two at one instant (the cursor must order them by id as well) and one a
    // microsecond later (the cursor must keep what a JavaScript Date would round away).
    ctx.clock.set(new Date('2025-03-25T02:00:00Z'));
    const same: string[] = [];
    for (let i = 0; i < 3; i++) same.push((await ctx.newCase(owner, world.houseIds[0])).number);
    await ctx.db.query(`UPDATE cases SET created_at = '2025-03-25T02:00:00.000001Z' WHERE number = ANY($1)`, [same.slice(0, 2)]);
    await ctx.db.query(`UPDATE cases SET created_at = '2025-03-25T02:00:00.000002Z' WHERE number = $1`, [same[2]]);
    const seen: string[] = [];
    let after: { cursor: string; id: string } | null = null;
    for (;;) {
      const rows = await readLedgerBatch(ctx.db, period, [world.communityId], after, 2);
      seen.push(...rows.map((r) => r.number));
      if (rows.length < 2) break;
      after = { cursor: rows[1].cursor, id: rows[1].id };
    }
    expect(seen.slice(0, 3)).toEqual(numbers.slice(0, 3));
    expect([...seen.slice(3)].sort()).toEqual([...same, numbers[3]].sort());
    expect(new Set(seen).size).toBe(7);
  });
});
