import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import type { CommunityResponse, CreateCaseRequest } from '@wuye/shared';
import { ReportForm } from '../../../components/report-form';
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key';
import { useRequireSession } from '../../../hooks/use-require-session';
import { createCase } from '../../../services/cases';
import { listCommunities, staffCommunities } from '../../../services/houses';
import { PAGES, withQuery } from '../../../services/navigation';

/** Staff record a case received by phone, at the front desk, in a group chat or a meeting. */
export default function StaffIntakePage() {
  const session = useRequireSession('staff');
  const [communities, setCommunities] = useState<CommunityResponse[] | null>(null);
  const idempotencyKey = useIdempotencyKey();

  useDidShow(() => {
    listCommunities().then(setCommunities, () => setCommunities([]));
  });

  const submit = async (body: CreateCaseRequest) => {
    const created = await idempotencyKey.send((key) => createCase(body, key));
    void Taro.showToast({ title: '已录入', icon: 'success' });
    void Taro.redirectTo({ url: withQuery(PAGES.staffCase, { id: created.id }) });
  };

  if (communities === null) return <View className="page muted center">加载中…</View>;
  const scope = staffCommunities(session?.user, communities);
  return (
    <View className="page">
      <ReportForm mode="intake" communities={scope} onSubmit={submit} />
    </View>
  );
}
