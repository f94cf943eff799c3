import {
  CHANNEL_LABELS, fixed, percentDigits, roundHalfUp, ROLE_LABELS, TARGET_METRIC_LABELS, TARGET_METRIC_UNITS, TARGET_METRICS,
  type Channel, type StaffRole, type TargetMetric,
} from '@wuye/shared';
import type { PeriodFigures, SummaryDetails } from './metrics.query';
import { ratio } from './metrics.query';
import { addDays, type ReportPeriod } from './report-period';

// Pure rules of the work summary: which problems the figures show, what causes they point to,
// and the SMART targets for the next period. docs/reports.md documents every threshold and formula.

/** Fewer cases than this in a denominator say nothing: a rule needs at least this many. */
export const MIN_SAMPLE = 5;

export const THRESHOLDS = {
  onTimeResponse: 0.9,
  onTimeResolution: 0.85,
  satisfaction: 0.85,
  reopen: 0.1,
  followUp: 0.9,
  ratingParticipation: 0.5,
  channelOnTimeResponse: 0.8,
  categoryOnTimeResolution: 0.8,
  categorySatisfaction: 0.8,
  urgedShare: 0.1,
} as const;

export type CauseDimension = 'process' | 'people' | 'resources' | 'mechanism';
export const DIMENSION_LABELS: Record<CauseDimension, string> = { process: '流程', people: '人员', resources: '资源', mechanism: '机制' };

export interface Cause {
  dimension: CauseDimension;
  text: string;
}

export interface Problem {
  rule: RuleCode;
  title: string;
  /** The documented threshold that fired, in words. */
  threshold: string;
  /** The figures that made it fire, in words. */
  evidence: string;
  causes: Cause[];
}

/** A fraction as a percentage with one decimal, rounded half up from its decimal value (23/80 → "28.8%"). */
export const pct = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : `${percentDigits(value)}%`;
/** An integer as it is, any other number with one decimal rounded half up (242/57 → "4.2"). */
export const num = (value: number | null | undefined, unit = ''): string =>
  value === null || value === undefined ? '—' : `${Number.isInteger(value) ? value : fixed(value, 1)}${unit}`;

/**
 * Minutes in running text; from two hours on with the hours beside them, as people count handling
 * times ("1663 分钟（约 27.7 小时）"). Tables keep minutes alone.
 */
export const minutes = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : `${num(value, ' 分钟')}${value >= 120 ? `（约 ${fixed(value / 60, 1)} 小时）` : ''}`;

const channelLabel = (code: string) => CHANNEL_LABELS[code as Channel] ?? code;

/**
 * What a slow category most likely lacks, by the kind of work it is (the default categories, SPEC §3):
 * repairs wait for parts and skilled hands, cleaning and greenery for crews, disputes for other
 * parties, fees for the accounts. A community's own category gets the general wording.
 */
const CATEGORY_RESOURCES: Record<string, string> = {
  水电: '常用配件储备或专业维修力量不足', 电梯: '维保单位响应或配件供应不及时', 门窗: '常用配件储备或维修力量不足',
  公共设施: '配件储备或维修力量不足', 安保门禁: '设备配件或厂家维保响应不足', 消防通道: '巡查与清障力量不足',
  保洁卫生: '保洁作业人手或排班不足', 绿化: '绿化养护人手或外包单位响应不足',
  噪音扰民: '需协调其他业主或相关部门，协调力量不足', 停车: '车位资源紧张，秩序维护力量不足', 违建: '需联合执法部门处理，协调周期长',
  费用: '账务核对与解释流程慢', 服务态度: '人员培训与督导不足',
};
const resourcesOf = (category: string) => CATEGORY_RESOURCES[category] ?? '处理力量或外部协作资源不足';

/** The mean overall score from the exact sum and count (the metrics API's `satisfactionMean` is already rounded). */
export const meanScore = (f: PeriodFigures): number | null => ratio(f.counts.ratingSum, f.counts.ratings);

/**
 * Every rule: its name in the document and the threshold that makes it fire, in words. The document's
 * appendix lists them all (ruleNotes); findProblems states the one that fired with each problem.
 */
