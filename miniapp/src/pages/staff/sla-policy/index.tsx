import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { CASE_TYPE_LABELS, URGENCY_LABELS, type SetSlaPolicyRequest, type SlaPolicyResponse } from '@wuye/shared';
import { ChipSelect } from '../../../components/chip-select';
import { LoadFailed, PageLoading } from '../../../components/load-state';
import { useLoaded } from '../../../hooks/use-loaded';
import { useRequireSession } from '../../../hooks/use-require-session';
import { listCommunities, staffCommunities } from '../../../services/houses';
import { isSupervisorRole } from '../../../services/session';
import { listSlaPolicies, resetSlaPolicy, setSlaPolicy } from '../../../services/sla-policies';
import { DURATIONS, FOLLOW_UP_POLICY_LABELS, PolicyForm, policyDurationText } from './policy-form';

/** A row's identity, with its community: an answer for a community the user has left never lands on another's rows. */
const rowKey = (communityId: string, policy: Pick<SlaPolicyResponse, 'type' | 'urgency'>) =>
  `${communityId}\n${policy.type}\n${policy.urgency}`;

const rowLabel = (policy: SlaPolicyResponse) => `${CASE_TYPE_LABELS[policy.type]}·${URGENCY_LABELS[policy.urgency]}`;

/**
 * The SLA policy of the user's communities, per type × urgency: supervisors and admins change it
 * (tap a row) or return a row the community set to the default (恢复默认); agents, who may read it,
 * see it without either. A change applies to cases created afterwards.
 */
export default function SlaPolicyPage() {
  const session = useRequireSession('staff');
  const canEdit = isSupervisorRole(session?.user.role);
  const communityList = useLoaded('communities', listCommunities);
  // Only the user's own communities (every one for an admin): the server refuses the others.
  const communities = staffCommunities(session?.user, communityList.value ?? []);
  const [picked, setPicked] = useState<string | null>(null);
  const communityId = communities.find((c) => c.id === picked)?.id ?? communities[0]?.id ?? null;

  const policies = useLoaded(communityId, () => listSlaPolicies(communityId as string, { silent: true }));
  /** Rows the server answered since the list was loaded, by rowKey: a PUT's row, a 恢复默认's whole list. */
  const [saved, setSaved] = useState<Record<string, SlaPolicyResponse>>({});
  const [editing, setEditing] = useState<string | null>(null);
  /** The row whose 恢复默认 is on its way, by rowKey. */
  const [resetting, setResetting] = useState<string | null>(null);
  // A new list (another community, or 重试) is the truth again; a half-filled form does not follow it.
  useEffect(() => {
    setSaved({});
    setEditing(null);
  }, [policies.value]);

  const save = async (community: string, body: SetSlaPolicyRequest) => {
    const updated = await setSlaPolicy(community, body, { silent: true });
    setSaved((current) => ({ ...current, [rowKey(community, updated)]: updated }));
    setEditing(null);
    void Taro.showToast({ title: '已保存，对之后新建的工单生效', icon: 'none' });
  };

  const resetToDefault = async (community: string, policy: SlaPolicyResponse) => {
    // The defaults themselves are not quoted here: defaultSlaPolicy would join the main package
    // (shared/sla.ts is an owner-page module); the row shows them once the answer is in.
    const { confirm } = await Taro.showModal({
      title: '恢复默认',
      content: `确定将 ${rowLabel(policy)} 恢复为默认标准？对之后新建的工单生效，已有工单的时限不变。`,
      confirmText: '恢复默认',
    });
    if (!confirm) return;
    setResetting(rowKey(community, policy));
    try {
      // The answer is the community's whole list as it now stands: every row is redrawn from it.
      const list = await resetSlaPolicy(community, policy.type, policy.urgency);
      setSaved((current) => ({ ...current, ...Object.fromEntries(list.map((p) => [rowKey(community, p), p])) }));
      void Taro.showToast({ title: '已恢复默认，对之后新建的工单生效', icon: 'none' });
    } catch {
      // The request wrapper showed the server's message.
    } finally {
      setResetting(null);
    }
  };

  if (!communityList.value) return <PageLoading error={communityList.error} onRetry={communityList.retry} />;
  if (!communityId) return <View className="page muted center empty">没有可查看的小区</View>;

  const rows = (policies.value ?? []).map((p) => saved[rowKey(communityId, p)] ?? p);
  return (
    <View className="page">
      {communities.length > 1 ? (
        <ChipSelect
          label="小区"
          options={communities.map((c) => ({ value: c.id, label: c.name }))}
          value={communityId}
          onChange={setPicked}
        />
      ) : (
        <View className="section-title">{communities[0].name}</View>
      )}
      <View className="muted">
        {canEdit ? '点选一项修改，或将本小区设置的一项恢复默认。修改对之后新建的工单生效，已有工单的时限不变。' : '仅主管和管理员可修改。'}
      </View>

      {policies.error ? <LoadFailed error={policies.error} onRetry={policies.retry} /> : null}
      {!policies.error && !policies.value ? <View className="muted center">加载中…</View> : null}
      {rows.map((policy) => {
        const key = rowKey(communityId, policy);
        const label = rowLabel(policy);
        if (key === editing) {
          return (
            <PolicyForm
              key={key}
              label={label}
              policy={policy}
              onSubmit={(body) => save(communityId, body)}
              onCancel={() => setEditing(null)}
            />
          );
        }
        const [respond, resolve, verify, followUpDue, warnBefore] = DURATIONS;
        const line = (name: string, value: string) => (
          <View className="stat-row"><Text>{name}</Text><Text>{value}</Text></View>
        );
        return (
          <View
            key={key}
            className={canEdit ? 'card card--link' : 'card'}
            aria-label={label}
            onClick={canEdit ? () => setEditing(key) : undefined}
          >
            <View className="card__row">
              <View className="card__title">{label}</View>
              <Text className={policy.isDefault ? 'status status--cancelled' : 'status'}>
                {policy.isDefault ? '默认标准' : '本小区设置'}
              </Text>
            </View>
            {line(respond.label, policyDurationText(respond, policy))}
            {line(resolve.label, policyDurationText(resolve, policy))}
            {line(verify.label, policyDurationText(verify, policy))}
            {line('回访策略', FOLLOW_UP_POLICY_LABELS[policy.followUpPolicy])}
            {line(followUpDue.label, policy.followUpPolicy === 'never' ? '—' : policyDurationText(followUpDue, policy))}
            {line(warnBefore.label, policyDurationText(warnBefore, policy))}
            {canEdit && !policy.isDefault ? (
              // Its own tap area: tapping the button (even while disabled) must not open the row's form.
              <View className="form__buttons" onClick={(e) => e.stopPropagation()}>
                <Button
                  size="small"
                  loading={resetting === key}
                  disabled={resetting !== null}
                  onClick={() => void resetToDefault(communityId, policy)}
                >
                  恢复默认
                </Button>
              </View>
            ) : null}
          </View>
        );
      })}
    </View>
  );
}
