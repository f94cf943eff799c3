import { View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  CASE_TYPE_LABELS, ROLE_LABELS, STATUS_LABELS,
  type CaseCountsResponse, type CaseResponse, type CaseStatus, type CaseType, type CommunityResponse, type Page,
} from '@wuye/shared';
import { CaseCard } from '../../../components/case-summary';
import { FollowUpCard } from '../components/follow-up-card';
import { hasMore, ListFooter } from '../components/list-footer';
import { ChipSelect, optionsOf } from '../../../components/chip-select';
import { FilterRow } from '../../../components/filter-row';
import { LoadFailed } from '../../../components/load-state';
import { useRequireSession } from '../../../hooks/use-require-session';
import { logout } from '../../../services/auth';
import { caseCounts, listCases, type CaseFilters } from '../../../services/cases';
import { chosenCommunity, listCommunities, staffCommunities } from '../../../services/houses';
import { openPage, PAGES, withQuery } from '../../../services/navigation';
import { isSupervisorRole, sessionStore } from '../../../services/session';

/** Not in PAGES: services/navigation.ts is in the main package, and these links are for staff only. */
const SLA_POLICY_PAGE = '/pages/staff/sla-policy/index';
const PEOPLE_PAGE = '/pages/staff/people/index';
const CATEGORIES_PAGE = '/pages/staff/categories/index';
const COMMUNITIES_PAGE = '/pages/staff/communities/index';
const PASSWORD_PAGE = '/pages/staff/password/index';

type Tab = 'submitted' | 'accepted' | 'mine' | 'dueSoon' | 'overdue' | 'followUp' | 'all';
const PAGE_SIZE = 50;
type AnyOf<T extends string> = T | 'any';
/** A status filter: one status, any, or `open` — the cases staff still have to handle. */
type StatusFilter = AnyOf<CaseStatus> | 'open';

/** What the server counts as open in `/cases/counts` (the tab badges): not yet resolved by staff. */
const OPEN_STATUSES: readonly CaseStatus[] = ['submitted', 'accepted', 'assigned', 'in_progress', 'on_hold'];
const OPEN_LABEL = '未处理完成';
const STATUS_FILTER_OPTIONS: { value: StatusFilter; label: string }[] = [
  { value: 'open', label: OPEN_LABEL },
  { value: 'any', label: '全部状态' },
  // A confirmed case waits for the owner's rating or for a visit: its cards read 待评价 or 待回访.
  ...optionsOf(STATUS_LABELS).map((o) => (o.value === 'confirmed' ? { ...o, label: '待评价/回访' } : o)),
];
/** 我的 opens on the cases still to handle, matching its badge; 全部 on everything. */
const defaultStatus = (tab: Tab): StatusFilter => (tab === 'mine' ? 'open' : 'any');

function filtersFor(tab: Tab, status: StatusFilter, type: AnyOf<CaseType>, communityId: AnyOf<string>): CaseFilters {
  const base: CaseFilters = {
    pageSize: PAGE_SIZE, ...(type !== 'any' ? { type } : {}), ...(communityId !== 'any' ? { communityId } : {}),
  };
  const byStatus = status === 'any' ? {} : { status: status === 'open' ? OPEN_STATUSES : status };
  switch (tab) {
    case 'submitted':
      return { ...base, status: 'submitted' };
    case 'accepted':
      return { ...base, status: 'accepted' };
    case 'mine':
      return { ...base, assignee: 'me', ...byStatus };
    case 'dueSoon':
      return { ...base, dueSoon: true };
    case 'overdue':
      return { ...base, overdue: true };
    case 'followUp':
      return { ...base, followUpDue: true };
    case 'all':
      return { ...base, ...byStatus };
  }
}

