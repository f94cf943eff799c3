import { Text, View } from '@tarojs/components';
import { CASE_TYPE_LABELS, URGENCY_LABELS, type CaseResponse } from '@wuye/shared';
import { StatusTag } from '../../../components/case-summary';
import { formatTime } from '../../../utils/format';

/**
 * A case on the 待回访 tab: CaseCard's layout, but its last line is what that tab is about — when the
 * visit is due and whether that has passed — instead of CaseCard's 已超时, which is about the handling
 * (响应/办结) and read, on this tab, as if the visit were late. Staff-only, so CaseCard (an owner
 * component in the main package) stays as it is.
 */
export function FollowUpCard({ value, now, onClick }: { value: CaseResponse; now: Date; onClick: () => void }) {
  const late = value.followUpDueAt !== null && Date.parse(value.followUpDueAt) < now.getTime();
  return (
    <View className="card card--link" onClick={onClick}>
      <View className="card__row">
        <Text className="card__title">
          {CASE_TYPE_LABELS[value.type]} · {value.category}
          {value.urgency === 'urgent' ? <Text className="urgent">{URGENCY_LABELS.urgent}</Text> : null}
        </Text>
        <StatusTag value={value} />
      </View>
      <View className="card__text card__text--clamp">{value.description}</View>
      {value.houseLabel ?? value.location ? <View className="card__meta">{value.houseLabel ?? value.location}</View> : null}
      <View className="card__meta card__ref">{value.number} · {formatTime(value.createdAt)}</View>
      {value.followUpDueAt ? (
        <View className={late ? 'card__meta sla sla--breached' : 'card__meta sla'}>
          应于 {formatTime(value.followUpDueAt)} 前回访{late ? '（已超时）' : ''}
        </View>
      ) : null}
    </View>
  );
}
