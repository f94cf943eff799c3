import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { RELATION_LABELS, type PendingBindingResponse } from '@wuye/shared';
import { useRequireSession } from '../../../hooks/use-require-session';
import { approveBinding, houseLabel, listBindings, rejectBinding } from '../../../services/houses';
import { formatTime } from '../../../utils/format';

export default function StaffBindingsPage() {
  useRequireSession('staff');
  const [items, setItems] = useState<PendingBindingResponse[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = () => listBindings('pending').then((page) => setItems(page.items), () => setItems([]));
  useDidShow(() => void load());

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
    setBusy(binding.id);
    try {
      await (approve ? approveBinding(binding.id) : rejectBinding(binding.id));
      void Taro.showToast({ title: approve ? '已通过' : '已驳回', icon: 'none' });
      await load();
    } catch {
      // toast shown
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className="page">
      {items === null ? <View className="muted center">加载中…</View> : null}
      {items !== null && items.length === 0 ? <View className="muted center empty">没有待审核的申请</View> : null}
      {(items ?? []).map((b) => (
        <View key={b.id} className="card" aria-label={`绑定申请 ${b.name}`}>
          <View className="card__title">{b.communityName} {houseLabel(b)}</View>
          <View className="card__meta">{b.name}（{RELATION_LABELS[b.relation]}） {b.phone}</View>
          <View className="card__meta">申请时间：{formatTime(b.createdAt)}</View>
          <View className="form__buttons">
            <Button size="small" type="danger" disabled={busy !== null} onClick={() => decide(b, false)}>驳回</Button>
            <Button size="small" type="primary" loading={busy === b.id} disabled={busy !== null && busy !== b.id} onClick={() => decide(b, true)}>通过</Button>
          </View>
        </View>
      ))}
    </View>
  );
}