export const RULES = {
  LOW_ON_TIME_RESPONSE: { title: '响应及时率偏低', threshold: `响应及时率低于 ${pct(THRESHOLDS.onTimeResponse)}（应响应工单不少于 ${MIN_SAMPLE} 件）` },
  LOW_ON_TIME_RESOLUTION: { title: '按时办结率偏低', threshold: `按时办结率低于 ${pct(THRESHOLDS.onTimeResolution)}（已处理工单不少于 ${MIN_SAMPLE} 件）` },
  LOW_SATISFACTION: { title: '满意率偏低', threshold: `满意率低于 ${pct(THRESHOLDS.satisfaction)}（评价不少于 ${MIN_SAMPLE} 条）` },
  HIGH_REOPEN: { title: '重办率偏高', threshold: `重办率高于 ${pct(THRESHOLDS.reopen)}（已处理工单不少于 ${MIN_SAMPLE} 件）` },
  LOW_FOLLOW_UP: { title: '回访率不足', threshold: `回访率低于 ${pct(THRESHOLDS.followUp)}（回访期限未到的不计；需回访工单不少于 ${MIN_SAMPLE} 件）` },
  LOW_RATING_PARTICIPATION: { title: '业主参评率偏低', threshold: `参评率低于 ${pct(THRESHOLDS.ratingParticipation)}（仍可评价的不计；已处理工单不少于 ${MIN_SAMPLE} 件）` },
  SLOW_CHANNEL: { title: '某渠道响应慢', threshold: `单一渠道响应及时率低于 ${pct(THRESHOLDS.channelOnTimeResponse)}（应响应不少于 ${MIN_SAMPLE} 件）` },
  SLOW_CATEGORY: { title: '某类问题办结慢', threshold: `单一分类按时办结率低于 ${pct(THRESHOLDS.categoryOnTimeResolution)}（已处理不少于 ${MIN_SAMPLE} 件）` },
  LOW_SATISFACTION_CATEGORY: { title: '某类问题满意度低', threshold: `单一分类满意率低于 ${pct(THRESHOLDS.categorySatisfaction)}（评价不少于 ${MIN_SAMPLE} 条）` },
  OVERDUE_BACKLOG: { title: '存在超期未办结工单', threshold: '期末超期积压不少于 1 件' },
  REPEAT_COMPLAINTS: { title: '存在重复投诉', threshold: '同一房屋同一分类 30 天内再次投诉不少于 1 件' },
  FREQUENT_URGES: { title: '业主催办较多', threshold: `被催办工单占比不低于 ${pct(THRESHOLDS.urgedShare)}（未取消的受理不少于 ${MIN_SAMPLE} 件）` },
} as const satisfies Record<string, { title: string; threshold: string }>;
export type RuleCode = keyof typeof RULES;

/** The rules in words, for the appendix of the document. */
export const ruleNotes = (): string[] => Object.values(RULES).map((r) => `${r.title}：${r.threshold}`);

/** A channel's share of the period's cases below which it is a side channel (no one posted to it). */
const SIDE_CHANNEL_SHARE = 0.15;

/**
 * Why a channel answered late, as its figures say. Most of its cases answered on time, with a
 * median at or below the whole's: the late ones are a few left lying. Otherwise its cases in
 * general wait (entry and hand-over); with none answered at all, that is said. A side channel (a
 * small share) has no one posted to it; a large one has too few for its load.
 */
function channelCauses(c: SummaryDetails['channels'][number], f: PeriodFigures): Cause[] {
  const name = `${channelLabel(c.channel)}渠道`;
  const late = c.responseDue - c.respondedOnTime;
  const median = c.medianResponseMinutes;
  const overall = f.responseMinutes.median;
  const mostlyOnTime = c.respondedOnTime * 2 >= c.responseDue && median !== null && overall !== null && median <= overall;
  // Owners submit mini-program cases themselves: nothing is entered or handed over before acceptance.
  const own = c.channel === 'miniapp';
  const waited = own ? '业主提交后无人及时受理' : '录入后未及时转交受理';
  const process: Cause = median === null
    ? { dimension: 'process', text: `${name}应响应的 ${c.responseDue} 件至今无人受理，工单${own ? '提交后' : '录入后'}无人跟进` }
    : mostlyOnTime
      ? { dimension: 'process', text: `${name}多数工单受理及时，响应时间中位数 ${minutes(median)}，不高于全部渠道的 ${minutes(overall)}；超时的 ${late} 件为个别工单${waited}` }
      : { dimension: 'process', text: `${name}${own ? '工单待受理时间长' : '工单录入与派转环节多'}，响应时间中位数 ${minutes(median)}，全部渠道为 ${minutes(overall)}` };
  const share = ratio(c.received, f.received.total);
  return [
    process,
    share !== null && share < SIDE_CHANNEL_SHARE
      ? { dimension: 'resources', text: `该渠道期内受理 ${c.received} 件，仅占 ${pct(share)}，未设专人跟进，工单易被搁置` }
      : { dimension: 'resources', text: `该渠道期内受理 ${c.received} 件，占 ${pct(share)}，值守力量与工单量不匹配` },
  ];
}

