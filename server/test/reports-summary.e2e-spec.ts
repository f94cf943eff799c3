import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Response } from 'supertest';
import { TARGET_METRICS } from '@wuye/shared';
import { TestContext, type Actor, type World } from './support/test-context';

const TARGET_ROWS: readonly string[] = TARGET_METRICS;

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
    expect(headings).toEqual(['## 一、概述', '## 二、工作回顾与成果', '## 三、存在问题与不足', '## 四、问题分析与原因剖析', '## 五、改进措施与未来规划',
      '## 附注：指标口径、判定规则与目标计算方法']);
    expect(md).toContain('期内共受理业主各类诉求 6 件');
    expect(md).toContain('| 响应及时率 | 0.0% | — |');
    expect(md).toContain('| 受理量（件） | 6 | 0 |');
    // The rule, its threshold and its evidence.
    expect(md).toContain('响应及时率偏低：应响应 6 件，按时受理 0 件，响应及时率 0.0%（判定规则：响应及时率低于 90.0%（应响应工单不少于 5 件））');
    expect(md).toContain('存在超期未办结工单：期末未办结 6 件，其中超期 6 件（100.0%）');
    expect(md).toMatch(/【流程】受理环节耗时长.*6 件超出响应时限/);
    expect(md).toContain('【资源】渠道值守不足：小程序渠道响应及时率 0.0%（6 件）');
    // Target for the response rate: half the gap to 98 %, at least 2 points → 49.0 %, due at the end of April.
    expect(md).toContain('| 响应及时率 | 0.0% | 10.0% | 2025年4月30日 | 客服 |');
    expect(md).toContain('| 超期积压（件） | 6 件 | 3 件 | 2025年4月30日 | 主管 |');
    expect(md).toContain('未保存为本期设定的目标');
  });

  it('writes printable HTML with server-drawn SVG charts and escapes what owners wrote', async () => {
    const res = await ctx.as(supervisor).get(summary('html')).expect(200);
    expect(res.headers['content-type']).toContain('text/html');
    const html: string = res.text;
    expect(html).toContain('<!DOCTYPE html>');
    expect(html).toContain(`<h1>《${communityName}2025年3月物业交流服务工作总结》</h1>`);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 水管爆裂 &amp; 漏水');
    expect(html).not.toContain('<script>');
    for (const id of ['trend', 'by-type', 'by-channel']) {
      expect(html).toMatch(new RegExp(`<figure id="chart-${id}"><svg[^>]*>`));
    }
    // Nobody accepted or rated a March case: those two charts would be empty, so only their tables are shown, saying why.
    expect(html).not.toContain('<figure id="chart-response-distribution">');
    expect(html).toContain('<caption>响应时间分布（本期无数据，未作图）</caption>');
    expect(html).toContain('<caption>满意度评分分布（本期无数据，未作图）</caption>');
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
    // Every day of March, the days without cases as 0; the six cases of 3 March on its row.
    expect(trend.rowCount).toBe(1 + 31);
    expect(trend.getRow(2).values).toEqual([undefined, '2025-03-01', 0, 0, 0, 0]);
    expect(trend.getRow(4).values).toEqual([undefined, '2025-03-03', 6, 0, 6, 0, 0]);
    const urgent = wb.getWorksheet('紧急工单')!;
    expect(urgent.getRow(2).getCell(6).value).toBe('<script>alert("x")</script> 水管爆裂 & 漏水');
    const targets = wb.getWorksheet('下期目标')!;
    // Targets are numbers formatted like the text, not text.
    expect(targets.getRow(2).values).toEqual([undefined, '响应及时率', 0, 0.1, '2025年4月30日', '客服']);
    expect([2, 3].map((i) => targets.getRow(2).getCell(i).numFmt)).toEqual(['0.0%', '0.0%']);
    const backlog = targets.getRow(TARGET_ROWS.indexOf('overdueBacklog') + 2);
    expect(backlog.values).toEqual([undefined, '超期积压（件）', 6, 3, '2025年4月30日', '主管']);
    expect(backlog.getCell(3).numFmt).toBe('0" 件"');
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
    // Trend, type and channel; the response-time and score charts of March would be empty (no table is drawn as a chart).
    expect(media.filter((f) => f.endsWith('.svg'))).toHaveLength(3);
    expect(media.filter((f) => f.endsWith('.png'))).toHaveLength(3);
    const png = await zip.file(media.find((f) => f.endsWith('.png'))!)!.async('nodebuffer');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('draws the trend over every day or week of the period, days without cases as 0, and not past now', async () => {
    const trend = async (from: string, to: string, unit: string, title = '图表数据') =>
      tableRows((await ctx.as(supervisor).get(summary('md', from, to)).expect(200)).text, `受理与处理趋势（按${unit}）（${title}）`)
        .map((r) => r.slice(0, 2));
    // The six cases of 3 March; the days around it received nothing and are on the chart as 0, not left out.
    expect(await trend('2025-03-01', '2025-03-08', '日')).toEqual([
      ['2025-03-01', '0'], ['2025-03-02', '0'], ['2025-03-03', '6'], ['2025-03-04', '0'], ['2025-03-05', '0'], ['2025-03-06', '0'], ['2025-03-07', '0']]);
    // Weeks (63 days): every week from the one holding 1 January 2025 (a Wednesday) to the one holding 4 March; the first
    // week is labelled with the period's first day, not with Monday 30 December 2024, which lies outside the period.
    const weeks = await trend('2025-01-01', '2025-03-05', '周');
    expect(weeks.map((r) => r[0])).toEqual(['2025-01-01', '2025-01-06', '2025-01-13', '2025-01-20', '2025-01-27', '2025-02-03', '2025-02-10',
      '2025-02-17', '2025-02-24', '2025-03-03']);
    expect(weeks.at(-1)).toEqual(['2025-03-03', '6']);
    // A period that is not over (now is 2 May 2025, 08:00 in Shanghai) ends its trend today, not with days still to come.
    // (No case in it: the table without its chart.)
    expect((await trend('2025-04-28', '2025-05-05', '日', '本期无数据，未作图')).map((r) => r[0])).toEqual(['2025-04-28', '2025-04-29', '2025-04-30', '2025-05-01', '2025-05-02']);
  });

  it('shortens a long description in the urgent cases table with an ellipsis, not mid-sentence without a mark', async () => {
    const now = ctx.clock.now();
    ctx.clock.set(new Date('2025-06-10T02:00:00Z'));
    const long = `${'电梯在九楼和十楼之间停住，'.repeat(5)}里面有人`;
    await ctx.newCase(owner, world.houseIds[0], { urgency: 'urgent', category: '电梯', description: long });
    ctx.clock.set(now);
    const [row] = tableRows((await ctx.as(supervisor).get(summary('md', '2025-06-01', '2025-07-01')).expect(200)).text, '紧急工单（最多 20 件）');
    expect(row[5]).toBe(`${[...long].slice(0, 59).join('')}…`);
  });

  it('saves the suggested targets for April and scores them in the April summary', async () => {
    await ctx.as(agent).post('/api/reports/targets').send({ from: '2025-04-01', to: '2025-05-01', communityId: world.communityId }).expect(403);
    await ctx.as(otherSupervisor).post('/api/reports/targets').send({ from: '2025-04-01', to: '2025-05-01', communityId: world.communityId }).expect(404);
    const bad = await ctx.as(supervisor).post('/api/reports/targets').send({ from: '2025-05-01', to: '2025-04-01', communityId: world.communityId }).expect(400);
    expect(bad.body.code).toBe('REPORT_PERIOD_INVALID');

    const saved = await ctx.as(supervisor).post('/api/reports/targets').send({ from: '2025-04-01', to: '2025-05-01', communityId: world.communityId }).expect(201);
    expect(saved.body).toContainEqual({ metric: 'onTimeResponse', label: '响应及时率', baseline: 0, target: 0.1, deadline: '2025-04-30', responsibleRole: 'agent' });
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
    expect(md).toContain('为本期设定目标 10 项');
    expect(md).toContain('| 响应及时率 | 0.0% | 10.0% | 100.0% | 达成 | 客服 |');
    // The six March cases are still open and overdue at the end of April: the backlog target (3) is missed.
    expect(md).toContain('| 超期积压（件） | 6 件 | 3 件 | 6 件 | 未达成 | 主管 |');
    // No ratings in April: the satisfaction target cannot be scored.
    expect(md).toContain('| 满意率 | — | 90.0% | — | 无数据 | 主管 |');
  });

  it('gives a period not begun no backlog and judges none of its targets, not even the counts', async () => {
    ctx.clock.set(new Date('2025-05-02T00:00:00Z')); // the six March cases are open and overdue now
    const june = { from: '2025-06-01', to: '2025-07-01', communityId: world.communityId };
    await ctx.as(supervisor).post('/api/reports/targets').send(june).expect(201);
    const metrics = await ctx.as(supervisor).get('/api/reports/metrics').query(june).expect(200);
    expect(metrics.body.backlog).toEqual({ open: 0, overdue: 0, unacceptedOverdue: 0 });
    const md: string = (await ctx.as(supervisor).get(summary('md', june.from, june.to)).expect(200)).text;
    expect(md).toContain('期末未办结 0 件（超期 0 件）');
    expect(md).toMatch(/\| 超期积压（件） \| \d+ 件 \| \d+ 件 \| — \| 无数据 \| 主管 \|/);
    expect(md).toMatch(/\| 重复投诉（件） \| \d+ 件 \| \d+ 件 \| — \| 无数据 \| 主管 \|/);
    expect(md).not.toMatch(/\| (达成|未达成) \|/);
    expect(md).toContain('本期各项指标均未触发问题判定规则');
  });
});

