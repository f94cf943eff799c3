import type { CaseResponse } from '@wuye/shared';
import { isOverdue, verifyWindowEnd } from './case-lifecycle';
import type { Case } from './case.entity';

export interface CaseExtras {
  houseLabel: string | null;
  assigneeName: string | null;
  photoUrls: string[];
  /** False when the caller may not see the owner's full phone number. */
  showPhone: boolean;
  /** The time `overdue` is judged at. */
  now: Date;
}

/**
 * The case columns a `CaseResponse` is made of — all a list needs to read (the queue's rows are a
 * third narrower than `c.*`: no idempotency, escalation, hold or feedback-fact columns, six fewer
 * timestamps to parse). `toCaseResponse` takes only these, so reading another column there fails to
 * compile until it is added here.
 */
export const CASE_RESPONSE_COLUMNS = [
  'id', 'number', 'type', 'category', 'channel', 'urgency', 'status', 'communityId', 'houseId', 'location',
  'areaBuilding', 'description', 'photoIds', 'contactName', 'contactPhone', 'preferredTime', 'ownerId',
  'assigneeId', 'reopenCount', 'urgeCount', 'cycle', 'respondDeadlineAt', 'resolveDeadlineAt', 'verifyHours',
  'firstRespondedAt', 'resolvedAt', 'confirmedAt', 'closedAt', 'cancelledAt', 'responseMinutes',
  'resolutionMinutes', 'warnBeforeMinutes', 'respondBreached', 'resolveBreached', 'holdStartedAt', 'followUpPolicy',
  'followUpRequired', 'followUpDueAt', 'suggestionAdopted', 'unrated', 'createdAt', 'updatedAt', 'version',
] as const satisfies readonly (keyof Case)[];

export type CaseResponseRow = Pick<Case, (typeof CASE_RESPONSE_COLUMNS)[number]>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** The owner's verification, or after `yes` the rating (the follow-up is undecided until it comes or the window ends). */
const ownerAnswerAwaited = (c: CaseResponseRow) => c.status === 'resolved' || (c.status === 'confirmed' && c.followUpRequired === null);

export function toCaseResponse(c: CaseResponseRow, extras: CaseExtras): CaseResponse {
  return {
    id: c.id,
    number: c.number,
    type: c.type,
    category: c.category,
    channel: c.channel,
    urgency: c.urgency,
    status: c.status,
    communityId: c.communityId,
    houseId: c.houseId,
    houseLabel: extras.houseLabel,
    location: c.location,
    building: c.areaBuilding,
    description: c.description,
    photoIds: c.photoIds,
    photoUrls: extras.photoUrls,
    contactName: c.contactName,
    contactPhone: extras.showPhone ? c.contactPhone : maskPhone(c.contactPhone),
    preferredTime: c.preferredTime,
    ownerId: c.ownerId,
    assigneeId: c.assigneeId,
    assigneeName: extras.assigneeName,
    reopenCount: c.reopenCount,
    urgeCount: c.urgeCount,
    cycle: c.cycle,
    respondDeadlineAt: c.respondDeadlineAt.toISOString(),
    resolveDeadlineAt: c.resolveDeadlineAt.toISOString(),
    firstRespondedAt: iso(c.firstRespondedAt),
    resolvedAt: iso(c.resolvedAt),
    confirmedAt: iso(c.confirmedAt),
    closedAt: iso(c.closedAt),
    cancelledAt: iso(c.cancelledAt),
    responseMinutes: c.responseMinutes,
    resolutionMinutes: c.resolutionMinutes,
    warnBeforeMinutes: c.warnBeforeMinutes,
    respondBreached: c.respondBreached,
    resolveBreached: c.resolveBreached,
    overdue: isOverdue(c, extras.now),
    followUpPolicy: c.followUpPolicy,
    followUpRequired: c.followUpRequired,
    followUpDueAt: iso(c.followUpDueAt),
    suggestionAdopted: c.suggestionAdopted,
    verifyDueAt: ownerAnswerAwaited(c) ? iso(verifyWindowEnd(c)) : null,
    unrated: c.unrated,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}