/**
 * The resources cause of a category resolved late, read from its figures: slower than the whole →
 * the means of handling it; not slower, yet late → its deadlines are the tight ones (an urgent
 * 电梯 repair has 24 h), and the late cases are single ones short of what they needed.
 */
function categoryResources(c: SummaryDetails['categories'][number], f: PeriodFigures): Cause {
  const median = c.medianResolutionMinutes;
  const overall = f.resolutionMinutes.median;
  const late = c.resolved - c.resolvedOnTime;
  if (median !== null && overall !== null && median <= overall) {
    return { dimension: 'resources', text: `${c.category}类办结时间中位数 ${minutes(median)}，不高于全部的 ${minutes(overall)}，但 ${late} 件超出办结时限：该类时限较紧（如紧急工单），超时工单可能${resourcesOf(c.category)}` };
  }
  return { dimension: 'resources', text: `${c.category}类${resourcesOf(c.category)}：办结时间中位数 ${minutes(median)}（全部 ${minutes(overall)}）` };
}

/** Applies every rule to a period's figures; problems come out in rule order. */
export function findProblems(f: PeriodFigures, d: SummaryDetails): Problem[] {
  const problems: Problem[] = [];
  const k = f.counts;
  const slowestChannel = [...d.channels].filter((c) => c.responseDue > 0)
    .sort((a, b) => a.respondedOnTime / a.responseDue - b.respondedOnTime / b.responseDue)[0];
  const slowestCategory = [...d.categories].filter((c) => c.resolved > 0)
    .sort((a, b) => a.resolvedOnTime / a.resolved - b.resolvedOnTime / b.resolved)[0];
  const slowestStaff = [...f.byStaff].filter((s) => s.medianResolutionMinutes !== null)
    .sort((a, b) => b.medianResolutionMinutes! - a.medianResolutionMinutes!)[0];
  const mostReopenStaff = [...f.byStaff].filter((s) => s.reopenRate !== null)
    .sort((a, b) => b.reopenRate! - a.reopenRate!)[0];
  const mostReopenCategory = [...d.categories].sort((a, b) => b.reopened - a.reopened)[0];
  const lowRatings = d.ratingDistribution['1'] + d.ratingDistribution['2'] + d.ratingDistribution['3'];

  if (k.responseDue >= MIN_SAMPLE && f.rates.onTimeResponse! < THRESHOLDS.onTimeResponse) {
    problems.push({
      rule: 'LOW_ON_TIME_RESPONSE',
      title: '响应及时率偏低',
      threshold: RULES.LOW_ON_TIME_RESPONSE.threshold,
      evidence: `应响应 ${k.responseDue} 件，按时受理 ${k.respondedOnTime} 件，响应及时率 ${pct(f.rates.onTimeResponse)}`,
      causes: [
        { dimension: 'process', text: `受理环节耗时长：响应时间中位数 ${minutes(f.responseMinutes.median)}、90分位值 ${minutes(f.responseMinutes.p90)}，${k.responseDue - k.respondedOnTime} 件超出响应时限` },
        ...(slowestChannel ? [{ dimension: 'resources' as const, text: `渠道值守不足：${channelLabel(slowestChannel.channel)}渠道响应及时率 ${pct(ratio(slowestChannel.respondedOnTime, slowestChannel.responseDue))}（${slowestChannel.responseDue} 件），为各渠道最低` }] : []),
        // Only cases still waiting to be accepted speak to acceptance (the rest of the backlog is late handling).
        ...(f.backlog.unacceptedOverdue > 0
          ? [{ dimension: 'mechanism' as const, text: `超时预警与升级未能促成及时受理：期末仍有 ${f.backlog.unacceptedOverdue} 件超过响应时限未受理` }] : []),
      ],
    });
  }
  if (k.resolved >= MIN_SAMPLE && f.rates.onTimeResolution! < THRESHOLDS.onTimeResolution) {
    problems.push({
      rule: 'LOW_ON_TIME_RESOLUTION',
      title: '按时办结率偏低',
      threshold: RULES.LOW_ON_TIME_RESOLUTION.threshold,
      evidence: `已处理 ${k.resolved} 件，按时办结 ${k.resolvedOnTime} 件，按时办结率 ${pct(f.rates.onTimeResolution)}`,
      causes: [
        { dimension: 'process', text: `处理周期长：办结时间中位数 ${minutes(f.resolutionMinutes.median)}、90分位值 ${minutes(f.resolutionMinutes.p90)}（已扣除挂起时间）` },
        ...(slowestCategory ? [{ dimension: 'resources' as const, text: `${slowestCategory.category}类按时办结率 ${pct(ratio(slowestCategory.resolvedOnTime, slowestCategory.resolved))}（${slowestCategory.resolved} 件），可能${resourcesOf(slowestCategory.category)}` }] : []),
        ...(slowestStaff ? [{ dimension: 'people' as const, text: `${slowestStaff.name} 办结时间中位数 ${minutes(slowestStaff.medianResolutionMinutes)}（经办 ${slowestStaff.handled} 件），为人员中最长` }] : []),
      ],
    });
  }
  if (k.ratings >= MIN_SAMPLE && f.rates.satisfaction! < THRESHOLDS.satisfaction) {
    problems.push({
      rule: 'LOW_SATISFACTION',
      title: '满意率偏低',
      threshold: RULES.LOW_SATISFACTION.threshold,
      evidence: `评价 ${k.ratings} 条，4 分及以上 ${k.goodRatings} 条，满意率 ${pct(f.rates.satisfaction)}，平均 ${num(meanScore(f), ' 分')}`,
      causes: [
        { dimension: 'people', text: `服务质量有差距：3 分及以下评价 ${lowRatings} 条` },
        ...(k.reopened > 0 || k.solved < k.judged
          ? [{ dimension: 'process' as const, text: `一次解决不足：重办率 ${pct(f.rates.reopen)}，解决率 ${pct(f.rates.resolution)}` }] : []),
        ...(k.followedUp < k.followUpRequired
          ? [{ dimension: 'mechanism' as const, text: `不满意闭环不足：回访率 ${pct(f.rates.followUp)}（需回访 ${k.followUpRequired} 件，已回访 ${k.followedUp} 件）` }] : []),
      ],
    });
  }
  if (k.resolved >= MIN_SAMPLE && f.rates.reopen! > THRESHOLDS.reopen) {
    problems.push({
      rule: 'HIGH_REOPEN',
      title: '重办率偏高',
      threshold: RULES.HIGH_REOPEN.threshold,
      evidence: `已处理 ${k.resolved} 件，重办 ${k.reopened} 件，重办率 ${pct(f.rates.reopen)}`,
      causes: [
        { dimension: 'process', text: `完工自检与验收不到位：${k.reopened} 件处理后又重新办理（业主验收未解决、回访不满意或主管重新打开）` },
        ...(mostReopenStaff && mostReopenStaff.reopenRate! > 0 ? [{ dimension: 'people' as const, text: `${mostReopenStaff.name} 重办率 ${pct(mostReopenStaff.reopenRate)}（经办 ${mostReopenStaff.handled} 件），为人员中最高` }] : []),
        ...(mostReopenCategory && mostReopenCategory.reopened > 0 ? [{ dimension: 'resources' as const, text: `${mostReopenCategory.category}类重办 ${mostReopenCategory.reopened} 件，为各分类最多` }] : []),
      ],
    });
  }
  // A visit whose due time has not come, a rating the owner may still give, is not yet missed: judged
  // without them (a summary made on the 1st would otherwise blame the visits due on the 2nd).
  // (With nothing awaited these are the published rate and its denominator.)
  const followUpsDue = k.followUpRequired - f.awaiting.followUps;
  const dueFollowUpRate = f.awaiting.followUps ? ratio(k.followedUp, followUpsDue) : f.rates.followUp;
  if (followUpsDue >= MIN_SAMPLE && dueFollowUpRate! < THRESHOLDS.followUp) {
    const notDue = f.awaiting.followUps ? `；另有 ${f.awaiting.followUps} 件回访期限未到，不计，已到期的回访完成率 ${pct(dueFollowUpRate)}` : '';
    problems.push({
      rule: 'LOW_FOLLOW_UP',
      title: '回访率不足',
      threshold: RULES.LOW_FOLLOW_UP.threshold,
      evidence: `需回访 ${k.followUpRequired} 件，已回访 ${k.followedUp} 件，回访率 ${pct(f.rates.followUp)}${notDue}`,
      causes: [
        { dimension: 'mechanism', text: `回访任务未纳入日常考核：已到回访期限的 ${followUpsDue} 件中 ${followUpsDue - k.followedUp} 件未完成回访（含联系不上）` },
        { dimension: 'people', text: `客服回访力量与受理量不匹配：期内受理 ${f.received.total} 件，需回访 ${k.followUpRequired} 件` },
      ],
    });
  }
  const ratingsClosed = k.resolved - f.awaiting.ratings;
  const closedParticipation = f.awaiting.ratings ? ratio(k.ratedCases, ratingsClosed) : f.rates.ratingParticipation;
  if (ratingsClosed >= MIN_SAMPLE && closedParticipation! < THRESHOLDS.ratingParticipation) {
    const awaited = f.awaiting.ratings ? `；另有 ${f.awaiting.ratings} 件仍可评价，不计，其余的参评率 ${pct(closedParticipation)}` : '';
    problems.push({
      rule: 'LOW_RATING_PARTICIPATION',
      title: '业主参评率偏低',
      threshold: RULES.LOW_RATING_PARTICIPATION.threshold,
      evidence: `已处理 ${k.resolved} 件，获得评价 ${k.ratedCases} 件，参评率 ${pct(f.rates.ratingParticipation)}${awaited}`,
      causes: [
        { dimension: 'mechanism', text: `完工后未主动邀评：${ratingsClosed - k.ratedCases} 件处理后没有评价（含超时自动确认）` },
      ],
    });
  }
  for (const c of d.channels) {
    const rate = ratio(c.respondedOnTime, c.responseDue);
    if (c.responseDue >= MIN_SAMPLE && rate! < THRESHOLDS.channelOnTimeResponse) {
      problems.push({
        rule: 'SLOW_CHANNEL',
        title: `${channelLabel(c.channel)}渠道响应慢`,
        threshold: RULES.SLOW_CHANNEL.threshold,
        evidence: `${channelLabel(c.channel)}渠道应响应 ${c.responseDue} 件，按时 ${c.respondedOnTime} 件，响应及时率 ${pct(rate)}，响应时间中位数 ${minutes(c.medianResponseMinutes)}`,
        causes: channelCauses(c, f),
      });
    }
  }
  for (const c of d.categories) {
    const rate = ratio(c.resolvedOnTime, c.resolved);
    if (c.resolved >= MIN_SAMPLE && rate! < THRESHOLDS.categoryOnTimeResolution) {
      problems.push({
        rule: 'SLOW_CATEGORY',
        title: `${c.category}类办结慢`,
        threshold: RULES.SLOW_CATEGORY.threshold,
        evidence: `${c.category}类已处理 ${c.resolved} 件，按时 ${c.resolvedOnTime} 件，按时办结率 ${pct(rate)}，办结时间中位数 ${minutes(c.medianResolutionMinutes)}`,
        causes: [
          categoryResources(c, f),
          ...(c.reopened > 0 ? [{ dimension: 'process' as const, text: `${c.category}类重办 ${c.reopened} 件，需规范处理标准` }] : []),
        ],
      });
    }
  }
  for (const c of d.categories) {
    const rate = ratio(c.goodRatings, c.ratings);
    if (c.ratings >= MIN_SAMPLE && rate! < THRESHOLDS.categorySatisfaction) {
      problems.push({
        rule: 'LOW_SATISFACTION_CATEGORY',
        title: `${c.category}类满意度低`,
        threshold: RULES.LOW_SATISFACTION_CATEGORY.threshold,
        evidence: `${c.category}类评价 ${c.ratings} 条，4 分及以上 ${c.goodRatings} 条，满意率 ${pct(rate)}`,
        causes: [
          { dimension: 'people', text: `${c.category}类服务沟通与处理质量待提升：满意率 ${pct(rate)}（全部 ${pct(f.rates.satisfaction)}）` },
          // What of its handling may have cost the ratings: only what happened (no "重办 0 件").
          ...(c.reopened > 0 || c.resolvedOnTime < c.resolved
            ? [{ dimension: 'process' as const, text: `${c.category}类${[
              ...(c.reopened > 0 ? [`重办 ${c.reopened} 件`] : []),
              ...(c.resolvedOnTime < c.resolved ? [`超时办结 ${c.resolved - c.resolvedOnTime} 件`] : []),
            ].join('、')}，可能影响业主评价` }] : []),
        ],
      });
    }
  }
  if (f.backlog.overdue >= 1) {
    problems.push({
      rule: 'OVERDUE_BACKLOG',
      title: '存在超期未办结工单',
      threshold: RULES.OVERDUE_BACKLOG.threshold,
      evidence: `期末未办结 ${f.backlog.open} 件，其中超期 ${f.backlog.overdue} 件（${pct(ratio(f.backlog.overdue, f.backlog.open))}）`,
      causes: [
        { dimension: 'mechanism', text: `超时升级后缺少督办闭环：${f.backlog.overdue} 件超期仍未办结` },
        { dimension: 'resources', text: `在办工单 ${f.backlog.open} 件，处理力量与工单量不匹配` },
      ],
    });
  }
  if (f.repeatComplaints >= 1) {
    problems.push({
      rule: 'REPEAT_COMPLAINTS',
      title: '存在重复投诉',
      threshold: RULES.REPEAT_COMPLAINTS.threshold,
      evidence: `重复投诉 ${f.repeatComplaints} 件（不含已取消），期内受理投诉共 ${d.complaints} 件`,
      causes: [
        { dimension: 'mechanism', text: `投诉根源未消除：${f.repeatComplaints} 件为 30 天内同房屋同类问题再次投诉` },
        { dimension: 'process', text: complaintCause(d.complaintFeedback) },
      ],
    });
  }
  // A rate: cancelled cases leave it, on both sides (SPEC §4).
  const liveReceived = f.received.total - f.cancelled;
  const urgedShare = ratio(f.urges.liveCasesUrged, liveReceived);
  if (liveReceived >= MIN_SAMPLE && urgedShare! >= THRESHOLDS.urgedShare) {
    problems.push({
      rule: 'FREQUENT_URGES',
      title: '业主催办较多',
      threshold: RULES.FREQUENT_URGES.threshold,
      evidence: `催办 ${f.urges.count} 次，涉及 ${f.urges.casesUrged} 件；未取消的被催办工单 ${f.urges.liveCasesUrged} 件，占有效受理量 ${pct(urgedShare)}`,
      causes: [
        { dimension: 'process', text: `进度告知不及时：响应时间中位数 ${minutes(f.responseMinutes.median)}，办结时间中位数 ${minutes(f.resolutionMinutes.median)}` },
        { dimension: 'mechanism', text: `催办未触发加急处理：被催办 ${f.urges.casesUrged} 件` },
      ],
    });
  }
  return problems;
}

