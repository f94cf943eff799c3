import {
  CASE_TYPE_LABELS, caseStatusLabel, CHANNEL_LABELS, percentDigits, percentPointsBetween, roundHalfUp, TARGET_METRIC_UNITS, URGENCY_LABELS,
  type CaseType, type Channel, type TargetMetric, type Urgency,
} from '@wuye/shared';
import { ratio, type PeriodFigures, type SummaryDetails } from './metrics.query';
import { sharesOf } from './shares';
import { dateLabel, addDays, periodLabel, shanghaiDate, shanghaiTimeLabel, type ReportPeriod } from './report-period';
import {
  DIMENSION_LABELS, meanScore, MIN_SAMPLE, minutes, num, pct, roleLabel, ruleNotes, targetNotes,
  type Problem, type RuleCode, type Target, type TargetScore,
} from './summary-rules';

/** Where the targets scored in 本期目标完成情况 come from: saved for the period, or suggested by the last summary (none saved). */
export type TargetSource = 'saved' | 'suggested' | null;

/** Everything the work summary says; gathered by ReportsService.summaryData in one snapshot. */
export interface SummaryData {
  scopeName: string;
  period: ReportPeriod;
  previousPeriod: ReportPeriod;
  nextPeriod: ReportPeriod;
  current: PeriodFigures;
  previous: PeriodFigures;
  details: SummaryDetails;
  problems: Problem[];
  targets: Target[];
  /**
   * When `targets` were first printed: a summary of this period made after it ended fixes its
   * suggestions (the 本期 column then shows the figures of that day); null: computed now.
   */
  targetsPrintedAt: Date | null;
  scoredTargets: TargetScore[];
  /** 'saved': the targets saved for this period; 'suggested': none were saved, so those the last summary suggested; null: neither. */
  scoredTargetsSource: TargetSource;
  generatedAt: Date;
}

/**
 * A table cell: text, a number (one decimal unless whole), a fraction shown as a percentage, a
 * number with its unit ("6 件"; a number formatted with the unit in the workbook), or nothing.
 */
export type Cell = string | number | null | { pct: number | null } | { amount: number | null; unit: string };

export interface DocTable {
  /** Excel sheet name (unique, ≤ 31 characters). */
  sheet: string;
  title: string;
  columns: string[];
  rows: Cell[][];
}

export interface ChartSpec {
  id: string;
  title: string;
  type: 'bar' | 'line' | 'pie';
  categories: string[];
  series: Array<{ name: string; data: number[] }>;
  /** The data behind the chart. */
  table: DocTable;
}

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; table: DocTable }
  | { kind: 'chart'; chart: ChartSpec };

export interface SummaryDocument {
  title: string;
  /** Title without the book-title marks, for file names. */
  name: string;
  meta: string;
  sections: Array<{ heading: string; blocks: Block[] }>;
}

const typeLabel = (t: string) => CASE_TYPE_LABELS[t as CaseType] ?? t;
const channelLabel = (c: string) => CHANNEL_LABELS[c as Channel] ?? c;
const urgencyLabel = (u: string) => URGENCY_LABELS[u as Urgency] ?? u;
const entries = (m: Record<string, number>) => Object.entries(m).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

/** "+1.5" for 1.5 and 0, "-1.5" for -1.5 (after rounding, so a change that rounds to nothing reads "+0.0"). */
const signed = (text: string) => (text.startsWith('-') ? text : `+${text}`);

/** Change of a rate in percentage points, e.g. "+5.0 个百分点": the difference of the two rates as printed. */
function pointsChange(cur: number | null, prev: number | null): string {
  if (cur === null || prev === null) return '—';
  return `${signed(percentPointsBetween(cur, prev))} 个百分点`;
}

/** "增加 9 件（+4.5%）" / "减少 9 件（-4.3%）" / "持平", for sentences. */
function countChangeInWords(cur: number, prev: number): string {
  const d = cur - prev;
  if (d === 0) return '持平';
  const rel = ratio(Math.abs(d), prev);
  return `${d > 0 ? '增加' : '减少'} ${Math.abs(d)} 件${rel === null ? '' : `（${d > 0 ? '+' : '-'}${percentDigits(rel)}%）`}`;
}

