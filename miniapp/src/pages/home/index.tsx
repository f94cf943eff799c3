import { View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useMemo, useRef, useState } from 'react';
import { BINDING_STATUS_LABELS, houseLabel, type CaseResponse, type HouseBindingResponse, type Page } from '@wuye/shared';
import { CaseCard } from '../../components/case-summary';
import { ChipSelect } from '../../components/chip-select';
import { LoadFailed } from '../../components/load-state';
import { useOneAtATime } from '../../hooks/use-one-at-a-time';
import { useRequireSession } from '../../hooks/use-require-session';
import { logout, refreshMe } from '../../services/auth';
import { listCases } from '../../services/cases';
import { openPage, PAGES, withQuery } from '../../services/navigation';
import { errorReason, showError } from '../../services/request';
import { sessionStore } from '../../services/session';
import {
  FINISHED_STATUSES, OWNER_TAB_STATUSES, ownerCases, RECENT_LIMIT, UNFINISHED_STATUSES, type OwnerTab as Tab,
} from './owner-cases';

const TAB_LABELS: Record<Tab, string> = { open: '处理中', resolved: '待确认', confirmed: '待评价/回访', closed: '已结束', all: '全部' };

/** 加载更多 asks again when a page brought fewer new cases than this (it overlapped what was shown). */
const FEW = 20;