/**
 * The process cause of repeat complaints: complaints judged unsolved point at the check after handling;
 * complaints all judged solved that still came back point at handling that did not reach the root.
 */
function complaintCause({ judged, solved }: SummaryDetails['complaintFeedback']): string {
  if (judged === 0) return '期内投诉尚无业主确认或回访结果，处理后核实不足';
  if (solved === judged) return `投诉经业主确认或回访均判定已解决（${judged} 件），处理以解决当次问题为主，未排查同类问题再次发生的源头`;
  return `投诉解决率 ${pct(ratio(solved, judged))}（经业主确认或回访的投诉 ${judged} 件，判定已解决 ${solved} 件），处理后核实不足`;
}

// ---- SMART targets ---------------------------------------------------------------------------

// The metrics, their units and Chinese labels are shared with the mini-program (shared/src/report-targets.ts).

interface MetricSpec {
  better: 'higher' | 'lower';
  role: StaffRole;
  read: (f: PeriodFigures) => number | null;
}

export const METRIC_SPECS: Record<TargetMetric, MetricSpec> = {
  onTimeResponse: { better: 'higher', role: 'agent', read: (f) => f.rates.onTimeResponse },
  onTimeResolution: { better: 'higher', role: 'handler', read: (f) => f.rates.onTimeResolution },
  resolution: { better: 'higher', role: 'handler', read: (f) => f.rates.resolution },
  satisfaction: { better: 'higher', role: 'supervisor', read: (f) => f.rates.satisfaction },
  ratingParticipation: { better: 'higher', role: 'agent', read: (f) => f.rates.ratingParticipation },
  followUp: { better: 'higher', role: 'agent', read: (f) => f.rates.followUp },
  reopen: { better: 'lower', role: 'handler', read: (f) => f.rates.reopen },
  medianResponseMinutes: { better: 'lower', role: 'agent', read: (f) => f.responseMinutes.median },
  overdueBacklog: { better: 'lower', role: 'supervisor', read: (f) => f.backlog.overdue },
  repeatComplaints: { better: 'lower', role: 'supervisor', read: (f) => f.repeatComplaints },
};

