import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { PeriodFigures, SummaryDetails } from './metrics.query';
import { renderDocx } from './render/docx';
import { renderHtml } from './render/html';
import { escapeMarkdown, renderMarkdown } from './render/markdown';
import { renderXlsx } from './render/xlsx';
import { nextPeriod, parsePeriod, previousPeriod } from './report-period';
import { buildSummaryDocument, type SummaryData } from './summary-document';
import { findProblems, RULES, suggestTargets } from './summary-rules';

const period = parsePeriod('2025-03-01', '2025-04-01');

/** March 2025: 80 cases due a response, 23 in time; 57 ratings summing to 242 (mean 4.2456…). */
const figures = (over: Partial<PeriodFigures> = {}): PeriodFigures => ({
  period: { from: '2025-03-01', to: '2025-04-01' },
  scope: { communityIds: null },
  received: { total: 90, byType: { repair: 60, complaint: 30 }, byChannel: { miniapp: 90 }, byCategory: { 水电: 90 }, byUrgency: { normal: 90 }, byBuilding: { '1栋': 90 } },
  cancelled: 0,
  rates: { onTimeResponse: 23 / 80, onTimeResolution: 0.9, resolution: 0.9, satisfaction: 50 / 57, ratingParticipation: 0.7, followUp: 1, reopen: 0.05 },
  // What the metrics API reports: the mean rounded to two decimals.
  satisfactionMean: 4.25,
  responseMinutes: { mean: 10, median: 10, p90: 20 },
  resolutionMinutes: { mean: 100, median: 90, p90: 300 },
  urges: { count: 0, casesUrged: 0, liveCasesUrged: 0 },
  repeatComplaints: 0,
  backlog: { open: 2, overdue: 0, unacceptedOverdue: 0 },
  awaiting: { followUps: 0, ratings: 0 },
  byStaff: [{ staffId: 's1', name: '王师傅', handled: 80, medianResolutionMinutes: 90, satisfaction: 0.9, reopenRate: 0.05 }],
  counts: { responseDue: 80, respondedOnTime: 23, resolved: 80, resolvedOnTime: 72, judged: 10, solved: 9, ratings: 57, goodRatings: 50,
    ratingSum: 242, ratedCases: 56, followUpRequired: 5, followedUp: 5, reopened: 4 },
  ...over,
});

const details = (over: Partial<SummaryDetails> = {}): SummaryDetails => ({
  trendUnit: 'day', trend: [], categories: [], channels: [],
  ratingDistribution: { '1': 0, '2': 0, '3': 7, '4': 20, '5': 30 },
  responseDistribution: [], urgent: { received: 0, resolved: 0, resolvedOnTime: 0, cases: [] },
  suggestions: { received: 0, resolved: 0, adopted: 0, notAdopted: 0, solved: 0 }, complaints: 30, complaintFeedback: { judged: 4, solved: 1 },
  ...over,
});

function data(f: PeriodFigures, d: SummaryDetails): SummaryData {
  return {
    scopeName: '幸福里', period, previousPeriod: previousPeriod(period), nextPeriod: nextPeriod(period),
    current: f, previous: figures({ rates: { ...f.rates, onTimeResponse: null } }), details: d, problems: findProblems(f, d),
    targets: suggestTargets(f, nextPeriod(period)), targetsPrintedAt: null, scoredTargets: [], scoredTargetsSource: null, generatedAt: new Date('2025-04-02T00:00:00Z'),
  };
}

async function workbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(buffer).buffer);
  return wb;
}

