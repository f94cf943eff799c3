import { View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { BINDING_STATUS_LABELS, type CaseResponse, type CaseStatus } from '@wuye/shared';
import { CaseCard } from '../../components/case-summary';
import { ChipSelect } from '../../components/chip-select';
import { useRequireSession } from '../../hooks/use-require-session';
import { logout, refreshMe } from '../../services/auth';
import { listCases } from '../../services/cases';
import { houseLabel } from '../../services/houses';
import { PAGES, withQuery } from '../../services/navigation';
import { sessionStore } from '../../services/session';

type Tab = 'open' | 'resolved' | 'confirmed' | 'closed' | 'all';
const TAB_STATUSES: Record<Exclude<Tab, 'all'>, readonly CaseStatus[]> = {
  open: ['submitted', 'accepted', 'assigned', 'in_progress', 'on_hold'],
  resolved: ['resolved'],
  confirmed: ['confirmed'],
  closed: ['closed', 'cancelled'],
};
const TAB_LABELS: Record<Tab, string> = { open: '处理中', resolved: '待确认', confirmed: '待回访', closed: '已结束', all: '全部' };

export default function HomePage() {
  const session = useRequireSession('owner');
  const [cases, setCases] = useState<CaseResponse[] | null>(null);
  const [tab, setTab] = useState<Tab>('all');

  const load = async () => {
    if (!sessionStore.get()) return;
    try {
      const [, page] = await Promise.all([refreshMe(), listCases({ pageSize: 100 })]);
      setCases(page.items);
    } catch {
      setCases((current) => current ?? []);
    }
  };
  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  const houses = session?.user.houses ?? [];
  const approved = houses.filter((h) => h.status === 'approved');
  const count = (t: Tab) => (cases ?? []).filter((c) => t === 'all' || TAB_STATUSES[t].includes(c.status)).length;
  const shown = (cases ?? []).filter((c) => tab === 'all' || TAB_STATUSES[tab].includes(c.status));

  const report = () => void Taro.navigateTo({ url: approved.length ? PAGES.report : PAGES.bindHouse });

  return (
    <View className="page">
      <View className="hero">
        <View className="hero__hello">您好，{session?.user.name || '业主'}</View>
        <Button type="primary" size="large" block className="hero__report" onClick={report}>
          我要报事
        </Button>
      </View>

      <View className="card">
        <View className="card__row">
          <View className="card__title">我的房屋</View>
          <View className="link" onClick={() => void Taro.navigateTo({ url: PAGES.bindHouse })}>绑定房屋</View>
        </View>
        {houses.length === 0 ? <View className="muted">还没有绑定房屋，绑定并审核通过后即可报事</View> : null}
        {houses.map((h) => (
          <View key={h.id} className="card__row house-row">
            <View>{h.communityName} {houseLabel(h)}</View>
            <View className={`binding binding--${h.status}`}>{BINDING_STATUS_LABELS[h.status]}</View>
          </View>
        ))}
      </View>

      <ChipSelect
        label="工单状态"
        options={(Object.keys(TAB_LABELS) as Tab[]).map((t) => ({ value: t, label: `${TAB_LABELS[t]} ${count(t)}` }))}
        value={tab}
        onChange={setTab}
      />
      {cases === null ? <View className="muted center">加载中…</View> : null}
      {cases !== null && shown.length === 0 ? <View className="muted center empty">暂无工单</View> : null}
      {shown.map((c) => (
        <CaseCard key={c.id} value={c} onClick={() => void Taro.navigateTo({ url: withQuery(PAGES.caseDetail, { id: c.id }) })} />
      ))}

      <View
        className="link center logout"
        onClick={() => {
          logout();
          void Taro.reLaunch({ url: PAGES.login });
        }}
      >
        退出登录
      </View>
    </View>
  );
}