/** Where a rate target heads when there is no figure yet, and the ceiling no target goes past. */
const RATE_BENCHMARK = 0.98;
const RATE_CEILING = 0.99;
/** A rate target rises at least this much, and at most this much in one period (an achievable step). */
const RATE_MIN_STEP = 0.02;
const RATE_MAX_STEP = 0.1;
/** The resolution rate has no problem rule; without a figure its first target is 90 %. */
const RESOLUTION_DEFAULT = 0.9;
/** The reopen rate is cut by this share of itself, at least by REOPEN_MIN_CUT; without a figure → REOPEN_DEFAULT. */
const REOPEN_CUT = 0.3;
const REOPEN_MIN_CUT = 0.01;
const REOPEN_DEFAULT = 0.05;
/** The median response minutes are cut to this share, not below RESPONSE_FLOOR; without a figure → RESPONSE_DEFAULT. */
const RESPONSE_KEEP = 0.8;
const RESPONSE_FLOOR = 5;
const RESPONSE_DEFAULT = 30;

export interface Target {
  metric: TargetMetric;
  label: string;
  current: number | null;
  target: number;
  deadline: string;
  responsibleRole: StaffRole;
}

const up = (x: number, step: number) => Math.ceil(Math.round(x / step * 1e6) / 1e6) * step;
const down = (x: number, step: number) => Math.floor(Math.round(x / step * 1e6) / 1e6) * step;
const clean = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The target for one metric from its current value (docs/reports.md; targetNotes says the same in Chinese):
 * - rate, higher is better: close half the gap to 98 %, at least +2 and at most +10 points (a rate far
 *   below asks for steps one period can take: 40 % → 50 %, not 69 %), at most 99 %, rounded up
 *   to 0.1 point; a value already at or above 99 % is held (rounded down to 0.1 point). No figure → the rule's threshold
 *   (resolution rate: 90 %).
 * - reopen rate: cut by 30 %, at least 1 point, not below 0, rounded down to 0.1 point. No figure → 5 %.
 * - median response minutes: cut by 20 % (rounded down to a minute), not below 5 unless already lower.
 *   No figure → 30.
 * - overdue backlog and repeat complaints: halve, rounded down. No figure → 0.
 */