/**
 * The change of a count or a mean between the two values as the table prints them (whole numbers, or
 * one decimal: `num`), so 4.3 against 4.3 reads +0（+0.0%）, not the unrounded +0.0（+0.4%）.
 */
function countChange(cur: number | null, prev: number | null): string {
  if (cur === null || prev === null) return '—';
  const tenths = (x: number) => (Number.isInteger(x) ? x * 10 : Math.round(roundHalfUp(x, 1) * 10));
  const d = tenths(cur) - tenths(prev);
  const rel = ratio(d, tenths(prev));
  return `${signed(d % 10 === 0 ? String(d / 10) : (d / 10).toFixed(1))}${rel === null ? '' : `（${signed(percentDigits(rel))}%）`}`;
}

/** A rate in running text: "按时办结率 90.0%", or "按时办结率无数据" when nothing was counted (a dash reads as a typo in a sentence). */
const rateText = (label: string, value: number | null): string => (value === null ? `${label}无数据` : `${label} ${pct(value)}`);

/** "、未标注是否采纳 2 件" for suggestions resolved without saying (through the API only), or nothing. */
function unmarked(s: { resolved: number; adopted: number; notAdopted: number }): string {
  const n = s.resolved - s.adopted - s.notAdopted;
  return n > 0 ? `、未标注是否采纳 ${n} 件` : '';
}

/** "，采纳率 66.7%" of the suggestions decided (adopted or not), or nothing when none was. */
function adoptionRate(s: { adopted: number; notAdopted: number }): string {
  const rate = ratio(s.adopted, s.adopted + s.notAdopted);
  return rate === null ? '' : `，采纳率 ${pct(rate)}`;
}

/** Mean, median and 90th percentile minutes in running text, or "…无数据". */
const minutesText = (label: string, m: { mean: number | null; median: number | null; p90: number | null }): string =>
  m.mean === null ? `${label}无数据`
    : `${label}均值 ${minutes(m.mean)}、中位数 ${minutes(m.median)}、90分位值 ${minutes(m.p90)}`;

/** A chart with nothing to draw (no category, every value 0) is left out: its data table stands alone and says why. */
const chartBlock = (chart: ChartSpec): Block => (chart.series.some((s) => s.data.some((v) => v !== 0))
  ? { kind: 'chart', chart }
  : { kind: 'table', table: { ...chart.table, title: `${chart.title}（本期无数据，未作图）` } });

/** A target metric's value as a cell: rates as percentages, minutes and counts as numbers with their unit. */
function metricCell(metric: TargetMetric, value: number | null): Cell {
  const kind = TARGET_METRIC_UNITS[metric];
  return kind === 'rate' ? { pct: value } : { amount: value, unit: kind === 'minutes' ? '分钟' : '件' };
}

