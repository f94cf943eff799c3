import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  caseStatusLabel, CASE_TYPE_LABELS, CHANNEL_LABELS, URGENCY_LABELS, type CaseDetailResponse, type CaseResponse,
} from '@wuye/shared';
import { assetUrl } from '../services/request';
import { formatTime } from '../utils/format';

export function StatusTag({ status, followedUp = false }: { status: CaseResponse['status']; followedUp?: boolean }) {
  return <Text className={`status status--${status}`}>{caseStatusLabel(status, followedUp)}</Text>;
}

/** The SLA line that matters in the case's current state. */
function deadlineText(c: CaseResponse): string | null {
  if (c.status === 'submitted') return `应于 ${formatTime(c.respondDeadlineAt)} 前受理${c.respondBreached ? '（已超时）' : ''}`;
  if (['accepted', 'assigned', 'in_progress', 'on_hold'].includes(c.status)) {
    return `应于 ${formatTime(c.resolveDeadlineAt)} 前办结${c.resolveBreached ? '（已超时）' : ''}`;
  }
  return null;
}

export function CaseSummary({ value, showContact = false }: { value: CaseResponse | CaseDetailResponse; showContact?: boolean }) {
  const deadline = deadlineText(value);
  const breached = value.respondBreached || value.resolveBreached;
  return (
    <View className="card">
      <View className="card__row">
        <Text className="case-number">{value.number}</Text>
        <StatusTag status={value.status} followedUp={'cycleFollowedUp' in value && value.cycleFollowedUp} />
      </View>
      <View className="card__title">
        {CASE_TYPE_LABELS[value.type]} · {value.category}
        {value.urgency === 'urgent' ? <Text className="urgent">{URGENCY_LABELS.urgent}</Text> : null}
      </View>
      <View className="card__text">{value.description}</View>
      <View className="card__meta">位置：{value.houseLabel ?? value.location ?? '—'}</View>
      {value.preferredTime ? <View className="card__meta">期望上门：{value.preferredTime}</View> : null}
      <View className="card__meta">提交：{formatTime(value.createdAt)} · {CHANNEL_LABELS[value.channel]}</View>
      {deadline ? <View className={breached ? 'card__meta sla sla--breached' : 'card__meta sla'}>{deadline}</View> : null}
      {value.assigneeName ? <View className="card__meta">处理人：{value.assigneeName}</View> : null}
      {value.urgeCount > 0 ? <View className="card__meta">已催办 {value.urgeCount} 次</View> : null}
      {value.reopenCount > 0 ? <View className="card__meta">重新处理 {value.reopenCount} 次</View> : null}
      {showContact && (value.contactName || value.contactPhone) ? (
        <View className="card__meta">联系人：{[value.contactName, value.contactPhone].filter(Boolean).join(' ')}</View>
      ) : null}
      {value.photoUrls?.length ? (
        <View className="photos photos--small">
          {value.photoUrls.map((url) => (
            <Image
              key={url}
              className="photos__image photos__image--small"
              src={assetUrl(url)}
              mode="aspectFill"
              onClick={() => void Taro.previewImage({ urls: value.photoUrls.map(assetUrl), current: assetUrl(url) })}
            />
          ))}
        </View>
      ) : null}
    </View>
  );
}

export function CaseCard({ value, onClick }: { value: CaseResponse; onClick: () => void }) {
  return (
    <View className="card card--link" onClick={onClick}>
      <View className="card__row">
        <Text className="card__title">{CASE_TYPE_LABELS[value.type]} · {value.category}</Text>
        <StatusTag status={value.status} />
      </View>
      <View className="card__text card__text--clamp">{value.description}</View>
      <View className="card__meta">
        {value.number} · {formatTime(value.createdAt)}
        {value.respondBreached || value.resolveBreached ? <Text className="sla--breached"> · 已超时</Text> : null}
      </View>
    </View>
  );
}