export function targetFor(metric: TargetMetric, current: number | null): number {
  const spec = METRIC_SPECS[metric];
  const unit = TARGET_METRIC_UNITS[metric];
  if (unit === 'rate' && spec.better === 'higher') {
    if (current === null) return metric === 'resolution' ? RESOLUTION_DEFAULT : THRESHOLDS[metric as keyof typeof THRESHOLDS];
    // Already at the ceiling or above: hold what was reached (a 100 % period is not asked for 99 %).
    if (current >= RATE_CEILING) return clean(down(current, 0.001));
    const step = Math.min(RATE_MAX_STEP, Math.max(RATE_MIN_STEP, (RATE_BENCHMARK - current) / 2));
    return clean(Math.min(RATE_CEILING, up(current + step, 0.001)));
  }
  if (unit === 'rate') {
    if (current === null) return REOPEN_DEFAULT;
    return clean(Math.max(0, down(current - Math.max(REOPEN_MIN_CUT, current * REOPEN_CUT), 0.001)));
  }
  if (unit === 'minutes') {
    if (current === null) return RESPONSE_DEFAULT;
    return Math.max(Math.min(current, RESPONSE_FLOOR), Math.floor(current * RESPONSE_KEEP));
  }
  return current === null ? 0 : Math.floor(current / 2);
}