describe('work summary rounding', () => {
  it('prints 23/80 as 28.8% and the mean 242/57 as 4.2 — as the workbook shows the same values', async () => {
    const doc = buildSummaryDocument(data(figures(), details()));
    const md = renderMarkdown(doc);
    expect(md).toContain('响应及时率 28.8%，');
    expect(md).toContain('| 响应及时率 | 28.8% |');
    expect(md).toContain('满意率 87.7%（平均 4.2 分）');
    expect(md).toContain('| 平均评分 | 4.2 |');

    const key = (await workbook(await renderXlsx(doc))).getWorksheet('核心指标')!;
    const row = (label: string) => { let found!: ExcelJS.Row; key.eachRow((r) => { if (r.getCell(1).value === label) found = r; }); return found; };
    // Excel shows 0.2875 under `0.0%` as 28.8% and 4.2456… under `0.0` as 4.2.
    expect(row('响应及时率').getCell(2).value).toBe(23 / 80);
    expect(row('响应及时率').getCell(2).numFmt).toBe('0.0%');
    expect(row('平均评分').getCell(2).value).toBe(242 / 57);
    expect(row('平均评分').getCell(2).numFmt).toBe('0.0');
  });

  it('prints 占比 columns that add up to 100.0%, in the document and the workbook', async () => {
    const received = { total: 3, byType: { repair: 1, complaint: 1, inquiry: 1 }, byChannel: { miniapp: 3 }, byCategory: { 水电: 3 },
      byUrgency: { normal: 3 }, byBuilding: { '1栋': 3 } };
    // 3 of 7 ratings each for 4 and 5 stars, 1 for 3 stars: 42.857…% twice and 14.285…%.
    const doc = buildSummaryDocument(data(figures({ received }), details({ ratingDistribution: { '1': 0, '2': 0, '3': 1, '4': 3, '5': 3 } })));
    const md = renderMarkdown(doc);
    // Equal counts are listed by type code (complaint, inquiry, repair); the spare tenth goes to the first.
    expect(md).toContain('| 投诉 | 1 | 33.4% |');
    expect(md).toContain('| 咨询 | 1 | 33.3% |');
    expect(md).toContain('| 报修 | 1 | 33.3% |');
    expect(md).toContain('| 3 分 | 1 | 14.3% |');
    expect(md).toContain('| 4 分 | 3 | 42.9% |');
    expect(md).toContain('| 5 分 | 3 | 42.8% |');

    const sheet = (await workbook(await renderXlsx(doc))).getWorksheet('按类型')!;
    const shares: number[] = [];
    sheet.eachRow((r) => { const v = r.getCell(3).value; if (typeof v === 'number') shares.push(v); });
    expect(shares).toEqual([0.334, 0.333, 0.333]);
  });

  it('states a change as the difference of the two figures as printed', () => {
    // 满意率 83.3% against 80.8% (exactly 2.56… points); 平均评分 4.3 against 4.3 (4.3 and 4.28…).
    const current = figures({ rates: { ...figures().rates, satisfaction: 5 / 6 }, counts: { ...figures().counts, ratings: 60, ratingSum: 258 } });
    const doc = buildSummaryDocument({
      ...data(current, details()),
      previous: figures({ rates: { ...figures().rates, satisfaction: 21 / 26 }, counts: { ...figures().counts, ratings: 57, ratingSum: 244 } }),
    });
    const md = renderMarkdown(doc);
    expect(md).toContain('| 满意率 | 83.3% | 80.8% | +2.5 个百分点 |');
    expect(md).toContain('| 平均评分 | 4.3 | 4.3 | +0（+0.0%） |');
  });

  it('lists among the biggest changes only rates whose printed figures differ', () => {
    // Every rate as last period, but 满意率 85.0% against 84.96…%: the same as printed, no change to name.
    const rates = { ...figures().rates, satisfaction: 0.85 };
    const doc = buildSummaryDocument({
      ...data(figures({ rates }), details()),
      previous: figures({ rates: { ...rates, satisfaction: 0.8496 } }),
    });
    const md = renderMarkdown(doc);
    expect(md).not.toContain('满意率由 85.0% 变为 85.0%');
    expect(md).toContain('与上期相比，各项比率没有可比较的变化。');
  });
});

