import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  ACTION_LABELS, FOLLOW_UP_METHOD_LABELS, OWNER_ACTION_LABELS, FOLLOW_UP_RESULT_LABELS, ROLE_LABELS, STATUS_LABELS, verifyAnswerLabel,
  type CaseEventResponse, type CaseType, type FollowUpMethod, type FollowUpResult, type VerifyAnswer,
} from '@wuye/shared';
import { assetUrl } from '../services/request';
import { formatTime } from '../utils/format';

/** Facts from an event's `data` worth showing (verification answer, rating, follow-up result…). */
function eventFacts(event: CaseEventResponse, type: CaseType): string[] {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const facts: string[] = [];
  if (typeof data.fixed === 'string') facts.push(verifyAnswerLabel(type, data.fixed as VerifyAnswer));
  if (typeof data.overall === 'number') facts.push(`评分 ${data.overall} 星`);
  if (Array.isArray(data.tags) && data.tags.length) facts.push((data.tags as string[]).join('、'));
  if (typeof data.comment === 'string' && data.comment) facts.push(`“${data.comment}”`);
  if (typeof data.method === 'string') facts.push(`方式：${FOLLOW_UP_METHOD_LABELS[data.method as FollowUpMethod] ?? data.method}`);
  if (typeof data.result === 'string') facts.push(`结果：${FOLLOW_UP_RESULT_LABELS[data.result as FollowUpResult] ?? data.result}`);
  if (typeof data.assigneeName === 'string') facts.push(`处理人：${data.assigneeName}`);
  if (typeof data.adopted === 'boolean') facts.push(data.adopted ? '建议已采纳' : '建议暂不采纳');
  if (data.internal === true) facts.push('仅物业内部可见');
  if (typeof data.duplicateOfNumber === 'string') facts.push(`与 ${data.duplicateOfNumber} 重复`);
  if (typeof data.reason === 'string' && data.reason !== event.note) facts.push(`原因：${data.reason}`);
  return facts;
}

function actorText(event: CaseEventResponse): string {
  if (event.actorRole === 'system') return '系统';
  const role = ROLE_LABELS[event.actorRole] ?? '';
  return event.actorName ? `${role} ${event.actorName}` : role;
}

/**
 * An owner's own `cancel` is the withdrawal their button called 撤回; staff cancelling is 撤销. An
 * `assign` that took the case from another handler (`previousAssigneeId`) is the 改派 its button
 * said, not a second 派单.
 */
const actionText = (event: CaseEventResponse): string =>
  (event.actorRole === 'owner' && event.action === 'cancel' ? OWNER_ACTION_LABELS.cancel : undefined) ??
  (event.action === 'assign' && event.data?.previousAssigneeId ? '改派' : undefined) ??
  ACTION_LABELS[event.action] ?? event.action;

/**
 * The state an event moved the case to, only when it moved it (a note or an urge leaves it where it
 * was). `confirmed` reads 已确认 here: whether it then waits for a rating (待评价) or a visit (待回访)
 * is decided later, and the events that decide it say so themselves.
 */
const statusText = (event: CaseEventResponse): string | null =>
  event.fromStatus === event.toStatus ? null : event.toStatus === 'confirmed' ? '已确认' : STATUS_LABELS[event.toStatus];

/** `type`: the case's, which words a verification's answer (已解决, 已解答…) as it was asked. */
export function Timeline({ events, type }: { events: CaseEventResponse[]; type: CaseType }) {
  const preview = (urls: string[], current: string) =>
    void Taro.previewImage({ urls: urls.map(assetUrl), current: assetUrl(current) });
  return (
    <View className="timeline" aria-label="处理进度">
      {events.map((event) => (
        <View key={event.id} className="timeline__item">
          <View className="timeline__dot" />
          <View className="timeline__body">
            <View className="timeline__head">
              <Text className="timeline__action">{actionText(event)}</Text>
              {statusText(event) ? <Text className="timeline__status">{statusText(event)}</Text> : null}
            </View>
            <View className="timeline__meta">
              {actorText(event)} · {formatTime(event.createdAt)}
            </View>
            {event.note ? <View className="timeline__note">{event.note}</View> : null}
            {eventFacts(event, type).map((fact) => (
              <View key={fact} className="timeline__fact">{fact}</View>
            ))}
            {event.photoUrls?.length ? (
              <View className="photos photos--small">
                {event.photoUrls.map((url) => (
                  <Image key={url} className="photos__image photos__image--small" src={assetUrl(url)} mode="aspectFill" onClick={() => preview(event.photoUrls, url)} />
                ))}
              </View>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  );
}