/** Builds the document (structure of SPEC §4) from the data; renderers turn it into md/html/xlsx/docx. */
export function buildSummaryDocument(data: SummaryData): SummaryDocument {
  const { current: f, previous: p, details: d, period } = data;
  const name = `${data.scopeName}${periodLabel(period)}物业交流服务工作总结`;
  const last = addDays(period.to, -1);
  const live = f.received.total - f.cancelled;
  // A period not over yet (the current month) is read up to now: say so wherever a reader would take
  // the figures for the whole period (the backlog "at the end", the change against a whole previous period).
  const asOf = shanghaiTimeLabel(data.generatedAt);
  const notOver = data.generatedAt < period.end;
  const notBegun = data.generatedAt <= period.start;
  const notOverNote = notBegun
    ? [`本期尚未开始（现为${asOf}），暂无数据。`]
    : notOver ? [`本期尚未结束，以下数据截至${asOf}：期末未办结指截至该时点仍未办结的工单，与上期的比较和目标完成情况均为阶段性结果。`] : [];

  // ---- 一、概述 ------------------------------------------------------------------------------
  const rateRows: Array<[string, number | null, number | null]> = [
    ['响应及时率', f.rates.onTimeResponse, p.rates.onTimeResponse],
    ['按时办结率', f.rates.onTimeResolution, p.rates.onTimeResolution],
    ['解决率', f.rates.resolution, p.rates.resolution],
    ['满意率', f.rates.satisfaction, p.rates.satisfaction],
    ['参评率', f.rates.ratingParticipation, p.rates.ratingParticipation],
    ['回访率', f.rates.followUp, p.rates.followUp],
    ['重办率', f.rates.reopen, p.rates.reopen],
  ];
  const countRows: Array<[string, number | null, number | null]> = [
    ['受理量（件）', f.received.total, p.received.total],
    ['撤销（件）', f.cancelled, p.cancelled],
    ['平均评分', meanScore(f), meanScore(p)],
    ['响应时间均值（分钟）', f.responseMinutes.mean, p.responseMinutes.mean],
    ['响应时间中位数（分钟）', f.responseMinutes.median, p.responseMinutes.median],
    ['响应时间90分位值（分钟）', f.responseMinutes.p90, p.responseMinutes.p90],
    ['办结时间均值（分钟）', f.resolutionMinutes.mean, p.resolutionMinutes.mean],
    ['办结时间中位数（分钟）', f.resolutionMinutes.median, p.resolutionMinutes.median],
    ['办结时间90分位值（分钟）', f.resolutionMinutes.p90, p.resolutionMinutes.p90],
    ['催办（次）', f.urges.count, p.urges.count],
    ['被催办工单（件）', f.urges.casesUrged, p.urges.casesUrged],
    ['重复投诉（件）', f.repeatComplaints, p.repeatComplaints],
    ['期末未办结（件）', f.backlog.open, p.backlog.open],
    ['其中超期（件）', f.backlog.overdue, p.backlog.overdue],
  ];
  const keyTable: DocTable = {
    sheet: '核心指标',
    title: '核心指标与上期对比',
    columns: ['指标', '本期', '上期', '变化'],
    rows: [
      ...rateRows.map(([label, cur, prev]): Cell[] => [label, { pct: cur }, { pct: prev }, pointsChange(cur, prev)]),
      ...countRows.map(([label, cur, prev]): Cell[] => [label, cur, prev, countChange(cur, prev)]),
    ],
  };
  const changes = rateRows
    // Compared as printed: 85.0 % against 85.0 % (84.96 %) is no change to name.
    .filter(([, cur, prev]) => cur !== null && prev !== null && pct(cur) !== pct(prev))
    .sort((a, b) => Math.abs(b[1]! - b[2]!) - Math.abs(a[1]! - a[2]!))
    .slice(0, 3)
    .map(([label, cur, prev]) => `${label}由 ${pct(prev)} 变为 ${pct(cur)}（${pointsChange(cur, prev)}）`);
  // The rates that have a figure, then in one clause those that have none (a row of dashes reads as a typo).
  const overviewRates: Array<[string, number | null, string]> = [
    ['响应及时率', f.rates.onTimeResponse, ''], ['按时办结率', f.rates.onTimeResolution, ''], ['解决率', f.rates.resolution, ''],
    ['满意率', f.rates.satisfaction, meanScore(f) === null ? '' : `（平均 ${num(meanScore(f), ' 分')}）`], ['回访率', f.rates.followUp, ''], ['重办率', f.rates.reopen, ''],
  ];
  const withFigure = overviewRates.filter(([, v]) => v !== null).map(([label, v, extra]) => `${label} ${pct(v)}${extra}`);
  const withoutFigure = overviewRates.filter(([, v]) => v === null).map(([label]) => label);
  const ratesSentence = f.received.total === 0 ? '本期未受理工单，各项比率和用时均无数据。'
    : `${withFigure.join('，')}${withFigure.length && withoutFigure.length ? '；' : ''}${withoutFigure.length ? `${withoutFigure.join('、')}本期无数据` : ''}。`;
  const overview = [
    ...notOverNote,
    `统计期间为${dateLabel(period.from)}至${dateLabel(last)}（共 ${period.days} 天），范围：${data.scopeName}。`
      + `期内共受理业主各类诉求 ${f.received.total} 件，较上期（${dateLabel(data.previousPeriod.from)}至${dateLabel(addDays(data.previousPeriod.to, -1))}）${countChangeInWords(f.received.total, p.received.total)}，`
      + `其中撤销 ${f.cancelled} 件；已处理 ${f.counts.resolved} 件，期末未办结 ${f.backlog.open} 件（超期 ${f.backlog.overdue} 件）。`,
    ratesSentence,
    changes.length ? `与上期相比变化最大的是：${changes.join('；')}。` : '与上期相比，各项比率没有可比较的变化。',
  ];

  // The numerator and denominator behind every rate of the key table, this period and last: the
  // workbook holds the data behind each figure (the follow-up and resolution rates had none in any sheet).
  const ratioParts = (x: PeriodFigures): Array<[string, string, number, string, number, Cell]> => [
    ['响应及时率', '按时受理（件）', x.counts.respondedOnTime, '应响应（件）', x.counts.responseDue, { pct: x.rates.onTimeResponse }],
    ['按时办结率', '按时办结（件）', x.counts.resolvedOnTime, '已处理（件）', x.counts.resolved, { pct: x.rates.onTimeResolution }],
    ['解决率', '判定已解决（件）', x.counts.solved, '经业主确认或回访（件）', x.counts.judged, { pct: x.rates.resolution }],
    ['满意率', '4 分及以上评价（条）', x.counts.goodRatings, '评价（条）', x.counts.ratings, { pct: x.rates.satisfaction }],
    ['平均评分', '评分合计（分）', x.counts.ratingSum, '评价（条）', x.counts.ratings, meanScore(x)],
    ['参评率', '获得评价的工单（件）', x.counts.ratedCases, '已处理（件）', x.counts.resolved, { pct: x.rates.ratingParticipation }],
    ['回访率', '已回访（件）', x.counts.followedUp, '需回访（件）', x.counts.followUpRequired, { pct: x.rates.followUp }],
    ['重办率', '重办（件）', x.counts.reopened, '已处理（件）', x.counts.resolved, { pct: x.rates.reopen }],
  ];
  const previousParts = ratioParts(p);
  const ratioTable: DocTable = {
    sheet: '比率明细',
    title: '各比率的分子与分母（本期与上期）',
    columns: ['指标', '分子', '分母', '本期分子', '本期分母', '本期', '上期分子', '上期分母', '上期'],
    rows: ratioParts(f).map(([label, numerator, n, denominator, m, value], i): Cell[] => {
      const [, , pn, , pm, pv] = previousParts[i];
      return [label, numerator, denominator, n, m, value, pn, pm, pv];
    }),
  };

  // ---- 二、工作回顾与成果 ---------------------------------------------------------------------
  const byChannel: DocTable = {
    sheet: '按渠道',
    title: '按渠道受理与响应',
    columns: ['渠道', '受理（件）', '应响应（件）', '按时响应（件）', '响应及时率', '响应时间中位数（分钟）'],
    rows: d.channels.map((c) => [channelLabel(c.channel), c.received, c.responseDue, c.respondedOnTime, { pct: ratio(c.respondedOnTime, c.responseDue) }, c.medianResponseMinutes]),
  };
  const typeEntries = entries(f.received.byType);
  const typeShares = sharesOf(typeEntries.map(([, v]) => v));
  const byType: ChartSpec = {
    id: 'by-type', title: '按类型受理量', type: 'bar',
    categories: typeEntries.map(([k]) => typeLabel(k)),
    series: [{ name: '受理（件）', data: typeEntries.map(([, v]) => v) }],
    table: { sheet: '按类型', title: '按类型受理量', columns: ['类型', '受理（件）', '占比'],
      rows: typeEntries.map(([k, v], i) => [typeLabel(k), v, { pct: typeShares[i] }]) },
  };
  const channelChart: ChartSpec = {
    id: 'by-channel', title: '按渠道受理量', type: 'pie',
    categories: d.channels.map((c) => channelLabel(c.channel)),
    series: [{ name: '受理（件）', data: d.channels.map((c) => c.received) }],
    table: byChannel,
  };
  const unitLabel = { day: '日', week: '周', month: '月' }[d.trendUnit];
  const trend: ChartSpec = {
    id: 'trend', title: `受理与处理趋势（按${unitLabel}）`, type: 'line',
    categories: d.trend.map((t) => t.bucket),
    series: [
      { name: '受理（件）', data: d.trend.map((t) => t.received) },
      { name: '已处理（件）', data: d.trend.map((t) => t.resolved) },
    ],
    table: { sheet: '趋势', title: `受理与处理趋势（按${unitLabel}，${d.trendUnit === 'week' ? '每周从周一起，首周从统计期间首日起' : '日期为起始日'}）`,
      columns: [d.trendUnit === 'day' ? '日期' : '起始日期', '受理（件）', '已处理（件）', '应响应（件）', '按时响应（件）', '响应及时率'],
      rows: d.trend.map((t) => [t.bucket, t.received, t.resolved, t.responseDue, t.respondedOnTime, { pct: ratio(t.respondedOnTime, t.responseDue) }]) },
  };
  const responseChart: ChartSpec = {
    id: 'response-distribution', title: '响应时间分布', type: 'bar',
    categories: d.responseDistribution.map((b) => b.bucket),
    series: [{ name: '工单（件）', data: d.responseDistribution.map((b) => b.count) }],
    table: { sheet: '响应时间分布', title: '响应时间分布（已受理、未撤销）', columns: ['响应用时', '工单（件）'],
      rows: d.responseDistribution.map((b) => [b.bucket, b.count]) },
  };
  const byCategory: DocTable = {
    sheet: '按分类',
    title: '按分类处理情况',
    columns: ['分类', '受理（件）', '已处理（件）', '按时办结（件）', '按时办结率', '办结时间中位数（分钟）', '评价（条）', '满意率', '重办（件）'],
    rows: d.categories.map((c) => [c.category, c.received, c.resolved, c.resolvedOnTime, { pct: ratio(c.resolvedOnTime, c.resolved) },
      c.medianResolutionMinutes, c.ratings, { pct: ratio(c.goodRatings, c.ratings) }, c.reopened]),
  };
  const stars = ['1', '2', '3', '4', '5'] as const;
  const ratingShares = sharesOf(stars.map((s) => d.ratingDistribution[s]));
  const ratingChart: ChartSpec = {
    id: 'satisfaction-distribution', title: '满意度评分分布', type: 'bar',
    categories: stars.map((s) => `${s} 分`),
    series: [{ name: '评价（条）', data: stars.map((s) => d.ratingDistribution[s]) }],
    table: { sheet: '评分分布', title: '满意度评分分布（不含自动确认未评价）', columns: ['评分', '评价（条）', '占比'],
      rows: stars.map((s, i) => [`${s} 分`, d.ratingDistribution[s], { pct: ratingShares[i] }]) },
  };
  const urgentTable: DocTable = {
    sheet: '紧急工单',
    title: '紧急工单（最多 20 件）',
    columns: ['工单号', '类型', '分类', '状态', '提交时间', '内容', '办结用时（分钟）', '按时办结'],
    rows: d.urgent.cases.map((c) => [c.number, typeLabel(c.type), c.category, caseStatusLabel(c),
      `${shanghaiDate(new Date(c.createdAt))}`, c.description, c.resolutionMinutes, c.onTime === null ? '未办结' : c.onTime ? '是' : '否']),
  };
  const staffTable: DocTable = {
    sheet: '按人员',
    title: '按人员处理情况',
    columns: ['人员', '经办（件）', '办结时间中位数（分钟）', '满意率', '重办率'],
    rows: f.byStaff.map((s) => [s.name, s.handled, s.medianResolutionMinutes, { pct: s.satisfaction }, { pct: s.reopenRate }]),
  };
  const buildingEntries = entries(f.received.byBuilding);
  const otherTable: DocTable = {
    sheet: '按楼栋与紧急程度',
    title: '按楼栋与紧急程度受理量',
    columns: ['维度', '项目', '受理（件）'],
    rows: [
      ...buildingEntries.map(([k, v]): Cell[] => ['楼栋', k, v]),
      ...entries(f.received.byUrgency).map(([k, v]): Cell[] => ['紧急程度', urgencyLabel(k), v]),
    ],
  };
  const handled = f.byStaff.reduce((s, x) => s + x.handled, 0);
  const staffText = live === 0 ? '本期无未撤销的工单，无人员经办。'
    : handled === live ? `未撤销工单 ${live} 件，均已有经办人员，共 ${f.byStaff.length} 名。`
    : `未撤销工单 ${live} 件，其中 ${handled} 件已有经办人员（共 ${f.byStaff.length} 名），其余 ${live - handled} 件尚未派单或答复。`;
  const channelText = d.channels.map((c) => `${channelLabel(c.channel)} ${c.received} 件`).join('、') || '无';
  const typeText = typeEntries.map(([k, v]) => `${typeLabel(k)} ${v} 件`).join('、') || '无';

  // ---- 三/四、问题与原因 -----------------------------------------------------------------------
  const problemTable: DocTable = {
    sheet: '问题清单', title: '问题清单（规则判定）', columns: ['问题', '判定阈值', '依据数据'],
    rows: data.problems.map((q) => [q.title, q.threshold, q.evidence]),
  };
  const causeTable: DocTable = {
    sheet: '原因分析', title: '问题原因分析', columns: ['问题', '维度', '分析'],
    rows: data.problems.flatMap((q) => q.causes.map((c): Cell[] => [q.title, DIMENSION_LABELS[c.dimension], c.text])),
  };

  // ---- 五、改进措施 -----------------------------------------------------------------------------
  const targetTable: DocTable = {
    sheet: '下期目标', title: `下期（${dateLabel(data.nextPeriod.from)}至${dateLabel(addDays(data.nextPeriod.to, -1))}）目标`,
    columns: ['指标', '本期', '目标', '完成期限', '责任岗位'],
    rows: data.targets.map((t) => [t.label, metricCell(t.metric, t.current), metricCell(t.metric, t.target), dateLabel(t.deadline), roleLabel(t.responsibleRole)]),
  };
  const suggested = data.scoredTargetsSource === 'suggested';
  const baselineLabel = periodLabel(data.previousPeriod);
  const scoreTable: DocTable = {
    sheet: '目标完成情况',
    title: suggested ? `${baselineLabel}工作总结建议目标的完成情况（建议目标，未经保存）` : '为本期设定目标的完成情况',
    columns: ['指标', '基线', suggested ? '建议目标' : '目标', '实际', '是否达成', '责任岗位'],
    rows: data.scoredTargets.map((t) => [t.label, metricCell(t.metric, t.baseline), metricCell(t.metric, t.target),
      metricCell(t.metric, t.actual), t.met === null ? '无数据' : t.met ? '达成' : '未达成', roleLabel(t.responsibleRole)]),
  };
  const metCount = data.scoredTargets.filter((t) => t.met).length;
  const scorePrefix = notBegun ? '本期尚未开始，以下目标尚无完成数据。' : notOver ? `本期尚未结束，以下为截至${asOf}的阶段性完成情况。` : '';
  const scoreText = scorePrefix + (data.scoredTargetsSource === 'saved'
    ? `为本期设定目标 ${data.scoredTargets.length} 项，达成 ${metCount} 项。`
    : `未保存为本期设定的目标，以下按${baselineLabel}工作总结提出的建议目标对照考核（建议目标，未经保存确认），`
      + `共 ${data.scoredTargets.length} 项，达成 ${metCount} 项。`);

  return {
    title: `《${name}》`,
    name,
    meta: `统计期间：${dateLabel(period.from)}—${dateLabel(last)}${notOver ? `（截至${asOf}）` : ''}；范围：${data.scopeName}；生成日期：${dateLabel(shanghaiDate(data.generatedAt))}`,
    sections: [
      { heading: '一、概述', blocks: [...overview.map((text): Block => ({ kind: 'paragraph', text })), { kind: 'table', table: keyTable }] },
      {
        heading: '二、工作回顾与成果',
        blocks: [
          { kind: 'subheading', text: '（一）日常沟通' },
          { kind: 'paragraph', text: f.received.total === 0 ? '本期未受理工单。' : `按渠道：${channelText}；按类型：${typeText}。` },
          chartBlock(trend),
          chartBlock(byType),
          chartBlock(channelChart),
          { kind: 'table', table: otherTable },
          { kind: 'subheading', text: '（二）响应与办结' },
          { kind: 'paragraph', text: `应响应 ${f.counts.responseDue} 件，按时受理 ${f.counts.respondedOnTime} 件，${rateText('响应及时率', f.rates.onTimeResponse)}；`
            + `${minutesText('响应时间', f.responseMinutes)}。`
            + `已处理 ${f.counts.resolved} 件，按时办结 ${f.counts.resolvedOnTime} 件，${rateText('按时办结率', f.rates.onTimeResolution)}；`
            + `${minutesText('办结时间（扣除挂起）', f.resolutionMinutes)}。`
            + `业主确认或回访判定已解决 ${f.counts.solved}/${f.counts.judged} 件，${rateText('解决率', f.rates.resolution)}。` },
          chartBlock(responseChart),
          { kind: 'table', table: byCategory },
          { kind: 'subheading', text: '（三）满意度与回访' },
          { kind: 'paragraph', text: `收到评价 ${f.counts.ratings} 条（自动确认未评价的不计入），4 分及以上 ${f.counts.goodRatings} 条，${rateText('满意率', f.rates.satisfaction)}`
            + `${meanScore(f) === null ? '' : `，平均 ${num(meanScore(f), ' 分')}`}；${rateText('参评率', f.rates.ratingParticipation)}。需回访 ${f.counts.followUpRequired} 件，已回访 ${f.counts.followedUp} 件，`
            + `${rateText('回访率', f.rates.followUp)}；重办 ${f.counts.reopened} 件，${rateText('重办率', f.rates.reopen)}。催办 ${f.urges.count} 次，涉及 ${f.urges.casesUrged} 件。` },
          chartBlock(ratingChart),
          { kind: 'subheading', text: '（四）紧急与重大事项' },
          { kind: 'paragraph', text: `受理紧急工单 ${d.urgent.received} 件，已处理 ${d.urgent.resolved} 件，其中按时办结 ${d.urgent.resolvedOnTime} 件。` },
          ...(d.urgent.cases.length ? [{ kind: 'table', table: urgentTable } as Block] : []),
          { kind: 'subheading', text: '（五）意见建议' },
          { kind: 'paragraph', text: `收到业主建议 ${d.suggestions.received} 件，已答复处理 ${d.suggestions.resolved} 件，`
            + `其中采纳 ${d.suggestions.adopted} 件、暂不采纳 ${d.suggestions.notAdopted} 件${unmarked(d.suggestions)}${adoptionRate(d.suggestions)}；`
            + `经业主确认或回访确认已解决 ${d.suggestions.solved} 件。` },
          { kind: 'subheading', text: '（六）人员工作量' },
          { kind: 'paragraph', text: staffText },
          { kind: 'table', table: staffTable },
        ],
      },
      {
        heading: '三、存在问题与不足',
        blocks: data.problems.length
          ? [{ kind: 'list', items: data.problems.map((q, i) => `${i + 1}. ${q.title}：${q.evidence}（判定规则：${q.threshold}）`) }, { kind: 'table', table: problemTable }]
          : [{ kind: 'paragraph', text: '本期各项指标均未触发问题判定规则（判定规则见文末附注）。' }],
      },
      {
        heading: '四、问题分析与原因剖析',
        blocks: data.problems.length
          ? [
              ...data.problems.flatMap((q, i): Block[] => [
                { kind: 'subheading', text: `${i + 1}. ${q.title}` },
                { kind: 'list', items: q.causes.map((c) => `【${DIMENSION_LABELS[c.dimension]}】${c.text}`) },
              ]),
              { kind: 'table', table: causeTable },
            ]
          : [{ kind: 'paragraph', text: '本期未发现需要剖析的问题。' }],
      },
      {
        heading: '五、改进措施与未来规划',
        blocks: [
          { kind: 'paragraph', text: `以本期数据为基线，为下期设定以下可衡量、有期限、有责任岗位的目标（计算方法见文末附注），由主管每期对照考核。`
            + (data.targetsPrintedAt
              ? `下期目标沿用${shanghaiTimeLabel(data.targetsPrintedAt)}首次生成本期总结时提出的目标，“本期”列为当时的数值（此后补录的评价、回访、办结等可能使本期数据略有变化）。`
              : '') },
          { kind: 'table', table: targetTable },
          ...(data.problems.length
            ? [{ kind: 'list', items: data.problems.map((q) => `针对“${q.title}”：${measureFor(q.rule)}`) } as Block]
            : []),
          { kind: 'subheading', text: '本期目标完成情况' },
          ...(data.scoredTargetsSource
            ? [{ kind: 'paragraph', text: scoreText } as Block, { kind: 'table', table: scoreTable } as Block]
            : [{ kind: 'paragraph', text: '未保存为本期设定的目标，提出目标的前一期也没有工单数据，本期不作考核。' } as Block]),
        ],
      },
      {
        heading: '附注：指标口径、判定规则与目标计算方法',
        blocks: [
          { kind: 'subheading', text: '（一）指标口径' },
          { kind: 'list', items: DEFINITION_NOTES },
          { kind: 'subheading', text: '（二）问题判定规则' },
          { kind: 'paragraph', text: `以下规则在相应工单（评价）不少于 ${MIN_SAMPLE} 件（条）时判定；超期积压和重复投诉不设数量下限。` },
          { kind: 'list', items: ruleNotes() },
          { kind: 'subheading', text: '（三）下期目标的计算与考核' },
          { kind: 'list', items: [...targetNotes(), '未保存为本期设定的目标时，以前一期（整月的期间为紧接其前、月数相同的期间，如季度的上一季度；否则为之前天数相同的期间）工作总结按上述方法提出的建议目标对照考核，并注明为建议目标。',
            '一期结束后首次生成的工作总结所提出的下期目标即固定下来：此后再生成该期总结、采用建议目标或对照考核，均以这次提出的目标和基线为准。'] },
          { kind: 'subheading', text: '（四）各比率的分子与分母' },
          { kind: 'table', table: ratioTable },
        ],
      },
    ],
  };
}