/** What a reader sees of each format: the text, the page's text, the Word document's runs and alt texts, the workbook's cells and sheet names. */
async function visibleText(format: string, body: string | Buffer): Promise<string> {
  if (format === 'md') return body as string;
  if (format === 'html') {
    return (body as string).replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ')
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  }
  if (format === 'docx') {
    const xml = await (await JSZip.loadAsync(body as Buffer)).file('word/document.xml')!.async('string');
    const runs = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]);
    const alt = [...xml.matchAll(/<wp:docPr [^>]*>/g)].flatMap((m) => [...m[0].matchAll(/(?:name|descr|title)="([^"]*)"/g)].map((a) => a[1]));
    return [...runs, ...alt].join('\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(body as Buffer).buffer);
  const texts: string[] = [];
  for (const ws of wb.worksheets) {
    texts.push(ws.name);
    ws.eachRow((row) => row.eachCell((cell) => { if (typeof cell.value === 'string') texts.push(cell.value); }));
  }
  return texts.join('\n');
}

/** The cells of the rows of a Markdown table, found by its bold title line. */
function tableRows(md: string, title: string): string[][] {
  const lines = md.split('\n');
  const start = lines.indexOf(`**${title}**`);
  if (start < 0) throw new Error(`no table ${title}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 4)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(2, -2).split(' | '));
  }
  return rows;
}

/** Characters XML 1.0 does not allow in a document (Word and Excel refuse such a file). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * November 2025 of a second community, against 31 October: two repairs on 31 October nobody
 * accepted; in November two repairs and a complaint accepted in time and resolved (the repairs
 * confirmed fixed, the complaint not), a repeat of the complaint nobody accepted, and an urgent
 * repair accepted in time whose description carries HTML and control characters. December: one
 * repair accepted in time.
 */
describe('work summary: targets carried to the next period, Chinese only, complaint figures, escaping', () => {
  let ctx: TestContext;
  let world: World;
  let owner: Actor;
  let agent: Actor;
  let handler: Actor;
  let supervisor: Actor;
  const HOSTILE = '<img src=x onerror=alert(1)>漏水\u001b[31m红\u0001\u000b\u000c\u001f\u007f\uffff字';
  const summary = (format: string, from: string, to: string) =>
    `/api/reports/work-summary?from=${from}&to=${to}&communityId=${world.communityId}&format=${format}`;
  const get = async (format: string, from = '2025-11-01', to = '2025-12-01'): Promise<string | Buffer> => {
    const req = ctx.as(supervisor).get(summary(format, from, to));
    const res = format === 'md' || format === 'html' ? await req.expect(200) : await req.buffer(true).parse(binary).expect(200);
    return format === 'md' || format === 'html' ? res.text : (res.body as Buffer);
  };

  beforeAll(async () => {
    ctx = await TestContext.create();
    world = await ctx.newWorld(2);
    owner = await ctx.newOwner(world.houseIds[0]);
    agent = await ctx.newStaff('agent', [world.communityId]);
    handler = await ctx.newStaff('handler', [world.communityId]);
    supervisor = await ctx.newStaff('supervisor', [world.communityId]);
    const acceptedInTime = async (body: Parameters<TestContext['newCase']>[2]) => {
      const c = await ctx.newCase(owner, world.houseIds[0], body);
      ctx.clock.advance(10 * 60_000);
      await ctx.act(agent, c.id, 'accept');
      return c;
    };
    const resolved = async (body: Parameters<TestContext['newCase']>[2], fixed: 'yes' | 'no') => {
      const c = await acceptedInTime(body);
      await ctx.act(agent, c.id, 'assign', { handlerId: handler.id });
      await ctx.act(handler, c.id, 'start');
      await ctx.act(handler, c.id, 'resolve', { note: '已处理' });
      await ctx.act(owner, c.id, 'verify', fixed === 'yes' ? { fixed } : { fixed, reason: '仍然很吵' });
    };

    ctx.clock.set(new Date('2025-10-31T02:00:00Z'));
    await ctx.newCase(owner, world.houseIds[0]);
    await ctx.newCase(owner, world.houseIds[0]);
    ctx.clock.set(new Date('2025-11-05T02:00:00Z'));
    await resolved({}, 'yes');
    await resolved({}, 'yes');
    await resolved({ type: 'complaint', category: '噪音扰民', description: '楼上装修噪音' }, 'no');
    await ctx.newCase(owner, world.houseIds[0], { type: 'complaint', category: '噪音扰民', description: '楼上装修噪音，再次投诉' });
    await acceptedInTime({ urgency: 'urgent', description: HOSTILE });
    ctx.clock.set(new Date('2025-12-03T02:00:00Z'));
    await acceptedInTime({});
    ctx.clock.set(new Date('2026-01-02T00:00:00Z'));
  });
  afterAll(() => ctx?.close());

  it('adopts for December exactly the targets the November summary printed, and scores them in December', async () => {
    // November: 5 cases due a response, 4 accepted in time → 80.0 %; target 80 + max(2, (98 − 80) / 2) = 89.0 %.
    // (31 October–30 November, the same number of days as December, would give 4/7 → 77.6 %.)
    const november = await get('md') as string;
    expect(november).toContain('| 响应及时率 | 80.0% | 89.0% | 2025年12月31日 | 客服 |');

    // Nothing saved for December yet: the December summary scores what November suggested, and says so.
    const before = await get('md', '2025-12-01', '2026-01-01') as string;
    expect(before).toContain('未保存为本期设定的目标，以下按2025年11月工作总结提出的建议目标对照考核（建议目标，未经保存确认），共 10 项');
    expect(before).toContain('| 指标 | 基线 | 建议目标 | 实际 | 是否达成 | 责任岗位 |');
    expect(before).toContain('| 响应及时率 | 80.0% | 89.0% | 100.0% | 达成 | 客服 |');

    const saved = await ctx.as(supervisor).post('/api/reports/targets').send({ from: '2025-12-01', to: '2026-01-01', communityId: world.communityId }).expect(201);
    expect(saved.body).toContainEqual({ metric: 'onTimeResponse', label: '响应及时率', baseline: 0.8, target: 0.89, deadline: '2025-12-31', responsibleRole: 'agent' });

    const after = await get('md', '2025-12-01', '2026-01-01') as string;
    expect(after).toContain('为本期设定目标 10 项');
    expect(after).toContain('| 响应及时率 | 80.0% | 89.0% | 100.0% | 达成 | 客服 |');
    // Every metric, current value and target November printed is what December scores against.
    const firstColumns = (md: string, title: string) => tableRows(md, title).map((r) => r.slice(0, 3));
    expect(firstColumns(after, '为本期设定目标的完成情况')).toEqual(firstColumns(november, '下期（2025年12月1日至2025年12月31日）目标'));
    expect(firstColumns(after, '为本期设定目标的完成情况')).toHaveLength(10);
  });
  it('states the complaint resolution rate from the complaints alone', async () => {
    const md = await get('md') as string;
    // All types: 2 of 3 judged cases solved (66.7 %); complaints: the one judged was not solved.
    expect(md).toContain('解决率 66.7%');
    expect(md).toContain('【流程】投诉解决率 0.0%（经业主确认或回访的投诉 1 件，判定已解决 0 件），处理后核实不足');
  });

  it.each(['md', 'html', 'docx', 'xlsx'])('shows the reader Chinese only in %s: no rule codes, repository paths or English terms', async (format) => {
    const body = await get(format);
    let text = await visibleText(format, body);
    expect(text).toContain('存在重复投诉');
    expect(text).toContain('响应及时率偏低：响应及时率低于 90.0%（应响应工单不少于 5 件）');
    // What an owner wrote, the community code (in case numbers) and the staff names are data, not the document's words.
    for (const data of ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;', '[31m', world.communityCode, agent.name, handler.name]) {
      text = text.split(data).join('');
    }
    expect(text).not.toMatch(/[A-Za-z]/);
  });

  it('escapes HTML and drops control characters from what owners wrote, in every format', async () => {
    const md = await get('md') as string;
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;漏水\\[31m红字');
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(NOT_XML);
    expect(md).not.toContain('\u007f');
    const html = await get('html') as string;
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;漏水[31m红字');
    expect(html).not.toMatch(NOT_XML);
    for (const format of ['docx', 'xlsx']) {
      const zip = await JSZip.loadAsync(await get(format) as Buffer);
      const parts = Object.keys(zip.files).filter((f) => f.endsWith('.xml'));
      for (const part of parts) expect({ part, bad: NOT_XML.test(await zip.file(part)!.async('string')) }).toEqual({ part, bad: false });
      expect(await visibleText(format, await get(format))).toContain('<img src=x onerror=alert(1)>漏水[31m红字');
    }
  });
});