/** How targetFor sets targets and scoreTarget scores them, in Chinese, for the appendix of the document. */
export function targetNotes(): string[] {
  const points = (x: number) => `${num(x * 100)} 个百分点`;
  return [
    `响应及时率、按时办结率、解决率、满意率、参评率、回访率：缩小本期值与 ${pct(RATE_BENCHMARK)} 差距的一半，至少提高 ${points(RATE_MIN_STEP)}、至多提高 ${points(RATE_MAX_STEP)}，`
      + `最高 ${pct(RATE_CEILING)}，按 0.1 个百分点向上取整；本期已达 ${pct(RATE_CEILING)} 及以上的保持本期水平（按 0.1 个百分点向下取整）；`
      + `本期无数据的取问题判定阈值（解决率取 ${pct(RESOLUTION_DEFAULT)}）。`,
    `重办率：降低本期值的 ${pct(REOPEN_CUT)}，至少降低 ${points(REOPEN_MIN_CUT)}，不低于 0，按 0.1 个百分点向下取整；本期无数据的取 ${pct(REOPEN_DEFAULT)}。`,
    `响应时间中位数：本期值的 ${pct(RESPONSE_KEEP)} 向下取整到分钟，不低于 ${RESPONSE_FLOOR} 分钟（本期已低于 ${RESPONSE_FLOOR} 分钟的保持本期值）；本期无数据的取 ${RESPONSE_DEFAULT} 分钟。`,
    '超期积压、重复投诉：本期件数减半后向下取整；本期无数据的取 0 件。',
    '完成期限为下期最后一天。考核时按表中所示的实际值（比率保留 0.1 个百分点），比率类指标不低于目标为达成，重办率、响应时间和件数不高于目标为达成；下期没有相应数据的记为“无数据”。',
  ];
}

