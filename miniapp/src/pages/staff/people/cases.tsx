import { View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { CaseResponse, CaseStatus } from '@wuye/shared';
import { CaseCard } from '../../../components/case-summary';
import { LoadFailed } from '../../../components/load-state';
import { useRequireSession } from '../../../hooks/use-require-session';
import { listCases } from '../../../services/cases';
import { openPage, PAGES, withQuery } from '../../../services/navigation';

/** What a person holds "in hand": what keeps an admin from stopping them (STAFF_HAS_OPEN_CASES). */
export const IN_HAND: readonly CaseStatus[] = ['assigned', 'in_progress', 'on_hold'];

/** A query value as typed: the H5 router hands it over decoded, the weapp one as sent. */
function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // a name with a literal %
  }
}

/**
 * The cases one staff member holds in hand (已派单, 处理中, 挂起), opened from 人员管理 to reassign
 * them (改派 on each case's page) before a stop, a new role or a removed community. Loaded again on
 * every return from a case, so a reassigned one is gone from the list.
 */
export default function PersonCasesPage() {
  useRequireSession('staff');
  const { params } = useRouter();
  const assignee = params.assignee ?? '';
  const name = params.name ? decoded(params.name) : '该人员';
  const [cases, setCases] = useState<CaseResponse[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<unknown>(null);

  const load = async () => {
    setError(null);
    try {
      const page = await listCases({ assignee, status: IN_HAND, pageSize: 100 });
      setCases(page.items);
      setTotal(page.total);
    } catch (failure) {
      setError(failure);
    }
  };
  useDidShow(() => void load());

  if (error) return <View className="page"><LoadFailed error={error} onRetry={() => void load()} /></View>;
  if (!cases) return <View className="page muted center">加载中…</View>;
  return (
    <View className="page">
      <View className="card">
        <View className="card__title">{name}手上的工单</View>
        <View className="muted">
          {total
            ? `共 ${total} 件（已派单、处理中或挂起）。逐一打开，用「改派」交给其他处理人员，之后即可停用或调整。`
            : '没有在办的工单，可以停用或调整其角色和小区。'}
        </View>
      </View>
      {cases.map((c) => (
        <CaseCard key={c.id} value={c} staff onClick={() => void openPage(withQuery(PAGES.staffCase, { id: c.id }))} />
      ))}
      {total > cases.length ? <View className="muted center">只显示最新的 {cases.length} 件，改派后返回本页查看其余的</View> : null}
    </View>
  );
}
