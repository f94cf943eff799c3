import type {
  CaseAction, CaseCountsResponse, CaseDetailResponse, CaseResponse, CaseStatus, CaseType, CreateCaseRequest,
  FollowUpRequest, NotifyStep, Page, RateRequest, VerifyRequest,
} from '@wuye/shared';
import { request, type Quiet } from './request';
import { sendingPhotos } from './uploads';

export interface CaseFilters {
  /** One status, or several (sent comma-separated). */
  status?: CaseStatus | readonly CaseStatus[];
  type?: CaseType;
  communityId?: string;
  /** `me`, or a staff member's id (agent+: the cases someone holds, to reassign). */
  assignee?: 'me' | string;
  overdue?: boolean;
  /** Confirmed cases whose follow-up visit (回访) is due. */
  followUpDue?: boolean;
  /** Open cases about to breach a deadline (即将超时). */
  dueSoon?: boolean;
  /** Exact case number, e.g. HY-20261130-0007. */
  number?: string;
  page?: number;
  pageSize?: number;
}

/** `silent`: the page says itself that the list could not be loaded (nothing of it is shown yet). */
export const listCases = ({ status, ...filters }: CaseFilters = {}, { silent }: Quiet = {}) =>
  request<Page<CaseResponse>>('/cases', {
    query: { pageSize: 50, ...filters, ...(status ? { status: typeof status === 'string' ? status : status.join(',') } : {}) },
    silent,
  });

/** The queue's tab badges, for one community or every one the user serves, and one type or every one. */
export const caseCounts = (communityId?: string, type?: CaseType) =>
  request<CaseCountsResponse>('/cases/counts', { query: { communityId, type } });

/** `silent`: the case pages say themselves why the case could not be loaded. */
export const getCase = (id: string, { silent }: Quiet = {}) =>
  request<CaseDetailResponse>(`/cases/${id}`, { silent });

/** The key must stay the same across retries of one submission (see useIdempotencyKey). */
export const createCase = (body: CreateCaseRequest, idempotencyKey: string) => sendingPhotos(body.photoIds, () =>
  request<CaseResponse>('/cases', { method: 'POST', data: body, header: { 'Idempotency-Key': idempotencyKey } }));

/** Bodies of `POST /api/cases/:id/{action}`. */
export interface ActionBodies {
  accept: Record<string, never>;
  reply: { note: string; photoIds?: string[] };
  assign: { handlerId: string; note?: string };
  start: Record<string, never>;
  hold: { reason: string };
  resume: Record<string, never>;
  note: { note: string; photoIds?: string[]; internal?: boolean };
  /** `adopted`: a suggestion only, and required for it (采纳 / 暂不采纳). */
  resolve: { note: string; photoIds?: string[]; adopted?: boolean };
  verify: VerifyRequest;
  rate: RateRequest;
  'follow-up': FollowUpRequest;
  close: Record<string, never>;
  cancel: { reason: string; duplicateOf?: string };
  reopen: { reason: string };
  urge: Record<string, never>;
}

/**
 * The staff actions sent with the version of the case shown (`If-Match`), so that they are refused
 * (409 CASE_CHANGED) if anyone changed the case since it was loaded: the ones the transition table
 * still allows after someone else's action and that replace or end what others decided — 派单/改派
 * (replaces the handler) and 撤销 (ends the case, however far it got meanwhile). The other actions
 * are sent without it: those that change the status are refused by the table anyway when another
 * person moved the case first, and those that only add to the record (回复, 进展, 回访) keep both
 * people's entries; a version check there would only make them fail after an urge, a note or an
 * SLA warning. Owners' actions never send it. docs/api.md, "Acting on what you saw".
 */
export const VERSION_CHECKED_ACTIONS: readonly CaseAction[] = ['assign', 'cancel'];

/**
 * `version`: the case version the action is based on; refused with 409 CASE_CHANGED if the case changed since.
 * Answers the case as the action left it (the detail, with its timeline and the actions now allowed).
 */
export function caseAction<A extends CaseAction>(id: string, action: A, body: ActionBodies[A], version?: number, { silent }: Quiet = {}) {
  return sendingPhotos((body as { photoIds?: string[] }).photoIds, () => request<CaseDetailResponse>(`/cases/${id}/${action}`, {
    method: 'POST',
    data: body,
    silent,
    ...(version === undefined ? {} : { header: { 'If-Match': `"${version}"` } }),
  }));
}

export const saveSubscriptions = (id: string, steps: NotifyStep[]) =>
  request<{ granted: NotifyStep[] }>(`/cases/${id}/subscriptions`, { method: 'POST', data: { steps }, silent: true });
