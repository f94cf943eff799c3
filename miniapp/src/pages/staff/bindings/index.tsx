import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { useEffect, useRef, useState } from 'react';
import { BINDING_STATUS_LABELS, BINDING_STEP_LABELS, houseLabel, RELATION_LABELS, type BindingStatus, type PendingBindingResponse } from '@wuye/shared';
import { ChipSelect } from '../../../components/chip-select';
import { useRequireSession } from '../../../hooks/use-require-session';
import { approveBinding, listBindings, rejectBinding, revokeBinding } from '../../../services/houses';
import { setOwnerDisabled } from '../../../services/owner-accounts';
import { RequestError } from '../../../services/request';
import { LoadFailed } from '../../../components/load-state';
import { ReasonForm } from '../../../components/reason-form';
import { formatTime } from '../../../utils/format';

type Shown = 'pending' | 'approved' | 'ended';
const SHOWN_OPTIONS: { value: Shown; label: string }[] = [
  { value: 'pending', label: '待审核' }, { value: 'approved', label: '已绑定' }, { value: 'ended', label: '已结束' },
];
const SHOWN_STATUSES: Record<Shown, BindingStatus[]> = {
  pending: ['pending'], approved: ['approved'], ended: ['revoked', 'withdrawn', 'rejected'],
};
/** What staff most often refuse for; the owner reads it beside 已驳回. */
const REJECT_REASONS = ['姓名或电话与登记信息不符', '非该房屋业主或住户', '请携带证件到物业服务中心核验'] as const;
const EMPTY: Record<Shown, string> = { pending: '没有待审核的申请', approved: '没有找到绑定', ended: '没有找到已结束的绑定' };

/**
 * 房屋审核: pending applications to approve or reject; the bindings in force, found by name, phone
 * or house, to end when the owner moves out, sells or a tenancy ends (解除绑定); and those that ended
 * (解除, 撤回, 驳回). Decided bindings show every step with who took it — the answer to "why can this
 * owner no longer see the house's cases?".
 */
export default function StaffBindingsPage() {
  const isAdmin = useRequireSession('staff')?.user.role === 'admin';
  const [shown, setShown] = useState<Shown>('pending');
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<PendingBindingResponse[] | null>(null);
  const [total, setTotal] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  /** The application whose 驳回 form is open. */
  const [rejecting, setRejecting] = useState<string | null>(null);
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

  const approve = (binding: PendingBindingResponse) => act(binding, () => approveBinding(binding.id), '已通过');
  // A rejection cannot be undone (the owner has to apply again): 驳回 opens a form that asks why,
  // which the owner is shown beside 已驳回; its 取消 rejects nothing.
  const reject = async (binding: PendingBindingResponse, reason: string) => {
    // Kept open with what was typed when the request failed (offline): 驳回 again sends it.
    if (await act(binding, () => rejectBinding(binding.id, reason), '已驳回')) setRejecting(null);
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

  /**
   * An admin stops an abusive owner's account (junk cases, impersonation): everything it is signed in
   * on stops working, and it cannot sign in again until restarted. Its bindings stay (解除绑定 ends them).
   */
  const stopOrRestart = async (binding: PendingBindingResponse) => {
    if (busy !== null) return;
    const stop = !binding.ownerDisabled;
    const { confirm } = await Taro.showModal({
      title: stop ? '停用业主账号' : '恢复业主账号',
      content: stop
        ? `确定停用 ${binding.name} 的账号？停用后其立即退出登录，不能再登录、报事或查看工单；已有的工单和绑定保留，可随时恢复。`
        : `确定恢复 ${binding.name} 的账号？恢复后其可重新登录。`,
      confirmText: stop ? '停用' : '恢复',
      ...(stop ? { confirmColor: '#fa2c19' } : {}),
    });
    if (confirm) await act(binding, () => setOwnerDisabled(binding.ownerId, stop), stop ? '已停用该业主账号' : '已恢复该业主账号');
  };

  /** True when it is settled: done, or decided by someone else meanwhile. */
  const act = async (binding: PendingBindingResponse, send: () => Promise<unknown>, done: string): Promise<boolean> => {
    setBusy(binding.id);
    try {
      await send();
      void Taro.showToast({ title: done, icon: 'none' });
      await load();
      return true;
    } catch (refusal) {
      // Toast shown. Decided, withdrawn or ended meanwhile (409): show the list as it is now.
      const settled = refusal instanceof RequestError && refusal.statusCode === 409;
      if (settled) await load();
      return settled;
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
          {b.ownerDisabled ? <View className="card__meta sla--breached">该业主账号已停用</View> : null}
          {isAdmin ? (
            <Text className="link" aria-disabled={busy !== null} onClick={() => void stopOrRestart(b)}>
              {b.ownerDisabled ? '恢复业主账号' : '停用业主账号'}
            </Text>
          ) : null}
          {/* A first application shows when it came; anything more, each step and who took it. */}
          {b.history.length <= 1 ? (
            <View className="card__meta">申请时间：{formatTime(b.createdAt)}</View>
          ) : b.history.map((step, i) => (
            <View key={i} className="card__meta">
              {formatTime(step.at)} {BINDING_STEP_LABELS[step.status]} · {step.actorName ?? '系统'}{step.note ? `：${step.note}` : ''}
            </View>
          ))}
          {rejecting === b.id ? (
            <ReasonForm
              title={`驳回 ${b.name} 的申请`}
              presets={REJECT_REASONS}
              confirmText="驳回"
              maxLength={200}
              emptyError="请填写驳回原因，业主会看到"
              onSubmit={(reason) => reject(b, reason)}
              onCancel={() => setRejecting(null)}
            />
          ) : shown === 'ended' ? null : <View className="form__buttons">
            {b.status === 'pending' ? (
              <>
                <Button size="small" type="danger" disabled={busy !== null} onClick={() => setRejecting(b.id)}>驳回</Button>
                <Button size="small" type="primary" loading={busy === b.id} disabled={busy !== null && busy !== b.id} onClick={() => approve(b)}>通过</Button>
              </>
            ) : (
              <Button size="small" type="danger" loading={busy === b.id} disabled={busy !== null} onClick={() => revoke(b)}>解除绑定</Button>
            )}
          </View>}
        </View>
      ))}
      {items && total > items.length ? (
        <View className="muted center">共 {total} 条，只显示{shown === 'pending' ? '等待最久' : '最新'}的 {items.length} 条，请用搜索缩小范围</View>
      ) : null}
    </View>
  );
}
