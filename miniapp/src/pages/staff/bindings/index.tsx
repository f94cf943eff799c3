import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { useEffect, useRef, useState } from 'react';
import { BINDING_STATUS_LABELS, BINDING_STEP_LABELS, houseLabel, RELATION_LABELS, type BindingStatus, type PendingBindingResponse } from '@wuye/shared';
import { ChipSelect } from '../../../components/chip-select';
import { useRequireSession } from '../../../hooks/use-require-session';
import { approveBinding, listBindings, rejectBinding, revokeBinding } from '../../../services/houses';
import { RequestError } from '../../../services/request';
import { LoadFailed } from '../../../components/load-state';
import { formatTime } from '../../../utils/format';

type Shown = 'pending' | 'approved' | 'ended';
const SHOWN_OPTIONS: { value: Shown; label: string }[] = [
  { value: 'pending', label: '待审核' }, { value: 'approved', label: '已绑定' }, { value: 'ended', label: '已结束' },
];
const SHOWN_STATUSES: Record<Shown, BindingStatus[]> = {
  pending: ['pending'], approved: ['approved'], ended: ['revoked', 'withdrawn', 'rejected'],
};
const EMPTY: Record<Shown, string> = { pending: '没有待审核的申请', approved: '没有找到绑定', ended: '没有找到已结束的绑定' };

/**
 * 房屋审核: pending applications to approve or reject; the bindings in force, found by name, phone
 * or house, to end when the owner moves out, sells or a tenancy ends (解除绑定); and those that ended
 * (解除, 撤回, 驳回). Decided bindings show every step with who took it — the answer to "why can this
 * owner no longer see the house's cases?".
 */
export default function StaffBindingsPage() {
  useRequireSession('staff');
  const [shown, setShown] = useState<Shown>('pending');
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<PendingBindingResponse[] | null>(null);
  const [total, setTotal] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  // An answer for a list the user has already left is dropped.
  const generation = useRef(0);

  // Why the list could not be loaded, when nothing of it is shown (a refresh that fails keeps the list).
  const [failure, setFailure] = useState<unknown>(null);

  /** `typed`: the search text to send (a tab change sends none: what was typed was for the other list). */
  const load = async (fresh = false, typed = query) => {
    const mine = ++generation.current;
    if (fresh) {
      setItems(null);
      setFailure(null);
    }
    const q = typed.trim() || undefined;
    let error: unknown = null;
    const page = await listBindings(SHOWN_STATUSES[shown], q, { silent: fresh || items === null }).catch((e: unknown) => { error = e; return null; });
    if (mine !== generation.current) return;
    if (!page) {
      setFailure(error);
      return;
    }
    setItems(page.items);
    setTotal(page.total);
    setFailure(null);
  };
  useDidShow(() => void load());
  useEffect(() => {
    setQuery('');
    void load(true, '');
  }, [shown]);

  const decide = async (binding: PendingBindingResponse, approve: boolean) => {
    // A rejection cannot be undone (the owner has to apply again): ask first.
    if (!approve) {
      const { confirm } = await Taro.showModal({
        title: '驳回绑定申请',
        content: `确定驳回 ${binding.name} 对 ${binding.communityName} ${houseLabel(binding)} 的绑定申请？驳回后业主需重新申请。`,
        confirmText: '驳回',
        confirmColor: '#fa2c19',
      });
      if (!confirm) return;
    }
    await act(binding, () => (approve ? approveBinding(binding.id) : rejectBinding(binding.id)), approve ? '已通过' : '已驳回');
  };

  const revoke = async (binding: PendingBindingResponse) => {
    const { confirm } = await Taro.showModal({
      title: '解除绑定',
      content: `确定解除 ${binding.name} 与 ${binding.communityName} ${houseLabel(binding)} 的绑定？`
        + '解除后其将看不到该房屋的其他工单（自己提交的仍可查看），也不能再为该房屋报事；适用于搬离、出售或租约到期，如需可重新申请。',
      confirmText: '解除',
      confirmColor: '#fa2c19',
    });
    if (confirm) await act(binding, () => revokeBinding(binding.id), '已解除绑定');
  };

  const act = async (binding: PendingBindingResponse, send: () => Promise<unknown>, done: string) => {
    setBusy(binding.id);
    try {
      await send();
      void Taro.showToast({ title: done, icon: 'none' });
      await load();
    } catch (refusal) {
      // Toast shown. Decided, withdrawn or ended meanwhile (409): show the list as it is now.
      if (refusal instanceof RequestError && refusal.statusCode === 409) await load();
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className="page">
      <ChipSelect label="列表" options={SHOWN_OPTIONS} value={shown} onChange={setShown} />
      {/* Every list can be searched: the pending ones too, when there are more than a page of them. */}
      <View className="card card__row">
        <Input placeholder="姓名、手机号或房号，如 1栋 1单元 1802" value={query} onChange={setQuery} onConfirm={() => void load()} />
        <Button size="small" type="primary" onClick={() => void load()}>搜索</Button>
      </View>
      {items === null && failure ? <LoadFailed error={failure} onRetry={() => void load(true)} /> : null}
      {items === null && !failure ? <View className="muted center">加载中…</View> : null}
      {items !== null && items.length === 0 ? (
        <View className="muted center empty">{EMPTY[shown]}</View>
      ) : null}
      {(items ?? []).map((b) => (
        <View key={b.id} className="card" aria-label={`绑定申请 ${b.name}`}>
          <View className="card__title">
            {b.communityName} {houseLabel(b)}{shown === 'ended' ? `（${BINDING_STATUS_LABELS[b.status]}）` : ''}
          </View>
          <View className="card__meta">{b.name}（{RELATION_LABELS[b.relation]}） {b.phone}</View>
          {/* A first application shows when it came; anything more, each step and who took it. */}
          {b.history.length <= 1 ? (
            <View className="card__meta">申请时间：{formatTime(b.createdAt)}</View>
          ) : b.history.map((step, i) => (
            <View key={i} className="card__meta">{formatTime(step.at)} {BINDING_STEP_LABELS[step.status]} · {step.actorName ?? '系统'}</View>
          ))}
          {shown === 'ended' ? null : <View className="form__buttons">
            {b.status === 'pending' ? (
              <>
                <Button size="small" type="danger" disabled={busy !== null} onClick={() => decide(b, false)}>驳回</Button>
                <Button size="small" type="primary" loading={busy === b.id} disabled={busy !== null && busy !== b.id} onClick={() => decide(b, true)}>通过</Button>
              </>
            ) : (
              <Button size="small" type="danger" loading={busy === b.id} disabled={busy !== null} onClick={() => revoke(b)}>解除绑定</Button>
            )}
          </View>}
        </View>
      ))}
      {items && total > items.length ? <View className="muted center">共 {total} 条，只显示最新的 {items.length} 条，请用搜索缩小范围</View> : null}
    </View>
  );
}