/** What each figure counts, in words (docs/reports.md, "Metric definitions"). */
const DEFINITION_NOTES = [
  '统计对象为统计期间内提交的工单；已撤销的工单计入受理量，不计入各项比率和用时。',
  '响应及时率 = 在响应时限内受理的工单数 ÷ 应响应工单数（已受理或响应时限已过的工单）。',
  '按时办结率 = 在办结时限内首次处理完成的工单数 ÷ 已处理工单数（挂起期间顺延时限）。',
  '解决率 = 最近一次业主确认或回访判定已解决的工单数 ÷ 经业主确认或回访的工单数（联系不上的回访不计）；投诉解决率按同一口径只统计投诉。',
  '满意率 = 4 分及以上的评价条数 ÷ 评价条数（超时自动确认、未评价的不计）；平均评分为全部评价总分 ÷ 评价条数。',
  '参评率 = 获得评价的工单数 ÷ 已处理工单数；回访率 = 需回访的工单中已回访的工单数 ÷ 需回访的工单数（未要求回访时主动回访的不计入）；重办率 = 处理后被重办过的工单数 ÷ 已处理工单数。',
  '响应时间自提交至首次受理，办结时间自提交至首次处理完成（扣除挂起时间），单位为分钟；中位数为居中的用时，90分位值表示 90% 的工单不超过该用时。',
  '重复投诉：同一房屋同一分类在此前 30 天内已有投诉的投诉。期末未办结：期末仍待受理、已受理、已派单、处理中或挂起的工单（已处理完成、等待业主确认或回访的不计）。超期积压：其中已超过办结时限（或超过响应时限仍未受理）的工单。',
  // previousPeriod: whole months are compared with the same number of whole months before them.
  '“上期”指本期之前的同等期间：整月的期间为之前相同月数的整月（如 11 月的上期为 10 月），否则为之前天数相同的期间。百分比和小数均按四舍五入保留一位。',
];

