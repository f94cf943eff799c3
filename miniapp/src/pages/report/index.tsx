import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { houseLabel, type CreateCaseRequest } from '@wuye/shared';
import { PageLoading } from '../../components/load-state';
import { ReportForm, type HouseOption } from '../../components/report-form';
import { useCommunities } from '../../hooks/use-communities';
import { useIdempotencyKey } from '../../hooks/use-idempotency-key';
import { useRequireSession } from '../../hooks/use-require-session';
import { refreshMe } from '../../services/auth';
import { createCase } from '../../services/cases';
import { PAGES, withQuery } from '../../services/navigation';
import { askSubscribeConsent, reportSubscriptions } from '../../services/subscribe';

export default function ReportPage() {
  const session = useRequireSession('owner');
  // Shown again after every photo pick (WeChat): a reload that fails keeps the communities shown, so
  // the public areas and a community's own categories (and the one picked) stay.
  const communities = useCommunities();
  const idempotencyKey = useIdempotencyKey();
  // Quietly: a failure keeps the houses shown (and a toast after every photo pick would hide the upload's own).
  useDidShow(() => void refreshMe({ silent: true }).catch(() => undefined));

  const approved = (session?.user.houses ?? []).filter((h) => h.status === 'approved');
  const houses: HouseOption[] = approved.map((h) => ({ id: h.houseId, label: `${h.communityName} ${houseLabel(h)}`, communityId: h.communityId }));
  // Public areas only in communities where the owner has an approved house.
  const mine = (communities.value ?? []).filter((c) => approved.some((h) => h.communityId === c.id));

  const submit = async (body: CreateCaseRequest) => {
    // Ask first: WeChat only shows the consent dialog straight from the tap.
    const granted = await askSubscribeConsent(['accepted', 'assigned', 'resolved']);
    const created = await idempotencyKey.send((key) => createCase(body, key));
    await reportSubscriptions(created.id, granted);
    void Taro.showToast({ title: '提交成功', icon: 'success' });
    void Taro.redirectTo({ url: withQuery(PAGES.caseDetail, { id: created.id }) });
  };

  if (communities.value === null) return <PageLoading error={communities.error} onRetry={communities.retry} />;
  return (
    <View className="page">
      {approved.length === 0 ? (
        <View className="card">
          <View className="muted">绑定房屋并审核通过后才能报事。</View>
          <View className="link" onClick={() => void Taro.redirectTo({ url: PAGES.bindHouse })}>去绑定房屋</View>
        </View>
      ) : (
        <ReportForm mode="owner" communities={mine} houses={houses} onSubmit={submit} />
      )}
    </View>
  );
}