export default function StaffQueuePage() {
  const session = useRequireSession('staff');
  const role = session?.user.role;
  const [tab, setTab] = useState<Tab>(role === 'handler' ? 'mine' : 'submitted');
  const [status, setStatus] = useState<StatusFilter>(defaultStatus(tab));
  const chooseTab = (next: Tab) => {
    setTab(next);
    setStatus(defaultStatus(next));
  };
  // A role changed since sign-in (read again as the page shows): a handler has no 待受理, 已受理 or
  // 待回访; the others no 我的.
  useEffect(() => {
    if (role === 'handler' && (tab === 'submitted' || tab === 'accepted' || tab === 'followUp')) chooseTab('mine');
    if (role !== undefined && role !== 'handler' && tab === 'mine') chooseTab('submitted');
  }, [role]);
  const [type, setType] = useState<AnyOf<CaseType>>('any');
  // Staff of several communities choose one (the badges count it too) and read each card's.
  const [allCommunities, setAllCommunities] = useState<CommunityResponse[]>([]);
  const [chosen, setCommunityId] = useState<AnyOf<string>>('any');
  useEffect(() => {
    listCommunities().then(setAllCommunities, () => undefined);
  }, []);
  // The session's, as read again when the page shows (an admin may have changed them).
  const communities = useMemo(() => staffCommunities(session?.user, allCommunities), [session?.user, allCommunities]);
  // A community chosen in the filter and taken away from this user since: back to all of theirs.
  const communityId = chosenCommunity(chosen, communities, allCommunities.length > 0, 'any');
  const several = communities.length > 1;
  const communityName = (id: string) => (several ? communities.find((c) => c.id === id)?.name : undefined);
  const [counts, setCounts] = useState<CaseCountsResponse | null>(null);
  const [cases, setCases] = useState<CaseResponse[] | null>(null);
  const [total, setTotal] = useState({ n: 0, capped: false });
  const [pageNo, setPageNo] = useState(1);
  const [loadingMore, setLoadingMore] = useState(false);
  // Answers to an older filter or refresh are dropped when they arrive late.
  const generation = useRef(0);
  // How far down the user has asked to see: a reload that overtakes a 加载更多 loads that far.
  const asked = useRef(0);

  // Why the list could not be loaded, when nothing of it is shown (a refresh that fails keeps the list).
  const [failure, setFailure] = useState<unknown>(null);

  /**
   * The list from the top, as far down as it is shown (coming back from a case keeps the place in a
   * long list: 100 a request, the API's most). `fresh`: another view was chosen — what was shown
   * belongs to the old one.
   */
  const load = async (fresh = false) => {
    if (!sessionStore.get()) return;
    const mine = ++generation.current;
    if (fresh) asked.current = 0;
    const shownCount = Math.max(fresh ? 0 : cases?.length ?? 0, asked.current);
    const pageSize = shownCount <= PAGE_SIZE ? PAGE_SIZE : 100;
    const pages = Math.max(1, Math.ceil(shownCount / pageSize));
    if (fresh) {
      setCases(null);
      setFailure(null);
    }
    const filters = filtersFor(tab, status, type, communityId);
    // Nothing shown: the page says why (LoadFailed); a list shown stays, and a toast says the refresh failed.
    const quiet = { silent: fresh || cases === null };
    let error: unknown = null;
    const [countResult, ...loaded] = await Promise.all([
      caseCounts(communityId === 'any' ? undefined : communityId, type === 'any' ? undefined : type).catch(() => null),
      ...Array.from({ length: pages }, (_, i) => listCases({ ...filters, page: i + 1, pageSize }, quiet).catch((e: unknown) => { error = e; return null; })),
    ]);
    if (mine !== generation.current) return;
    // A 加载更多 tapped while this was on its way asked for more than it read: read that far instead.
    if (asked.current > shownCount) return void load();
    if (countResult) setCounts(countResult);
    if (error) {
      setFailure(error);
      return;
    }
    const seen = new Set<string>();
    const pagesLoaded = loaded as Page<CaseResponse>[];
    const items = pagesLoaded.flatMap((page) => page.items).filter((c) => !seen.has(c.id) && seen.add(c.id));
    setCases(items);
    const last = pagesLoaded[pagesLoaded.length - 1];
    setTotal({ n: last.total, capped: last.totalCapped ?? false });
    // 加载更多 goes on in pages of PAGE_SIZE from what is shown (a page it overlaps is not shown twice).
    setPageNo(Math.max(1, Math.floor(items.length / PAGE_SIZE)));
    setFailure(null);
  };

  /** The next page, appended; a case that moved up meanwhile is not shown twice. */
  const loadMore = async () => {
    if (loadingMore || !cases) return;
    const mine = generation.current;
    asked.current = Math.max(asked.current, cases.length + PAGE_SIZE);
    setLoadingMore(true);
    try {
      const page = await listCases({ ...filtersFor(tab, status, type, communityId), page: pageNo + 1 }).catch(() => null);
      if (!page || mine !== generation.current) return;
      const seen = new Set(cases.map((c) => c.id));
      setCases([...cases, ...page.items.filter((c) => !seen.has(c.id))]);
      setTotal({ n: page.total, capped: page.totalCapped ?? false });
      setPageNo(pageNo + 1);
    } finally {
      setLoadingMore(false);
    }
  };
  useDidShow(() => void load());
  useEffect(() => void load(true), [tab, status, type, communityId]);
  useReachBottom(() => void (cases && hasMore(cases.length, total.n, total.capped) ? loadMore() : undefined));
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  const n = (value: number | undefined) => (value === undefined ? '' : ` ${value}`);
  const canIntake = role !== 'handler';
  // Handlers neither accept cases nor visit owners: no 待受理 or 待回访 for them. Only handlers are
  // assigned cases: the others' second tab is what they accepted and must still dispatch or answer.
  const tabs: { value: Tab; label: string }[] = [
    ...(canIntake ? [{ value: 'submitted' as const, label: `待受理${n(counts?.submitted)}` }] : []),
    canIntake ? { value: 'accepted', label: `已受理${n(counts?.accepted)}` } : { value: 'mine', label: `我的${n(counts?.mine)}` },
    // The SLA warning in the queue: what will breach unless someone acts now (the handler sees their own).
    { value: 'dueSoon', label: `即将超时${n(counts?.dueSoon)}` },
    { value: 'overdue', label: `超时${n(counts?.overdue)}` },
    ...(canIntake ? [{ value: 'followUp' as const, label: `待回访${n(counts?.followUpDue)}` }] : []),
    { value: 'all', label: '全部' },
  ];
  const go = (url: string) => void openPage(url);

  return (
    <View className="page">
      <View className="card card__row">
        <View>{session?.user.name} · {role ? ROLE_LABELS[role] : ''}</View>
        <View className="card__links">
          <View className="link" onClick={() => go(PASSWORD_PAGE)}>修改密码</View>
          <View className="link" onClick={() => { logout(); void Taro.reLaunch({ url: PAGES.login }); }}>退出</View>
        </View>
      </View>
      <View className="shortcuts">
        {canIntake ? <View className="shortcut" onClick={() => go(PAGES.staffIntake)}>代录工单</View> : null}
        {canIntake ? <View className="shortcut" onClick={() => go(PAGES.staffBindings)}>房屋审核</View> : null}
        {isSupervisorRole(role) ? <View className="shortcut" onClick={() => go(PAGES.staffDashboard)}>数据看板</View> : null}
        {/* Agents read the deadlines they work to (the GET is agent+); only supervisors and admins change them. */}
        {canIntake ? (
          <View className="shortcut" onClick={() => go(SLA_POLICY_PAGE)}>{isSupervisorRole(role) ? '时限设置' : '查看时限'}</View>
        ) : null}
        {role === 'admin' ? <View className="shortcut" onClick={() => go(PEOPLE_PAGE)}>人员管理</View> : null}
        {role === 'admin' ? <View className="shortcut" onClick={() => go(COMMUNITIES_PAGE)}>小区与房屋</View> : null}
        {role === 'admin' ? <View className="shortcut" onClick={() => go(CATEGORIES_PAGE)}>报事分类</View> : null}
      </View>

      <ChipSelect label="队列" options={tabs} value={tab} onChange={chooseTab} />
      {counts ? <View className="muted">{OPEN_LABEL}共 {counts.open} 件</View> : null}
      <View className="filters">
        {several ? (
          <FilterRow
            label="小区"
            options={[{ value: 'any', label: '全部小区' }, ...communities.map((c) => ({ value: c.id, label: c.name }))]}
            value={communityId}
            onChange={setCommunityId}
          />
        ) : null}
        {tab === 'all' || tab === 'mine' ? (
          <FilterRow label="状态" options={STATUS_FILTER_OPTIONS} value={status} onChange={setStatus} />
        ) : null}
        <FilterRow
          label="类型"
          options={[{ value: 'any' as const, label: '全部类型' }, ...optionsOf(CASE_TYPE_LABELS)]}
          value={type}
          onChange={setType}
        />
      </View>

      {cases === null && failure ? <LoadFailed error={failure} onRetry={() => void load(true)} /> : null}
      {cases === null && !failure ? <View className="muted center">加载中…</View> : null}
      {cases !== null && cases.length === 0 ? <View className="muted center empty">暂无工单</View> : null}
      {(cases ?? []).map((c) => {
        const open = () => go(withQuery(PAGES.staffCase, { id: c.id }));
        // 待回访 shows when each visit is due, not whether the handling ran late.
        return tab === 'followUp'
          ? <FollowUpCard key={c.id} value={c} now={new Date()} onClick={open} community={communityName(c.communityId)} />
          : <CaseCard key={c.id} value={c} onClick={open} staff community={communityName(c.communityId)} />;
      })}
      <ListFooter shown={cases?.length ?? 0} total={total.n} capped={total.capped} loading={loadingMore} onMore={() => void loadMore()} />
    </View>
  );
}
