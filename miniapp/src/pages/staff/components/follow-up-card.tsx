import { View } from '@tarojs/components';
import type { CaseResponse } from '@wuye/shared';
import { CaseCard } from '../../../components/case-summary';
import { formatTime } from '../../../utils/format';

/**
 * A case on the 待回访 tab: its last line is what that tab is about — when the visit is due and
 * whether that has passed — instead of CaseCard's 已超时, which is about the handling (响应/办结)
 * and read, on this tab, as if the visit were late.
 */
export function FollowUpCard({ value, now, onClick, community }: { value: CaseResponse; now: Date; onClick: () => void; community?: string }) {
  const late = value.followUpDueAt !== null && Date.parse(value.followUpDueAt) < now.getTime();
  const deadline = value.followUpDueAt ? (
    <View className={late ? 'card__meta sla sla--breached' : 'card__meta sla'}>
      应于 {formatTime(value.followUpDueAt)} 前回访{late ? '（已超时）' : ''}
    </View>
  ) : null;
  return <CaseCard value={value} onClick={onClick} deadline={deadline} community={community} />;
}