describe('work summary language', () => {
  it('names every fired rule in Chinese, states the rules and formulas in an appendix, and shows no code or path', () => {
    // Every rule fires.
    const f = figures({
      rates: { onTimeResponse: 0.5, onTimeResolution: 0.5, resolution: 0.5, satisfaction: 0.5, ratingParticipation: 0.2, followUp: 0.5, reopen: 0.3 },
      urges: { count: 30, casesUrged: 20, liveCasesUrged: 18 }, repeatComplaints: 2, backlog: { open: 10, overdue: 4, unacceptedOverdue: 1 },
    });
    const d = details({
      channels: [{ channel: 'phone', received: 8, responseDue: 8, respondedOnTime: 2, medianResponseMinutes: 45 }],
      categories: [{ category: '电梯', received: 6, resolved: 6, resolvedOnTime: 2, medianResolutionMinutes: 2000, ratings: 6, goodRatings: 2, reopened: 2 }],
    });
    const input = data(f, d);
    expect(new Set(input.problems.map((p) => p.rule))).toEqual(new Set(Object.keys(RULES)));
    const md = renderMarkdown(buildSummaryDocument(input));
    expect(md).toContain('| 问题 | 判定阈值 | 依据数据 |');
    expect(md).toContain('## 附注：指标口径、判定规则与目标计算方法');
    expect(md).toContain('- 响应及时率偏低：响应及时率低于 90.0%（应响应工单不少于 5 件）');
    expect(md).toContain('- 响应及时率、按时办结率、解决率、满意率、参评率、回访率：缩小本期值与 98.0% 差距的一半，至少提高 2 个百分点、至多提高 10 个百分点，最高 99.0%');
    expect(md).toContain('（计算方法见文末附注）');
    expect(md).not.toMatch(/[A-Za-z]/);
  });

  it('says what 上期 is as previousPeriod takes it: the month before for a month, not the same number of days', () => {
    const md = renderMarkdown(buildSummaryDocument(data(figures(), details())));
    // March 2025 (31 days) is compared with February (28 days), as the overview says.
    expect(previousPeriod(period)).toMatchObject({ from: '2025-02-01', to: '2025-03-01' });
    expect(md).toContain('较上期（2025年2月1日至2025年2月28日）');
    expect(md).toContain('- “上期”指本期之前的同等期间：整月的期间为之前相同月数的整月（如 11 月的上期为 10 月），否则为之前天数相同的期间。');
    // 未办结 here is narrower than the lifecycle's 已办结 (closed): the appendix says which cases it counts.
    expect(md).toContain('期末未办结：期末仍待受理、已受理、已派单、处理中或挂起的工单（已处理完成、等待业主确认或回访的不计）。');
    expect(md).not.toContain('“上期”指本期之前天数相同的期间');
  });
});

describe('the workbook', () => {
  /** Width of a text as Excel counts it in a column: a Chinese character takes two digits' room. */
  const displayWidth = (text: string) => [...text].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);

  it('holds the numerator and denominator of every rate, this period and last, next to the rate', async () => {
    const doc = buildSummaryDocument(data(figures(), details()));
    const sheet = (await workbook(await renderXlsx(doc))).getWorksheet('比率明细')!;
    const rows = new Map<string, ExcelJS.CellValue[]>();
    sheet.eachRow((r) => { const v = r.values as ExcelJS.CellValue[]; rows.set(String(v[1]), v.slice(1)); });
    expect(rows.get('指标')).toEqual(['指标', '分子', '分母', '本期分子', '本期分母', '本期', '上期分子', '上期分母', '上期']);
    // The previous period's rate here has no figure (the test's previous period): an empty cell, not 0.
    expect(rows.get('响应及时率')!.slice(0, 8)).toEqual(['响应及时率', '按时受理（件）', '应响应（件）', 23, 80, 23 / 80, 23, 80]);
    expect(rows.get('响应及时率')![8] ?? null).toBeNull();
    expect(rows.get('回访率')).toEqual(['回访率', '已回访（件）', '需回访（件）', 5, 5, 1, 5, 5, 1]);
    expect(rows.get('平均评分')!.slice(0, 6)).toEqual(['平均评分', '评分合计（分）', '评价（条）', 242, 57, 242 / 57]);
    expect([...rows.keys()]).toEqual(['指标', '响应及时率', '按时办结率', '解决率', '满意率', '平均评分', '参评率', '回访率', '重办率']);
    expect(renderMarkdown(doc)).toContain('| 回访率 | 已回访（件） | 需回访（件） | 5 | 5 | 100.0% | 5 | 5 | 100.0% |');
  });

  it('sizes each column to its text, wrapping the long ones, so no threshold, evidence or cause is cut off', async () => {
    const wb = await workbook(await renderXlsx(buildSummaryDocument(data(figures(), details()))));
    const problems = wb.getWorksheet('问题清单')!;
    const threshold = String(problems.getRow(2).getCell(2).value);
    expect(threshold).toBe('响应及时率低于 90.0%（应响应工单不少于 5 件）');
    expect(problems.getColumn(2).width).toBeGreaterThanOrEqual(displayWidth(threshold));
    const causes = wb.getWorksheet('原因分析')!;
    const longest = Math.max(...causes.getColumn(3).values.map((v) => displayWidth(String(v ?? ''))));
    expect(causes.getColumn(3).width! >= longest || causes.getColumn(3).alignment?.wrapText === true).toBe(true);
    // The cover's paragraphs wrap inside the page's width instead of running off to the right.
    expect(wb.getWorksheet('总结')!.getColumn(1).alignment?.wrapText).toBe(true);
  });
});

