import { Picker, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useDidShow } from '@tarojs/taro';
import { useEffect, useMemo, useRef, useState } from 'react';
import { CASE_TYPE_LABELS, CHANNEL_LABELS, type CaseType, type Channel, type CommunityResponse, type MetricsResponse } from '@wuye/shared';
import { ChipSelect } from '../../../components/chip-select';
import { LoadFailed } from '../../../components/load-state';
import { useRequireSession } from '../../../hooks/use-require-session';
import { chosenCommunity, listCommunities, staffCommunities } from '../../../services/houses';
import { openPage, withQuery } from '../../../services/navigation';
import { fetchMetrics, type ReportQuery, type SummaryFormat } from '../../../services/reports';
import { DOWNLOADABLE_FORMATS, getCaseLedger, getWorkSummary } from '../../../services/summary-download';
import { addDays, shanghaiDate } from '../../../utils/format';
import { minutesText, movement, percent, points, score } from './figures';
import { presetPeriod, type Preset } from '../../../utils/period';

const PRESET_LABELS: Record<Preset, string> = {
  this_month: '本月', last_month: '上月', last_7: '近 7 天', last_30: '近 30 天', custom: '自定义',
};
const FORMAT_LABELS: Record<SummaryFormat, string> = { docx: 'Word', xlsx: 'Excel', html: '网页', md: 'Markdown' };
/** Staff-only route, kept out of PAGES (main package). */
const TARGETS_PAGE = '/pages/staff/targets/index';
type Rates = MetricsResponse['rates'];
const MAIN_RATES: [keyof Rates, string][] = [
  ['onTimeResponse', '响应及时率'],
  ['onTimeResolution', '按时办结率'],
  ['satisfaction', '满意率'],
];
const OTHER_RATES: [keyof Rates, string][] = [
  ['resolution', '解决率'],
  ['ratingParticipation', '参评率'],
  ['followUp', '回访率'],
  ['reopen', '重办率'],
];

/**
 * "↑ 3.2 个百分点" against the previous period (the cards' rates are all better higher). `before`: what
 * the previous period is called (上月 under 本月, else 上期). While days of the period are still to
 * come, the previous value is only shown: a month a few days old against a whole month is not a
 * trend (近 30 天, which ends today, compares).
 */
function trend(before: string, current: number | null, previous: number | null | undefined, partial: boolean) {
  if (partial || current === null || previous === null || previous === undefined) return <Text className="trend">{before} {percent(previous)}</Text>;
  const moved = movement(current, previous);
  const arrow = moved === 0 ? '→' : moved > 0 ? '↑' : '↓';
  return (
    <Text className={moved === 0 ? 'trend' : moved > 0 ? 'trend trend--good' : 'trend trend--bad'}>
      {before} {percent(previous)} {arrow} {points(current, previous)} 个百分点
    </Text>
  );
}

function topEntries(map: Record<string, number>, limit: number): [string, number][] {
  return Object.entries(map).sort((a, b) => b[1] - a[1]).slice(0, limit);
}