/** The standard measure for each rule. */
function measureFor(rule: RuleCode): string {
  const measures: Record<RuleCode, string> = {
    LOW_ON_TIME_RESPONSE: '设置受理值班表，工作时间内待受理工单 10 分钟内签收，超时自动提醒主管。',
    LOW_ON_TIME_RESOLUTION: '按分类备足常用配件，复杂工单派单时明确预计完成时间并每日跟进。',
    LOW_SATISFACTION: '对 3 分及以下评价 24 小时内回访致歉并跟进整改，每周通报低分案例。',
    HIGH_REOPEN: '推行完工自检清单和业主现场确认，重办工单由主管复核。',
    LOW_FOLLOW_UP: '回访任务纳入客服每日清单，联系不上的改日换时段再访。',
    LOW_RATING_PARTICIPATION: '完工后由处理人员当面或电话邀请业主评价。',
    SLOW_CHANNEL: '该渠道指定专人值守，录入后即时受理。',
    SLOW_CATEGORY: '梳理该类问题处理标准，必要时引入专业外包并约定时限。',
    LOW_SATISFACTION_CATEGORY: '针对该分类开展服务规范培训，主管抽查回访。',
    OVERDUE_BACKLOG: '每日晨会逐件过超期工单，明确责任人与完成时间。',
    REPEAT_COMPLAINTS: '对重复投诉房屋建立专档，主管牵头根治问题源头。',
    FREQUENT_URGES: '处理中的工单每 24 小时主动向业主告知进度。',
  };
  return measures[rule];
}
