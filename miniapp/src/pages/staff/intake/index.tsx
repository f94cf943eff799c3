import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { CreateCaseRequest } from '@wuye/shared';
import { PageLoading } from '../../../components/load-state';
import { ReportForm } from '../../../components/report-form';
import { useCommunities } from '../../../hooks/use-communities';
import { useIdempotencyKey } from '../../../hooks/use-idempotency-key';
import { useRequireSession } from '../../../hooks/use-require-session';
import { createCase } from '../../../services/cases';
import { staffCommunities } from '../../../services/houses';
import { PAGES, withQuery } from '../../../services/navigation';

/** Staff record a case received by phone, at the front desk, in a group chat or a meeting. */
export default function StaffIntakePage() {
  const session = useRequireSession('staff');
  // Loaded again on every show (after each photo pick too); a failed reload keeps the form as it is.
  const communities = useCommunities();
  const idempotencyKey = useIdempotencyKey();

  const submit = async (body: CreateCaseRequest) => {
    const created = await idempotencyKey.send((key) => createCase(body, key));
    void Taro.showToast({ title: '已录入', icon: 'success' });
    void Taro.redirectTo({ url: withQuery(PAGES.staffCase, { id: created.id }) });
  };

  if (communities.value === null) return <PageLoading error={communities.error} onRetry={communities.retry} />;
  const scope = staffCommunities(session?.user, communities.value);
  return (
    <View className="page">
      <ReportForm mode="intake" communities={scope} onSubmit={submit} />
    </View>
  );
}
