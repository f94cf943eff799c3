import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Response } from 'supertest';
import { TestContext, type Actor, type World } from './support/test-context';

/** Collects a binary response body as a Buffer. */
const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * March 2025 of one community: six repairs nobody accepted in time (one urgent, whose description
 * carries HTML), so the response rule fires and the backlog is overdue; April: one repair accepted
 * and resolved in time, to score the targets saved for April.
 */
describe('GET /api/reports/work-summary and targets', () => {
  let ctx: TestContext;
  let world: World;
  let other: World;
  let owner: Actor;
  let agent: Actor;
  let handler: Actor;
  let supervisor: Actor;
  let otherSupervisor: Actor;
  let communityName: string;
  const summary = (format: string, from = '2025-03-01', to = '2025-04-01') =>
    `/api/reports/work-summary?from=${from}&to=${to}&communityId=${world.communityId}&format=${format}`;

  beforeAll(async () => {
    ctx = await TestContext.create();
    world = await ctx.newWorld();
    other = await ctx.newWorld(1);
    owner = await ctx.newOwner(world.houseIds[0]);
    agent = await ctx.newStaff('agent', [world.communityId]);
    handler = await ctx.newStaff('handler', [world.communityId]);
    supervisor = await ctx.newStaff('supervisor', [world.communityId]);
    otherSupervisor = await ctx.newStaff('supervisor', [other.communityId]);
    communityName = `小区${world.communityCode}`;

    ctx.clock.set(new Date('2025-03-03T02:00:00Z'));
    await ctx.newCase(owner, world.houseIds[0], { urgency: 'urgent', description: '<script>alert("x")</script> 水管爆裂 & 漏水' });
    for (let i = 0; i < 5; i++) {
      ctx.clock.advance(3600_000);
      await ctx.newCase(owner, world.houseIds[0], { category: i % 2 ? '门窗' : '水电', description: `报修 ${i}` });
    }
    ctx.clock.set(new Date('2025-05-02T00:00:00Z'));
  });
  afterAll(() => ctx?.close());

  it('writes Markdown with the title, the six sections, the figures, the fired rules and SMART targets', async () => {
    const res = await ctx.as(supervisor).get(summary('md')).expect(200);
    expect(res.headers['content-type']).toContain('text/markdown');
    const md: string = res.text;
    expect(md).toContain(`# 《${communityName}2025年3月物业交流服务工作总结》`);
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual(['## 一、概述', '## 二、工作回顾与成果', '## 三、存在问题与不足', '## 四、问题分析与原因剖析', '## 五、改进措施与未来规划']);
    expect(md).toContain('期内共受理业主各类诉求 6 件');
    expect(md).toContain('| 响应及时率 | 0.0% | — |');
    expect(md).toContain('| 受理量（件） | 6 | 0 |');
    // The rule, its threshold and its evidence.
    expect(md).toContain('响应及时率偏低：应响应 6 件，按时受理 0 件，响应及时率 0.0%（判定规则：响应及时率低于 90.0%（应响应工单不少于 5 件））');
    expect(md).toContain('存在超期未办结工单：期末未办结 6 件，其中超期 6 件（100.0%）');
    expect(md).toMatch(/【流程】受理环节耗时长.*6 件超出响应时限/);
    expect(md).toContain('【资源】渠道值守不足：小程序渠道响应及时率 0.0%（6 件）');
    // Target for the response rate: half the gap to 98 %, at least 2 points → 49.0 %, due at the end of April.
    expect(md).toContain('| 响应及时率 | 0.0% | 49.0% | 2025年4月30日 | 客服 |');
    expect(md).toContain('| 超期积压（件） | 6 件 | 3 件 | 2025年4月30日 | 主管 |');
    expect(md).toContain('上期未保存目标');
  });

  it('writes printable HTML with server-drawn SVG charts and escapes what owners wrote', async () => {
    const res = await ctx.as(supervisor).get(summary('html')).expect(200);
    expect(res.headers['content-type']).toContain('text/html');
    const html: string = res.text;
    expect(html).toContain('<!DOCTYPE html>');
    expect(html).toContain(`<h1>《${communityName}2025年3月物业交流服务工作总结》</h1>`);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 水管爆裂 &amp; 漏水');
    expect(html).not.toContain('<script>');
    for (const id of ['trend', 'by-type', 'by-channel', 'response-distribution', 'satisfaction-distribution']) {
      expect(html).toMatch(new RegExp(`<figure id="chart-${id}"><svg[^>]*>`));
    }
    expect(html).toContain('@media print');
  });

  it('writes an Excel workbook with one sheet per table holding the numbers', async () => {
    const res = await ctx.as(supervisor).get(summary('xlsx')).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('物业交流服务工作总结.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['总结', '核心指标', '趋势', '按类型', '按渠道', '响应时间分布', '按分类', '评分分布',
      '紧急工单', '按人员', '问题清单', '原因分析', '下期目标']));
    const key = wb.getWorksheet('核心指标')!;
    const rows = new Map<string, ExcelJS.CellValue[]>();
    key.eachRow((row) => { const v = row.values as ExcelJS.CellValue[]; rows.set(String(v[1]), v); });
    expect(rows.get('受理量（件）')!.slice(2, 4)).toEqual([6, 0]);
    expect(rows.get('响应及时率')![2]).toBe(0);
    expect(key.getRow([...rows.keys()].indexOf('响应及时率') + 1).getCell(2).numFmt).toBe('0.0%');
    const trend = wb.getWorksheet('趋势')!;
    expect(trend.getRow(2).values).toEqual([undefined, '2025-03-03', 6, 0, 6, 0, 0]);
    const urgent = wb.getWorksheet('紧急工单')!;
    expect(urgent.getRow(2).getCell(6).value).toBe('<script>alert("x")</script> 水管爆裂 & 漏水');
    const targets = wb.getWorksheet('下期目标')!;
    expect(targets.getRow(2).values).toEqual([undefined, '响应及时率', '0.0%', '49.0%', '2025年4月30日', '客服']);
  });

  it('writes a Word document with the text, the tables and the charts as images', async () => {
    const res = await ctx.as(supervisor).get(summary('docx')).buffer(true).parse(binary).expect(200);
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain(`《${communityName}2025年3月物业交流服务工作总结》`);
    for (const heading of ['一、概述', '二、工作回顾与成果', '三、存在问题与不足', '四、问题分析与原因剖析', '五、改进措施与未来规划']) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('响应及时率偏低：应响应 6 件，按时受理 0 件，响应及时率 0.0%');
    expect(text).toContain('受理量（件）60'); // a table row: label, this period, previous
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(media.filter((f) => f.endsWith('.svg'))).toHaveLength(5);
    expect(media.filter((f) => f.endsWith('.png'))).toHaveLength(5);
    const png = await zip.file(media.find((f) => f.endsWith('.png'))!)!.async('nodebuffer');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('saves the suggested targets for April and scores them in the April summary', async () => {
    await ctx.as(agent).post('/api/reports/targets').send({ from: '2025-04-01', to: '2025-05-01', communityId: world.communityId }).expect(403);
    await ctx.as(otherSupervisor).post('/api/reports/targets').send({ from: '2025-04-01', to: '2025-05-01', communityId: world.communityId }).expect(404);
    const bad = await ctx.as(supervisor).post('/api/reports/targets').send({ from: '2025-05-01', to: '2025-04-01', communityId: world.communityId }).expect(400);
    expect(bad.body.code).toBe('REPORT_PERIOD_INVALID');

    const saved = await ctx.as(supervisor).post('/api/reports/targets').send({ from: '2025-04-01', to: '2025-05-01', communityId: world.communityId }).expect(201);
    expect(saved.body).toContainEqual({ metric: 'onTimeResponse', label: '响应及时率', baseline: 0, target: 0.49, deadline: '2025-04-30', responsibleRole: 'agent' });
    expect(saved.body).toContainEqual({ metric: 'overdueBacklog', label: '超期积压（件）', baseline: 6, target: 3, deadline: '2025-04-30', responsibleRole: 'supervisor' });
    // A supervisor may set their own figure; saving again replaces it.
    await ctx.as(supervisor).post('/api/reports/targets')
      .send({ from: '2025-04-01', to: '2025-05-01', communityId: world.communityId, targets: [{ metric: 'satisfaction', target: 0.9 }] }).expect(201);
    const listed = await ctx.as(supervisor).get(`/api/reports/targets?from=2025-04-01&to=2025-05-01&communityId=${world.communityId}`).expect(200);
    expect(listed.body.find((t: { metric: string }) => t.metric === 'satisfaction').target).toBe(0.9);
    const rate = await ctx.as(supervisor).post('/api/reports/targets')
      .send({ from: '2025-04-01', to: '2025-05-01', communityId: world.communityId, targets: [{ metric: 'reopen', target: 5 }] }).expect(400);
    expect(rate.body.code).toBe('VALIDATION_FAILED');

    // April: one repair accepted after 10 minutes and resolved the same day.
    ctx.clock.set(new Date('2025-04-10T02:00:00Z'));
    const c = await ctx.newCase(owner, world.houseIds[0]);
    ctx.clock.advance(10 * 60_000);
    await ctx.act(agent, c.id, 'accept');
    await ctx.act(agent, c.id, 'assign', { handlerId: handler.id });
    await ctx.act(handler, c.id, 'start');
    await ctx.act(handler, c.id, 'resolve', { note: '好了' });
    ctx.clock.set(new Date('2025-05-02T00:00:00Z'));

    const md: string = (await ctx.as(supervisor).get(summary('md', '2025-04-01', '2025-05-01')).expect(200)).text;
    expect(md).toContain('上期为本期设定目标 10 项');
    expect(md).toContain('| 响应及时率 | 0.0% | 49.0% | 100.0% | 达成 | 客服 |');
    // The six March cases are still open and overdue at the end of April: the backlog target (3) is missed.
    expect(md).toContain('| 超期积压（件） | 6 件 | 3 件 | 6 件 | 未达成 | 主管 |');
    // No ratings in April: the satisfaction target cannot be scored.
    expect(md).toContain('| 满意率 | — | 90.0% | — | 无数据 | 主管 |');
  });
});