export default function DashboardPage() {
  const session = useRequireSession('staff');
  const today = shanghaiDate(new Date());
  const [preset, setPreset] = useState<Preset>('this_month');
  const [custom, setCustom] = useState({ from: addDays(today, -29), to: today });
  const [allCommunities, setAllCommunities] = useState<CommunityResponse[]>([]);
  const [chosen, setCommunityId] = useState<string>('all');
  const [metrics, setMetrics] = useState<MetricsResponse | null>(null);
  const [loading, setLoading] = useState(false);
  /** Why the figures of the current choice could not be loaded (shown with 重试 in their place). */
  const [failure, setFailure] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [downloading, setDownloading] = useState<SummaryFormat | 'ledger' | null>(null);

  useDidShow(() => {
    listCommunities().then(setAllCommunities, () => undefined);
  });
  // Only the supervisor's own communities (the server refuses the others' figures), as read again
  // when the page shows.
  const communities = useMemo(() => staffCommunities(session?.user, allCommunities), [session?.user, allCommunities]);
  const communityId = chosenCommunity(chosen, communities, allCommunities.length > 0, 'all');

  const period = preset === 'custom' ? { from: custom.from, to: addDays(custom.to, 1) } : presetPeriod(preset, today);
  const query: ReportQuery = { ...period, ...(communityId !== 'all' ? { communityId } : {}) };
  // Answers can arrive out of order when the period or community changes quickly; only the one
  // for the latest choice is shown.
  const latest = useRef(0);
  useEffect(() => {
    const asked = ++latest.current;
    setLoading(true);
    setFailure(null);
    // Not the figures of the period chosen before under this one's heading while it loads.
    setMetrics(null);
    fetchMetrics(query, { silent: true }).then(
      (figures) => {
        if (asked !== latest.current) return;
        setMetrics(figures);
        setLoading(false);
      },
      (error: unknown) => {
        if (asked !== latest.current) return;
        // Not 暂无数据, and not another period's figures: what failed, and 重试.
        setMetrics(null);
        setFailure(error ?? new Error('load failed'));
        setLoading(false);
      },
    );
  }, [query.from, query.to, query.communityId, attempt]);

  const download = async (what: SummaryFormat | 'ledger') => {
    setDownloading(what);
    try {
      await (what === 'ledger' ? getCaseLedger(query) : getWorkSummary(query, what));
    } catch {
      // toast shown
    } finally {
      setDownloading(null);
    }
  };

  const prev = metrics?.previous;
  // 本月's previous period is the last calendar month (whole, while this one is running: the
  // period line says 未结束); 上月's is the month before it, a custom range's the days before it.
  const before = preset === 'this_month' ? '上月' : '上期';
  const running = period.to > today;
  // Days still to come (本月 before its last day): its rates are not yet comparable with a whole period.
  const partial = addDays(period.to, -1) > today;
  return (
    <View className="page dashboard">
      <ChipSelect label="统计期间" options={(Object.keys(PRESET_LABELS) as Preset[]).map((p) => ({ value: p, label: PRESET_LABELS[p] }))} value={preset} onChange={setPreset} />
      {preset === 'custom' ? (
        <View className="card card__row">
          <Picker mode="date" value={custom.from} end={custom.to} onChange={(e) => setCustom((c) => ({ ...c, from: String(e.detail.value) }))}>
            <View className="link">从 {custom.from}</View>
          </Picker>
          <Picker mode="date" value={custom.to} start={custom.from} onChange={(e) => setCustom((c) => ({ ...c, to: String(e.detail.value) }))}>
            <View className="link">至 {custom.to}</View>
          </Picker>
        </View>
      ) : null}
      {communities.length > 1 ? (
        <ChipSelect label="小区" options={[{ value: 'all', label: '全部小区' }, ...communities.map((c) => ({ value: c.id, label: c.name }))]} value={communityId} onChange={setCommunityId} />
      ) : null}
      <View className="muted">
        {period.from} 至 {addDays(period.to, -1)}{running ? '（未结束，数据截至当前）' : ''}{loading ? ' · 加载中…' : ''}
      </View>

      {metrics ? (
        <>
          <View className="rate-grid">
            {MAIN_RATES.map(([key, label]) => (
              <View key={key} className="rate-card" aria-label={label}>
                <View className="rate-card__label">{label}</View>
                <View className="rate-card__value">{percent(metrics.rates[key])}</View>
                {trend(before, metrics.rates[key], prev?.rates[key], partial)}
              </View>
            ))}
          </View>

          <View className="card">
            <View className="card__title">受理与积压</View>
            <View className="stat-row"><Text>受理总数</Text><Text>{metrics.received.total}（{preset === 'this_month' ? '上月全月' : before} {prev?.received.total ?? '—'}）</Text></View>
            <View className="stat-row"><Text>已撤销</Text><Text>{metrics.cancelled}</Text></View>
            {/* The queue's word for the same cases (待受理 … 挂起); 未办结 would read as including 待确认 and 待回访. */}
            <View className="stat-row"><Text>未处理完成</Text><Text>{metrics.backlog.open}</Text></View>
            <View className="stat-row"><Text>其中超时</Text><Text className={metrics.backlog.overdue ? 'sla--breached' : ''}>{metrics.backlog.overdue}</Text></View>
            <View className="stat-row"><Text>催办</Text><Text>{metrics.urges.count} 次 / {metrics.urges.casesUrged} 件</Text></View>
            <View className="stat-row"><Text>重复投诉</Text><Text>{metrics.repeatComplaints}</Text></View>
            <View className="stat-row"><Text>响应用时（中位数 / 90分位）</Text><Text>{minutesText(metrics.responseMinutes.median)} / {minutesText(metrics.responseMinutes.p90)}</Text></View>
            <View className="stat-row"><Text>办结用时（中位数 / 90分位）</Text><Text>{minutesText(metrics.resolutionMinutes.median)} / {minutesText(metrics.resolutionMinutes.p90)}</Text></View>
            <View className="stat-row"><Text>平均评分</Text><Text>{score(metrics.counts)}</Text></View>
            {OTHER_RATES.map(([key, label]) => (
              <View key={key} className="stat-row"><Text>{label}</Text><Text>{percent(metrics.rates[key])}（{before} {percent(prev?.rates[key])}）</Text></View>
            ))}
            {metrics.awaiting.ratings || metrics.awaiting.followUps ? (
              <View className="muted">另有 {metrics.awaiting.ratings} 件业主仍可评价、{metrics.awaiting.followUps} 件回访期限未到，参评率和回访率还会变化</View>
            ) : null}
          </View>

          <View className="card">
            <View className="card__title">问题分类 Top 5</View>
            {topEntries(metrics.received.byCategory, 5).map(([name, count]) => (
              <View key={name} className="bar-row">
                <Text className="bar-row__label">{name}</Text>
                <View className="bar-row__track"><View className="bar-row__bar" style={{ width: `${(count / Math.max(1, metrics.received.total)) * 100}%` }} /></View>
                <Text className="bar-row__value">{count}</Text>
              </View>
            ))}
            {Object.keys(metrics.received.byCategory).length === 0 ? <View className="muted">本期没有工单</View> : null}
            <View className="card__meta">
              类型：{topEntries(metrics.received.byType, 5).map(([k, v]) => `${CASE_TYPE_LABELS[k as CaseType] ?? k} ${v}`).join('，') || '—'}
            </View>
            <View className="card__meta">
              渠道：{topEntries(metrics.received.byChannel, 6).map(([k, v]) => `${CHANNEL_LABELS[k as Channel] ?? k} ${v}`).join('，') || '—'}
            </View>
          </View>

          <View className="card">
            <View className="card__title">人员情况</View>
            <View className="table">
              <View className="table__row table__head">
                <Text>姓名</Text><Text>处理</Text><Text>办结中位</Text><Text>满意率</Text><Text>重办率</Text>
              </View>
              {metrics.byStaff.map((s) => (
                <View key={s.staffId} className="table__row">
                  <Text>{s.name}</Text><Text>{s.handled}</Text><Text>{minutesText(s.medianResolutionMinutes)}</Text>
                  <Text>{percent(s.satisfaction)}</Text><Text>{percent(s.reopenRate)}</Text>
                </View>
              ))}
            </View>
            {metrics.byStaff.length === 0 ? <View className="muted">本期没有处理记录</View> : null}
          </View>
        </>
      ) : failure ? (
        <LoadFailed error={failure} onRetry={() => setAttempt((n) => n + 1)} />
      ) : !loading ? (
        <View className="muted center empty">暂无数据</View>
      ) : null}

      <View className="card">
        <View className="card__title">物业交流服务工作总结</View>
        <View className="muted">按所选期间和小区生成</View>
        <View className="form__buttons">
          {DOWNLOADABLE_FORMATS.map((format) => (
            <Button key={format} size="small" type="primary" fill="outline" loading={downloading === format} onClick={() => download(format)}>
              {FORMAT_LABELS[format]}
            </Button>
          ))}
        </View>
      </View>

      <View className="card" aria-label="工单台账">
        <View className="card__title">工单台账</View>
        <View className="muted">所选期间内提交的每张工单一行：处理时间、是否超时、业主确认、评分与回访结果（联系电话隐去中间四位）</View>
        <View className="form__buttons">
          <Button size="small" type="primary" fill="outline" loading={downloading === 'ledger'} onClick={() => download('ledger')}>导出 Excel</Button>
        </View>
      </View>

      <View
        className="card card--link"
        aria-label="目标设置"
        onClick={() => void openPage(withQuery(TARGETS_PAGE, communityId !== 'all' ? { communityId } : {}))}
      >
        <View className="card__title">目标设置</View>
        <View className="muted">各月的 SMART 目标：采用工作总结的建议目标，或修改后保存</View>
      </View>
    </View>
  );
}
