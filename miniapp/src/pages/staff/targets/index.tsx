import { Picker, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { ROLE_LABELS, type CommunityResponse, type ReportTargetResponse, type SaveTargetsRequest } from '@wuye/shared';
import { ChipSelect } from '../../../components/chip-select';
import { LoadFailed } from '../../../components/load-state';
import { useLoaded } from '../../../hooks/use-loaded';
import { useRequireSession } from '../../../hooks/use-require-session';
import { chosenCommunity, listCommunities, staffCommunities } from '../../../services/houses';
import { errorReason } from '../../../services/request';
import { listSuggestedTargets, listTargets, saveTargets, type ReportQuery } from '../../../services/reports';
import { isSupervisorRole } from '../../../services/session';
import { addDays, shanghaiDate } from '../../../utils/format';
import { dayLabel, monthLabel, monthPeriod, shiftMonth } from '../../../utils/period';
import { TargetForm } from './target-form';
import { targetValueText } from './target-values';

type MonthChoice = 'this_month' | 'next_month' | 'other';
const MONTH_CHOICES: { value: MonthChoice; label: string }[] = [
  { value: 'this_month', label: '本月' },
  { value: 'next_month', label: '下月' },
  { value: 'other', label: '其他月份' },
];

/** The targets shown: those saved for the period, or, when none are, the ones the previous month's summary suggests. */
interface Shown {
  source: 'saved' | 'suggested';
  targets: ReportTargetResponse[];
}

async function loadShown(query: ReportQuery): Promise<Shown> {
  const saved = await listTargets(query, { silent: true });
  if (saved.length) return { source: 'saved', targets: saved };
  return { source: 'suggested', targets: await listSuggestedTargets(query, { silent: true }) };
}

/**
 * 目标设置: the SMART targets of one month and scope (SPEC §4 item 6). Supervisors and admins see the
 * targets saved for it or, when none are, the ones the previous month's work summary suggests; they
 * adopt the suggestions in one tap, or change one target (tap it) and save.
 */
export default function TargetsPage() {
  const session = useRequireSession('staff');
  const canSet = isSupervisorRole(session?.user.role);
  const thisMonth = shanghaiDate(new Date()).slice(0, 7);
  const [choice, setChoice] = useState<MonthChoice>('this_month');
  const [otherMonth, setOtherMonth] = useState(() => shiftMonth(thisMonth, 2));
  const month = choice === 'this_month' ? thisMonth : choice === 'next_month' ? shiftMonth(thisMonth, 1) : otherMonth;
  const period = monthPeriod(month);

  // Scope as on the dashboard (which passes its choice along): the user's own communities, or all of them.
  const router = useRouter();
  const [allCommunities, setAllCommunities] = useState<CommunityResponse[]>([]);
  const [chosen, setCommunityId] = useState<string>(router.params.communityId ?? 'all');
  useDidShow(() => {
    listCommunities().then(setAllCommunities, () => undefined);
  });
  // The session's, as read again when the page shows (an admin may have changed them).
  const communities = useMemo(() => staffCommunities(session?.user, allCommunities), [session?.user, allCommunities]);
  const communityId = chosenCommunity(chosen, communities, allCommunities.length > 0, 'all');
  const query: ReportQuery = { ...period, ...(communityId !== 'all' ? { communityId } : {}) };
  const key = canSet ? `${query.from}/${communityId}` : null;

  const loaded = useLoaded(key, () => loadShown(query));
  /** The POST's answer, for the period and scope it was sent for. */
  const [justSaved, setJustSaved] = useState<{ key: string; targets: ReportTargetResponse[] } | null>(null);
  const shown: Shown | null = justSaved && justSaved.key === key ? { source: 'saved', targets: justSaved.targets } : loaded.value;
  const [editing, setEditing] = useState<string | null>(null);
  const [adopting, setAdopting] = useState(false);
  const [adoptError, setAdoptError] = useState<string | null>(null);

  /** Sends the targets (none: adopt the suggestions); a refusal is thrown to the caller, which shows it. */
  const save = async (targets?: SaveTargetsRequest['targets']) => {
    const sentFor = key as string;
    const saved = await saveTargets({ ...query, ...(targets ? { targets } : {}) }, { silent: true });
    setJustSaved({ key: sentFor, targets: saved });
    setEditing(null);
    void Taro.showToast({ title: '目标已保存', icon: 'none' });
  };

  const adopt = async () => {
    if (adopting || editing !== null) return;
    setAdopting(true);
    setAdoptError(null);
    try {
      await save();
    } catch (refusal) {
      setAdoptError(errorReason(refusal));
    } finally {
      setAdopting(false);
    }
  };

  /** A saved target is saved alone; a suggestion is saved with the other suggestions, so the month keeps all of them. */
  const saveOne = (target: ReportTargetResponse, value: number) =>
    save(shown?.source === 'saved'
      ? [{ metric: target.metric, target: value }]
      : shown!.targets.map((t) => ({ metric: t.metric, target: t.metric === target.metric ? value : t.target })));

  if (session && !canSet) return <View className="page muted center empty">仅主管和管理员可设置目标</View>;

  const baseline = shiftMonth(month, -1);
  const baselineMonth = monthLabel(baseline);
  // "本月" only when it is this month: 下月 or another month is named ("2027年1月").
  const monthName = month === thisMonth ? '本月' : monthLabel(month);
  // The baseline month may not be over yet (下月), or not begun: its suggestions are not final.
  const baselineState = baseline === thisMonth ? 'running' : baseline > thisMonth ? 'future' : 'over';
  return (
    <View className="page">
      <ChipSelect label="目标月份" options={MONTH_CHOICES} value={choice} onChange={(c) => { setChoice(c); setEditing(null); }} />
      {choice === 'other' ? (
        // The months a report period may span (2000–2099, server/src/reports/report-period.ts).
        <Picker
          mode="date"
          fields="month"
          value={otherMonth}
          start="2000-01"
          end="2099-12"
          onChange={(e) => { setOtherMonth(String(e.detail.value).slice(0, 7)); setEditing(null); }}
        >
          <View className="card link">选择月份：{monthLabel(otherMonth)}</View>
        </Picker>
      ) : null}
      {communities.length > 1 ? (
        <ChipSelect
          label="小区"
          options={[{ value: 'all', label: '全部小区' }, ...communities.map((c) => ({ value: c.id, label: c.name }))]}
          value={communityId}
          onChange={(id) => { setCommunityId(id); setEditing(null); }}
        />
      ) : null}
      <View className="section-title">{monthLabel(month)}目标</View>
      <View className="muted">{period.from} 至 {addDays(period.to, -1)}，基线为{baselineMonth}的数据</View>

      {loaded.error && !shown ? <LoadFailed error={loaded.error} onRetry={loaded.retry} /> : null}
      {!loaded.error && !shown ? <View className="muted center">加载中…</View> : null}
      {shown?.source === 'saved' ? (
        <View className="card">
          <View className="card__title">已保存 {shown.targets.length} 项目标</View>
          <View className="muted">工作总结按这些目标考核{monthName}。点选一项可修改目标值。</View>
        </View>
      ) : null}
      {shown?.source === 'suggested' ? (
        <View className="card">
          <View className="card__title">尚未保存{monthName}目标</View>
          <View className="muted">以下是{baselineMonth}工作总结按当月数据提出的建议目标。可一键采用，或点选一项修改后保存。</View>
          {baselineState === 'running' ? <View className="muted sla">{baselineMonth}尚未结束：建议按截至今天的数据计算，月末前还会变化。</View> : null}
          {baselineState === 'future' ? <View className="muted sla">{baselineMonth}尚未开始，没有数据：以下为默认建议。</View> : null}
          {adoptError ? <View className="field__error" role="alert">{adoptError}</View> : null}
          <View className="form__buttons">
            {/* Not while a target's form is open: its save sends every suggestion too. */}
            <Button size="small" type="primary" loading={adopting} disabled={adopting || editing !== null} onClick={adopt}>一键采用建议目标</Button>
          </View>
        </View>
      ) : null}

      {shown?.targets.map((target) => {
        if (target.metric === editing) {
          return (
            <TargetForm
              key={target.metric}
              target={target}
              note={shown.source === 'saved' ? '只修改这一项。' : '保存时其余各项按建议目标一并保存。'}
              onSubmit={(value) => saveOne(target, value)}
              onCancel={() => setEditing(null)}
            />
          );
        }
        const line = (name: string, value: string) => (
          <View className="stat-row"><Text>{name}</Text><Text>{value}</Text></View>
        );
        return (
          <View key={target.metric} className="card card--link" aria-label={target.label} onClick={() => setEditing(target.metric)}>
            <View className="card__row">
              <View className="card__title">{target.label}</View>
              <Text className={shown.source === 'saved' ? 'status' : 'status status--cancelled'}>{shown.source === 'saved' ? '已保存' : '建议'}</Text>
            </View>
            {line('基线', targetValueText(target.metric, target.baseline))}
            {line('目标', targetValueText(target.metric, target.target))}
            {line('完成期限', dayLabel(target.deadline))}
            {line('责任岗位', ROLE_LABELS[target.responsibleRole])}
          </View>
        );
      })}
    </View>
  );
}
