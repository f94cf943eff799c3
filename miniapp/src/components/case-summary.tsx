import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ReactNode } from 'react';
import {
  caseStatusLabel, CASE_TYPE_LABELS, placeOf, CHANNEL_LABELS, OPEN_STATUSES, URGENCY_LABELS, VERIFY_WORDING, type CaseResponse,
} from '@wuye/shared';
import { assetUrl } from '../services/request';
import { formatTime } from '../utils/format';

export function StatusTag({ value }: { value: Pick<CaseResponse, 'status' | 'followUpRequired'> }) {
  return <Text className={`status status--${value.status}`}>{caseStatusLabel(value)}</Text>;
}

/**
 * The deadline that matters in the case's current state, and whether it has passed. `owner`: worded
 * for the owner reading their own case ("请于…", not "请业主于…").
 */
function deadline(c: CaseResponse, now: Date, owner: boolean): { text: string; breached: boolean } | null {
  if (c.status === 'submitted') {
    return { text: `应于 ${formatTime(c.respondDeadlineAt)} 前受理${c.overdue ? '（已超时）' : ''}`, breached: c.overdue };
  }
  if (c.status === 'on_hold') {
    // The resolve clock stops while on hold and the deadline moves on by the time held: the stored
    // deadline, soon in the past, is not the one that will apply.
    return { text: `已挂起，办结时限暂停计时${c.overdue ? '（挂起前已超时）' : ''}`, breached: c.overdue };
  }
  if (['accepted', 'assigned', 'in_progress'].includes(c.status)) {
    return { text: `应于 ${formatTime(c.resolveDeadlineAt)} 前办结${c.overdue ? '（已超时）' : ''}`, breached: c.overdue };
  }
  if (c.status === 'resolved' && c.verifyDueAt) {
    // 视为已解决 / 已解答 / 已答复 / 已收到: the answer the owner is asked for, in the type's words.
    return { text: `${owner ? '请' : '请业主'}于 ${formatTime(c.verifyDueAt)} 前确认处理结果，逾期视为${VERIFY_WORDING[c.type].answers.yes}（不计评价）`, breached: false };
  }
  if (c.status === 'confirmed' && c.followUpRequired === null && c.verifyDueAt) {
    return { text: `${owner ? '请于' : '等待业主评价：业主可于'} ${formatTime(c.verifyDueAt)} 前评价，逾期不再接受评价`, breached: false };
  }
  if (c.status === 'confirmed' && c.followUpRequired && c.followUpDueAt) {
    const late = Date.parse(c.followUpDueAt) < now.getTime();
    if (owner && !late) return { text: `物业将于 ${formatTime(c.followUpDueAt)} 前回访`, breached: false };
    return { text: `${owner ? '物业' : ''}应于 ${formatTime(c.followUpDueAt)} 前回访${late ? '（已超时）' : ''}`, breached: late };
  }
  return null;
}

/**
 * `owner`: the owner's own page (deadlines addressed to them). `contact`: staff pages' contact line
 * (pages/staff/components/contact-line.tsx, kept out of the owner's main package).
 */
export function CaseSummary({ value, contact, owner = false }: { value: CaseResponse; contact?: ReactNode; owner?: boolean }) {
  const due = deadline(value, new Date(), owner);
  return (
    <View className="card">
      <View className="card__row">
        <Text className="case-number">{value.number}</Text>
        <StatusTag value={value} />
      </View>
      <View className="card__title">
        {CASE_TYPE_LABELS[value.type]} · {value.category}
        {value.urgency === 'urgent' ? <Text className="urgent">{URGENCY_LABELS.urgent}</Text> : null}
      </View>
      <View className="card__text">{value.description}</View>
      <View className="card__meta">位置：{placeOf(value) ?? '—'}</View>
      {value.preferredTime ? <View className="card__meta">期望上门：{value.preferredTime}</View> : null}
      <View className="card__meta">提交：{formatTime(value.createdAt)} · {CHANNEL_LABELS[value.channel]}</View>
      {due ? <View className={due.breached ? 'card__meta sla sla--breached' : 'card__meta sla'}>{due.text}</View> : null}
      {value.assigneeName ? <View className="card__meta">处理人：{value.assigneeName}</View> : null}
      {value.urgeCount > 0 ? <View className="card__meta">已催办 {value.urgeCount} 次</View> : null}
      {value.reopenCount > 0 ? <View className="card__meta">重新处理 {value.reopenCount} 次</View> : null}
      {contact}
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

/** Handled by staff, no deadline passed, and within the policy's warning lead of the running one. */
function aboutToBreach(c: CaseResponse, now: number): boolean {
  if (c.overdue) return false;
  const running = c.status === 'submitted' ? c.respondDeadlineAt
    : c.status === 'accepted' || c.status === 'assigned' || c.status === 'in_progress' ? c.resolveDeadlineAt : null;
  if (!running) return false;
  const at = Date.parse(running);
  return at - c.warnBeforeMinutes * 60_000 <= now && now <= at;
}

/**
 * A list card's lateness mark. While staff still handle the case: 已超时 (a deadline has passed), or
 * 即将超时 within the warning lead (orange, as the queue's tab of that name lists them).
 * Once resolved, what happened, not a lateness that reads as still going on: 超时办结 (resolved after
 * the resolve deadline), else 超时受理 (accepted late, resolved in time). A cancelled case was never
 * handled to the end: no mark.
 */
function lateMark(c: CaseResponse, warn: boolean): string | null {
  // Open: late now (`overdue`, as the 超时 tab — a case reopened after its deadline too). Handled: the facts kept.
  if (OPEN_STATUSES.includes(c.status)) return c.overdue ? '已超时' : warn && aboutToBreach(c, Date.now()) ? '即将超时' : null;
  if (c.status === 'cancelled') return null;
  return c.resolveBreached ? '超时办结' : c.respondBreached ? '超时受理' : null;
}

/**
 * `deadline`: a line of its own in place of the handling's 已超时 mark (the 待回访 tab's visit due time).
 * `staff`: also the 即将超时 warning — a prompt for whoever handles the case, not for the owner.
 */
/** `community`: its name, for staff who serve several (a house label or 3栋 does not say which estate). */
export function CaseCard({ value, onClick, deadline, staff = false, community }: {
  value: CaseResponse; onClick: () => void; deadline?: ReactNode; staff?: boolean; community?: string;
}) {
  const late = deadline === undefined && lateMark(value, staff);
  const place = [community, placeOf(value)].filter(Boolean).join(' · ');
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
      {place ? <View className="card__meta">{place}</View> : null}
      <View className="card__meta card__ref">
        {value.number} · {formatTime(value.createdAt)}
        {late ? <Text className={late === '即将超时' ? 'sla--soon' : 'sla--breached'}> · {late}</Text> : null}
      </View>
      {deadline}
    </View>
  );
}