/**
 * The targets the figures `f` of one period suggest for `forPeriod` (the period after it): every
 * metric, measurable from that period's report, due by its last day. The work summary's 下期目标
 * table, the targets POST /api/reports/targets adopts without a list, and the suggested targets a
 * summary scores when none were saved all come from here.
 */
export function suggestTargets(f: PeriodFigures, forPeriod: ReportPeriod): Target[] {
  const deadline = addDays(forPeriod.to, -1);
  return TARGET_METRICS.map((metric) => {
    const spec = METRIC_SPECS[metric];
    const current = spec.read(f);
    return { metric, label: TARGET_METRIC_LABELS[metric], current, target: targetFor(metric, current), deadline, responsibleRole: spec.role };
  });
}

export interface TargetScore {
  metric: TargetMetric;
  label: string;
  baseline: number | null;
  target: number;
  actual: number | null;
  met: boolean | null;
  responsibleRole: string;
}

/** How a saved target was met by the figures of its period (null when the period has no figure, or no figures: not begun). */
export function scoreTarget(saved: { metric: TargetMetric; baseline: number | null; target: number; responsibleRole: string }, f: PeriodFigures | null): TargetScore {
  const spec = METRIC_SPECS[saved.metric];
  const actual = f === null ? null : spec.read(f);
  // Judged on the figure as the table prints it next to the target (a rate to 0.1 point, minutes and
  // counts to one decimal): 93.976 % is printed 94.0 % and meets a 94.0 % target.
  const shown = actual === null ? null : roundHalfUp(actual, TARGET_METRIC_UNITS[saved.metric] === 'rate' ? 3 : 1);
  const met = shown === null ? null : spec.better === 'higher' ? shown >= saved.target - 1e-9 : shown <= saved.target + 1e-9;
  return { metric: saved.metric, label: TARGET_METRIC_LABELS[saved.metric], baseline: saved.baseline, target: saved.target, actual, met, responsibleRole: saved.responsibleRole };
}

export const roleLabel = (role: string) => ROLE_LABELS[role as StaffRole] ?? role;