export default function HomePage() {
  const session = useRequireSession('owner');
  const [pages, setPages] = useState<{ unfinished: Page<CaseResponse>; recent: Page<CaseResponse> } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [older, setOlder] = useState<{ items: CaseResponse[]; pages: number }>({ items: [], pages: 0 });
  const olderLoad = useOneAtATime();
  /** Why /me failed while the houses are not known yet (right after sign-in): shown with 重试. */
  const [meFailure, setMeFailure] = useState<unknown>(null);
  const reporting = useOneAtATime();
  const [tab, setTab] = useState<Tab>('all');
  const list = useMemo(() => (pages ? ownerCases(pages.unfinished, pages.recent, older.items) : null), [pages, older]);

  /**
   * Counts the refreshes: an answer from before the latest one is dropped — a refresh's (it may list
   * a case withdrawn since) or a 加载更多's (its pages may have shifted).
   */
  const refreshes = useRef(0);
  /** How many pages of older cases the owner has asked for: a refresh reads them again, from the top. */
  const olderAsked = useRef(0);
  const load = async () => {
    if (!sessionStore.get()) return;
    const mine = ++refreshes.current;
    setFailure(null);
    void loadMe();
    const olderPages = olderAsked.current;
    try {
      const [unfinished, recent, ...olderLoaded] = await Promise.all([
        listCases({ status: UNFINISHED_STATUSES, pageSize: 100 }, { silent: true }),
        listCases({ pageSize: RECENT_LIMIT }, { silent: true }),
        // Back from a case, the older cases shown stay shown: their pages are read again with the rest
        // (pages counted from the newest may have shifted since — a case reopened — so all of them).
        ...Array.from({ length: olderPages }, (_, i) =>
          listCases({ status: FINISHED_STATUSES, page: i + 1, pageSize: RECENT_LIMIT }, { silent: true })),
      ]);
      if (mine !== refreshes.current) return;
      setPages({ unfinished, recent });
      setOlder({ items: olderLoaded.flatMap((p) => p.items), pages: olderPages });
    } catch (error) {
      // A refresh that fails keeps the list shown, and says so; with nothing shown yet, 加载失败 with 重试.
      if (mine !== refreshes.current) return;
      setFailure(error);
      if (pages) showError(errorReason(error));
    }
  };
  /** The houses come with /me; if it fails the session's stay (the cases still load). */
  const loadMe = async () => {
    setMeFailure(null);
    // Quiet: without houses shown the page says why (加载失败 with 重试); with them, they stay.
    await refreshMe({ silent: true }).catch((error: unknown) => setMeFailure(error ?? new Error('load failed')));
  };
  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  /**
   * The next finished cases, newest first, as many pages as it takes to show some not yet listed.
   * A failure leaves 加载更多 for another try (the request wrapper said why).
   */
  const loadOlder = () => olderLoad.run(async () => {
    if (!list) return;
    const asked = refreshes.current;
    const known = new Set(list.cases.map((c) => c.id));
    let { items, pages: loaded } = older;
    // A refresh that overtakes this one reads this far.
    olderAsked.current = Math.max(olderAsked.current, loaded + 1);
    let fresh = 0;
    let total = 0;
    do {
      const next = await listCases({ status: FINISHED_STATUSES, page: loaded + 1, pageSize: RECENT_LIMIT });
      loaded += 1;
      total = next.total;
      fresh += next.items.filter((c) => !known.has(c.id)).length;
      items = [...items, ...next.items];
    } while (fresh < FEW && loaded * RECENT_LIMIT < total && asked === refreshes.current);
    if (asked === refreshes.current) {
      olderAsked.current = loaded;
      setOlder({ items, pages: loaded });
    }
  });

  // Right after signing in the houses are not known yet (the sign-in answer does not carry them).
  const houses: HouseBindingResponse[] | undefined = session?.user.houses;
  const shown = (list?.cases ?? []).filter((c) => tab === 'all' || OWNER_TAB_STATUSES[tab].includes(c.status));

  // With an application still waiting, the binding form is not where to go: say what is awaited.
  const report = () => reporting.run(async () => {
    // Right after sign-in the houses are asked for first (a second tap meanwhile does nothing).
    const known = houses ?? (await refreshMe().then((user) => user.houses ?? [], () => null));
    if (known === null) return; // the request wrapper said why
    if (known.some((h) => h.status === 'approved')) return void openPage(PAGES.report);
    if (known.some((h) => h.status === 'pending')) return void Taro.showToast({ title: '房屋正在审核，通过后即可报事', icon: 'none' });
    void openPage(PAGES.bindHouse);
  });

  const approved = (houses ?? []).filter((h) => h.status === 'approved');
  // An owner whose cases are in several estates: each card names its estate (1栋 1单元 101 or 南门岗亭
  // does not say which); a refused application elsewhere changes nothing.
  const estates = new Map((houses ?? []).map((h) => [h.communityId, h.communityName]));
  const severalEstates = new Set((list?.cases ?? []).map((c) => c.communityId)).size > 1;
  const pending = (houses ?? []).some((h) => h.status === 'pending');

  return (
    <View className="page">
      <View className="hero">
        <View className="hero__hello">您好，{session?.user.name || '业主'}</View>
        <Button type="primary" size="large" block className="hero__report" onClick={() => void report()}>
          我要报事
        </Button>
      </View>

      <View className="card">
        <View className="card__row">
          <View className="card__title">我的房屋</View>
          <View className="link" onClick={() => void openPage(PAGES.bindHouse)}>绑定房屋</View>
        </View>
        {houses === undefined && meFailure ? <LoadFailed error={meFailure} onRetry={() => void loadMe()} /> : null}
        {houses === undefined && !meFailure ? <View className="muted">加载中…</View> : null}
        {houses?.length === 0 ? <View className="muted">还没有绑定房屋，绑定并审核通过后即可报事</View> : null}
        {approved.length === 0 && pending ? <View className="muted">房屋正在审核，物业审核通过后即可报事</View> : null}
        {(houses ?? []).map((h) => (
          <View key={h.id} className="card__row house-row">
            <View>{h.communityName} {houseLabel(h)}</View>
            <View className={`binding binding--${h.status}`}>{BINDING_STATUS_LABELS[h.status]}{h.rejectReason ? `：${h.rejectReason}` : null}</View>
          </View>
        ))}
      </View>

      <ChipSelect
        label="工单状态"
        options={(Object.keys(TAB_LABELS) as Tab[]).map((t) => ({ value: t, label: `${TAB_LABELS[t]} ${list?.counts[t] ?? 0}` }))}
        value={tab}
        onChange={setTab}
      />
      {list === null && failure ? <LoadFailed error={failure} onRetry={() => void load()} /> : null}
      {list === null && !failure ? <View className="muted center">加载中…</View> : null}
      {list !== null && shown.length === 0 ? <View className="muted center empty">暂无工单</View> : null}
      {shown.map((c) => (
        <CaseCard key={c.id} value={c} community={severalEstates ? estates.get(c.communityId) : undefined}
          onClick={() => void openPage(withQuery(PAGES.caseDetail, { id: c.id }))} />
      ))}
      {list && list.olderNotShown > 0 && (tab === 'closed' || tab === 'all') ? (
        <View className="list-footer muted center">
          <View>另有 {list.olderNotShown} 件较早的已结束工单</View>
          <Button size="small" fill="outline" loading={olderLoad.busy} disabled={olderLoad.busy} onClick={() => void loadOlder()}>
            {olderLoad.busy ? '加载中…' : '加载更多'}
          </Button>
        </View>
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