describe('the Word document', () => {
  /** The column widths (twips) of the table printed after the bold title `title`. */
  async function gridOf(doc: Buffer, title: string): Promise<number[]> {
    const xml = await (await JSZip.loadAsync(doc)).file('word/document.xml')!.async('string');
    const grid = /<w:tblGrid>(.*?)<\/w:tblGrid>/.exec(xml.slice(xml.indexOf(`>${title}</w:t>`)))![1];
    return [...grid.matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1]));
  }

  it('gives a table\'s columns room by their text, within the page, instead of equal thirds', async () => {
    const docx = await renderDocx(buildSummaryDocument(data(figures(), details())));
    const [problem, dimension, analysis] = await gridOf(docx, '问题原因分析');
    // 维度 holds two characters (流程), 分析 whole sentences: equal widths squeezed every cause into a narrow column.
    expect(analysis).toBeGreaterThan(3 * dimension);
    expect(problem).toBeGreaterThan(dimension);
    // A4 less the margins: 11906 − 2 × 1440 twips.
    expect(problem + dimension + analysis).toBeLessThanOrEqual(9026);
    expect(problem + dimension + analysis).toBeGreaterThan(9000);
  });
});

describe('a period that is not over', () => {
  it('says the figures are as of the time the summary was made, in the heading, the overview and the targets scored', () => {
    const input = { ...data(figures(), details()), generatedAt: new Date('2025-03-16T04:00:00Z'), scoredTargetsSource: 'suggested' as const };
    const md = renderMarkdown(buildSummaryDocument(input));
    expect(md).toContain('> 统计期间：2025年3月1日—2025年3月31日（截至2025年3月16日12:00）；');
    expect(md).toContain('本期尚未结束，以下数据截至2025年3月16日12:00：期末未办结指截至该时点仍未办结的工单，与上期的比较和目标完成情况均为阶段性结果。');
    expect(md).toMatch(/### 本期目标完成情况\n\n本期尚未结束，以下为截至2025年3月16日12:00的阶段性完成情况。/);
  });

  it('says nothing of the kind once it is over', () => {
    const md = renderMarkdown(buildSummaryDocument(data(figures(), details())));
    expect(md).not.toContain('截至');
    expect(md).not.toContain('本期尚未');
  });

  it('says a period that has not begun has no figures yet', () => {
    const md = renderMarkdown(buildSummaryDocument({ ...data(figures(), details()), generatedAt: new Date('2025-02-20T04:00:00Z') }));
    expect(md).toContain('本期尚未开始（现为2025年2月20日12:00），暂无数据。');
  });
});

/** A period without a single case, as the metrics query reads it. */
const emptyFigures = (): PeriodFigures => figures({
  received: { total: 0, byType: {}, byChannel: {}, byCategory: {}, byUrgency: {}, byBuilding: {} },
  rates: { onTimeResponse: null, onTimeResolution: null, resolution: null, satisfaction: null, ratingParticipation: null, followUp: null, reopen: null },
  satisfactionMean: null,
  responseMinutes: { mean: null, median: null, p90: null },
  resolutionMinutes: { mean: null, median: null, p90: null },
  backlog: { open: 0, overdue: 0, unacceptedOverdue: 0 },
  byStaff: [],
  counts: { responseDue: 0, respondedOnTime: 0, resolved: 0, resolvedOnTime: 0, judged: 0, solved: 0, ratings: 0, goodRatings: 0,
    ratingSum: 0, ratedCases: 0, followUpRequired: 0, followedUp: 0, reopened: 0 },
});
const emptyDetails = (): SummaryDetails => details({
  trend: [{ bucket: '2025-03-01', received: 0, resolved: 0, responseDue: 0, respondedOnTime: 0 }],
  ratingDistribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
  responseDistribution: [{ bucket: '≤15分钟', count: 0 }], complaints: 0, complaintFeedback: { judged: 0, solved: 0 },
});
/** The running text of a Markdown document: its paragraphs and list items, not its tables or the heading's date range. */
const prose = (md: string) => md.split('\n').filter((line) => line && !/^(\||\*\*|> )/.test(line)).join('\n');

describe('a period with few or no cases', () => {
  it('says in words that there were no cases, instead of a row of dashes and empty charts', () => {
    const doc = buildSummaryDocument(data(emptyFigures(), emptyDetails()));
    const md = renderMarkdown(doc);
    expect(md).toContain('本期未受理工单，各项比率和用时均无数据。');
    expect(md).toContain('本期无未撤销的工单，无人员经办。');
    expect(prose(md)).not.toContain('—');
    // No chart of nothing (empty axes, a grey ring): the data table stands alone and says why.
    expect(renderHtml(doc)).not.toContain('<figure');
    expect(md).toContain('**满意度评分分布（本期无数据，未作图）**');
  });

  it('names the figures that have no data yet instead of printing a dash for each', () => {
    const f = figures({
      rates: { ...figures().rates, satisfaction: null, ratingParticipation: 0, followUp: null, resolution: null },
      satisfactionMean: null,
      resolutionMinutes: { mean: null, median: null, p90: null },
      counts: { ...figures().counts, judged: 0, solved: 0, ratings: 0, goodRatings: 0, ratingSum: 0, ratedCases: 0, followUpRequired: 0, followedUp: 0 },
    });
    const md = renderMarkdown(buildSummaryDocument(data(f, details({ ratingDistribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } }))));
    expect(md).toContain('响应及时率 28.8%，按时办结率 90.0%，重办率 5.0%；解决率、满意率、回访率本期无数据。');
    expect(prose(md)).not.toContain('—');
  });
});

