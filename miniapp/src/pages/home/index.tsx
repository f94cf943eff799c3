import { View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { BINDING_STATUS_LABELS, houseLabel } from '@wuye/shared';
import { CaseCard } from '../../components/case-summary';
import { ChipSelect } from '../../components/chip-select';
import { useRequireSession } from '../../hooks/use-require-session';
import { logout, refreshMe } from '../../services/auth';
import { listCases } from '../../services/cases';
import { PAGES, withQuery } from '../../services/navigation';
import { sessionStore } from '../../services/session';
import { OWNER_TAB_STATUSES, ownerCases, RECENT_LIMIT, UNFINISHED_STATUSES, type OwnerCases, type OwnerTab as Tab } from './owner-cases';

const TAB_LABELS: Record<Tab, string> = { open: '处理中', resolved: '待确认', confirmed: '待评价/回访', closed: '已结束', all: '全部' };

const EMPTY = { items: [], total: 0, page: 1, pageSize: RECENT_LIMIT };

export default function HomePage() {
  const session = useRequireSession('owner');
  const [list, setList] = useState<OwnerCases | null>(null);
  const [tab, setTab] = useState<Tab>('all');

  const load = async () => {
    if (!sessionStore.get()) return;
    try {
      const [, unfinished, recent] = await Promise.all([
        refreshMe(),
        listCases({ status: UNFINISHED_STATUSES, pageSize: 100 }),
        listCases({ pageSize: RECENT_LIMIT }),
      ]);
      setList(ownerCases(unfinished, recent));
    } catch {
      setList((current) => current ?? ownerCases(EMPTY, EMPTY));
    }
  };
  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  const houses = session?.user.houses ?? [];
  const approved = houses.filter((h) => h.status === 'approved');
  const shown = (list?.cases ?? []).filter((c) => tab === 'all' || OWNER_TAB_STATUSES[tab].includes(c.status));

  const pending = houses.some((h) => h.status === 'pending');
  // With an application still waiting, the binding form is not where to go: say what is awaited.
  const report = () => {
    if (approved.length) return void Taro.navigateTo({ url: PAGES.report });
    if (pending) return void Taro.showToast({ title: '房屋正在审核，通过后即可报事', icon: 'none' });
    void Taro.navigateTo({ url: PAGES.bindHouse });
  };

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
        {approved.length === 0 && pending ? <View className="muted">房屋正在审核，物业审核通过后即可报事</View> : null}
        {houses.map((h) => (
          <View key={h.id} className="card__row house-row">
            <View>{h.communityName} {houseLabel(h)}</View>
            <View className={`binding binding--${h.status}`}>{BINDING_STATUS_LABELS[h.status]}</View>
          </View>
        ))}
      </View>

      <ChipSelect
        label="工单状态"
        options={(Object.keys(TAB_LABELS) as Tab[]).map((t) => ({ value: t, label: `${TAB_LABELS[t]} ${list?.counts[t] ?? 0}` }))}
        value={tab}
        onChange={setTab}
      />
      {list === null ? <View className="muted center">加载中…</View> : null}
      {list !== null && shown.length === 0 ? <View className="muted center empty">暂无工单</View> : null}
      {shown.map((c) => (
        <CaseCard key={c.id} value={c} onClick={() => void Taro.navigateTo({ url: withQuery(PAGES.caseDetail, { id: c.id }) })} />
      ))}
      {list && list.olderNotShown > 0 && (tab === 'closed' || tab === 'all') ? (
        <View className="muted center">另有 {list.olderNotShown} 件较早的已结束工单未显示</View>
      ) : null}

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