describe('Markdown escaping', () => {
  it.each([
    ['<img src=x onerror=alert(1)>漏水', '&lt;img src=x onerror=alert(1)&gt;漏水'],
    ['A & B', 'A &amp; B'],
    ['[点我](http://钓鱼) *强调* `代码` # 标题 | 列', '\\[点我\\](http://钓鱼) \\*强调\\* \\`代码\\` \\# 标题 \\| 列'],
    ['第一行\r\n# 第二行\t列', '第一行 \\# 第二行 列'],
    ['反斜杠\\', '反斜杠\\\\'],
  ])('escapes %p', (text, md) => {
    expect(escapeMarkdown(text)).toBe(md);
  });

  it('words an urgent case awaiting its rating 待评价 and one whose visit is due 待回访, as the ledger does', () => {
    const urgent = (followUpRequired: boolean | null) => ({ number: 'HY-20250303-0001', type: 'repair', category: '电梯', status: 'confirmed' as const,
      followUpRequired, createdAt: '2025-03-03T02:00:00.000Z', description: '困人', resolutionMinutes: 30, onTime: true });
    const doc = buildSummaryDocument(data(figures(), details({ urgent: { received: 2, resolved: 2, resolvedOnTime: 2, cases: [urgent(null), urgent(true)] } })));
    const table = doc.sections.flatMap((s) => s.blocks).find((b) => b.kind === 'table' && b.table.sheet === '紧急工单');
    expect(table?.kind === 'table' && table.table.rows.map((r) => r[3])).toEqual(['待评价', '待回访']);
  });

  it('drops control characters from what owners wrote, in tables and paragraphs', () => {
    const doc = buildSummaryDocument(data(figures(), details({ urgent: { received: 1, resolved: 0, resolvedOnTime: 0, cases: [{
      number: '', type: 'repair', category: '水电\u0007', status: 'submitted', followUpRequired: null, createdAt: '2025-03-03T02:00:00.000Z',
      description: '<b>漏水</b>\u001b[31m红\u0000\u0001\u000b\u001f\u007f\u0085字', resolutionMinutes: null, onTime: null }] } })));
    doc.sections[0].blocks.unshift({ kind: 'paragraph', text: '段落\u001b[0m<i>斜体</i>' });
    const md = renderMarkdown(doc);
    expect(md).toContain('| &lt;b&gt;漏水&lt;/b&gt;\\[31m红字 |');
    expect(md).toContain('| 水电 |');
    expect(md).toContain('\n段落\\[0m&lt;i&gt;斜体&lt;/i&gt;\n');
    // eslint-disable-next-line no-control-regex
    expect(md).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
  });
});
