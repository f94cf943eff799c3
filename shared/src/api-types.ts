import type {
  BindingStatus, CaseAction, CaseStatus, CaseType, Channel, EventAction, FollowUpMethod, FollowUpPolicy, FollowUpResult,
  HouseRelation, NotifyStep, Role, StaffRole, Urgency, VerifyAnswer,
} from './enums';
import type { TargetMetric } from './report-targets';
import type { SlaPolicy } from './sla';

// Request and response shapes of the API (SPEC §6). Times are ISO-8601 strings.

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  /** Case lists count at most 1000: true means "more than `total`". */
  totalCapped?: boolean;
}

export interface HouseBindingResponse {
  id: string;
  houseId: string;
  communityId: string;
  communityName: string;
  building: string;
  unit: string;
  room: string;
  relation: HouseRelation;
  name: string;
  phone: string;
  status: BindingStatus;
  createdAt: string;
  /** Why staff refused the application (`rejected`), when they said; null otherwise. */
  rejectReason: string | null;
}

export interface UserResponse {
  id: string;
  role: Role;
  name: string;
  username: string | null;
  communityIds: string[];
  houses?: HouseBindingResponse[];
}

/** GET /api/auth/options: the ways to sign in this server offers besides WeChat and staff passwords. */
export interface LoginOptionsResponse {
  /** `POST /api/auth/demo` works (DEMO_LOGIN=true, never in production). */
  demoLogin: boolean;
}

export interface AuthResponse {
  accessToken: string;
  user: UserResponse;
}

export interface CommunityResponse {
  id: string;
  name: string;
  code: string;
  categories: string[];
}

export interface HouseResponse {
  id: string;
  communityId: string;
  building: string;
  unit: string;
  room: string;
}

export interface StaffResponse {
  id: string;
  username: string;
  name: string;
  role: Role;
  communityIds: string[];
  /** False for a stopped account (listed only to admins who ask for `includeDisabled=true`). */
  active: boolean;
}

/** `POST /api/staff` (admin): a new staff account; `communityIds` may be empty for an admin, who sees every community. */
export interface CreateStaffRequest {
  username: string;
  password: string;
  name: string;
  role: StaffRole;
  communityIds: string[];
  phone?: string;
}

/** `PATCH /api/staff/:id` (admin): every field optional; a new password or a stop signs the person out everywhere. */
export interface UpdateStaffRequest {
  name?: string;
  role?: StaffRole;
  communityIds?: string[];
  phone?: string | null;
  password?: string;
  active?: boolean;
}

export interface UploadResponse {
  id: string;
  url: string;
}

export interface CreateCaseRequest {
  type: CaseType;
  category: string;
  description: string;
  urgency?: Urgency;
  houseId?: string;
  communityId?: string;
  location?: string;
  /** A public area's building (one of the community's); omitted: the whole community. */
  building?: string;
  photoIds?: string[];
  channel?: Channel;
  contactName?: string;
  contactPhone?: string;
  preferredTime?: string;
}

export interface CaseEventResponse {
  id: string;
  action: EventAction;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  actorId: string | null;
  actorRole: Role | 'system';
  actorName: string | null;
  note: string | null;
  photoIds: string[];
  photoUrls: string[];
  data: Record<string, unknown> | null;
  createdAt: string;
}

export interface CaseResponse {
  id: string;
  number: string;
  type: CaseType;
  category: string;
  channel: Channel;
  urgency: Urgency;
  status: CaseStatus;
  communityId: string;
  houseId: string | null;
  houseLabel: string | null;
  location: string | null;
  /** A public area's building; null for the whole community and for a house's case. */
  building: string | null;
  description: string;
  photoIds: string[];
  photoUrls: string[];
  contactName: string | null;
  contactPhone: string | null;
  preferredTime: string | null;
  ownerId: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  reopenCount: number;
  urgeCount: number;
  cycle: number;
  respondDeadlineAt: string;
  resolveDeadlineAt: string;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  confirmedAt: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
  responseMinutes: number | null;
  resolutionMinutes: number | null;
  /** How long before a deadline the case counts as about to breach (即将超时), from its SLA policy. */
  warnBeforeMinutes: number;
  /** Facts kept after: accepted late; first resolved late (or still unresolved past the deadline). */
  respondBreached: boolean;
  resolveBreached: boolean;
  /**
   * Late now: open and past a deadline still running (on hold: one that ran out before the hold) —
   * what the 超时 tab lists. A case reopened after its deadline is overdue without being resolved late.
   */
  overdue: boolean;
  followUpPolicy: FollowUpPolicy;
  followUpRequired: boolean | null;
  followUpDueAt: string | null;
  /** A suggestion's latest resolution: adopted (采纳) or not (暂不采纳); null otherwise. */
  suggestionAdopted: boolean | null;
  /**
   * While `resolved`: when the owner's verification is due (unanswered, the case is then confirmed as
   * unrated); while `confirmed` and the rating is awaited: when the rating window closes.
   */
  verifyDueAt: string | null;
  unrated: boolean;
  createdAt: string;
  updatedAt: string;
  /**
   * Grows by one with every write to the case (each action, each SLA sweep step). Send it back as
   * `If-Match` on an action to have it refused (409 CASE_CHANGED) if anyone changed the case since.
   */
  version: number;
}

export interface CaseDetailResponse extends CaseResponse {
  events: CaseEventResponse[];
  allowedActions: CaseAction[];
  cycleVerification: VerifyAnswer | null;
  cycleRated: boolean;
  /** Staff recorded a satisfied visit this cycle; a `confirmed` case then only waits for the owner's rating. */
  cycleFollowedUp: boolean;
}

export interface VerifyRequest {
  fixed: VerifyAnswer;
  reason?: string;
  photoIds?: string[];
}

export interface RateRequest {
  overall: number;
  speed?: number;
  attitude?: number;
  quality?: number;
  tags?: string[];
  comment?: string;
}

export interface FollowUpRequest {
  method: FollowUpMethod;
  result: FollowUpResult;
  note?: string;
}

export interface SubscribeRequest {
  steps: NotifyStep[];
}

// Routes beyond SPEC §6 that the mini-program uses:
//   POST /api/auth/demo {owner}                    → AuthResponse (only when the server runs with DEMO_LOGIN=true)
//   GET  /api/auth/options                         → LoginOptionsResponse (anyone; what the login page may offer)
//   GET  /api/communities                          → CommunityResponse[] (any logged-in user)
//   GET  /api/communities/:id/buildings            → string[] (building names)
//   GET  /api/staff?role=handler&communityId=      → StaffResponse[] (agent+; for the assign picker; active staff only)
//   GET  /api/staff?includeDisabled=true           → StaffResponse[] (admin; every account, stopped ones with active: false)
//   PATCH /api/staff/:id UpdateStaffRequest        → StaffResponse (admin; stop / restart an account, reset a password, change role or communities)
//   GET  /api/house-bindings?status=pending        → Page<PendingBindingResponse> (agent+, their communities; status may list several)
//   POST /api/house-bindings/:id/revoke            → PendingBindingResponse (agent+: an approved binding ends — moved out, sold)
//   DELETE /api/me/houses/:id                      → PendingBindingResponse (owner: ends their own binding, or withdraws a pending one)
//   POST /api/cases/:id/subscriptions {steps}      → { granted: NotifyStep[] } (owner; what wx.requestSubscribeMessage accepted)
//   GET  /api/cases/counts                         → CaseCountsResponse (staff queue tab badges)
//   GET  /api/uploads/:id/content?exp&sig          → the image (signed URL, no header needed; urls come in responses)
//   GET  /api/reports/targets?from&to&communityId  → ReportTargetResponse[] (supervisor+; the targets saved for the period)
//   GET  /api/reports/targets/suggested?…          → ReportTargetResponse[] (what POST without a list would save)
//   POST /api/reports/targets SaveTargetsRequest   → ReportTargetResponse[] (every target then saved for the period)

export interface PendingBindingResponse extends HouseBindingResponse {
  ownerId: string;
  /** The applicant's account was stopped by an admin (POST /api/owners/:id/disable). */
  ownerDisabled: boolean;
  /** Every step of the binding, oldest first — kept when the owner applies again after it ended. */
  history: BindingStepResponse[];
}

/** One step of a binding: who led it to `status`, when (`actorName` null: written by the system, e.g. imported). */
export interface BindingStepResponse {
  status: BindingStatus;
  actorName: string | null;
  actorRole: Role | null;
  at: string;
  /** A refusal's reason; null for other steps. */
  note: string | null;
}

/** POST /api/owners/:id/disable · /enable (admin). */
export interface OwnerAccountResponse {
  id: string;
  disabled: boolean;
  disabledAt: string | null;
}

export interface CaseCountsResponse {
  submitted: number;
  /** Accepted, waiting for a handler (or, an inquiry or praise, for its answer): staff's 已受理 tab. */
  accepted: number;
  /** Open cases assigned to the caller. */
  mine: number;
  overdue: number;
  /** Open cases about to breach a deadline (within the warning lead, none passed yet). */
  dueSoon: number;
  open: number;
  /** Confirmed cases whose follow-up visit (回访) is due. */
  followUpDue: number;
}

/** GET /api/reports/metrics (supervisor+). Rates are fractions 0..1, null when the denominator is 0. */
export interface MetricsResponse {
  period: { from: string; to: string };
  scope: { communityIds: string[] | null };
  received: {
    total: number;
    byType: Record<string, number>;
    byChannel: Record<string, number>;
    byCategory: Record<string, number>;
    byUrgency: Record<string, number>;
    byBuilding: Record<string, number>;
  };
  cancelled: number;
  rates: {
    onTimeResponse: number | null;
    onTimeResolution: number | null;
    resolution: number | null;
    satisfaction: number | null;
    ratingParticipation: number | null;
    followUp: number | null;
    reopen: number | null;
  };
  satisfactionMean: number | null;
  responseMinutes: { mean: number | null; median: number | null; p90: number | null };
  resolutionMinutes: { mean: number | null; median: number | null; p90: number | null };
  /** `liveCasesUrged`: those of `casesUrged` not cancelled (the 业主催办较多 rule's share, SPEC §4: cancelled cases leave every rate). */
  urges: { count: number; casesUrged: number; liveCasesUrged: number };
  repeatComplaints: number;
  /** At the period end (or now): open cases, those past a deadline, and of those the ones still waiting to be accepted. */
  backlog: { open: number; overdue: number; unacceptedOverdue: number };
  /**
   * Cases of the period whose owner's word or visit is still to come, as the report is made: a
   * follow-up required whose due time has not come, a rating the owner may still give (the case
   * resolved or confirmed, its rating window open). The 回访 and 参评 rules judge without them.
   */
  awaiting: { followUps: number; ratings: number };
  byStaff: Array<{ staffId: string; name: string; handled: number; medianResolutionMinutes: number | null; satisfaction: number | null; reopenRate: number | null }>;
  /** The numerators and denominators behind `rates` (added by the server; the rates are these ratios). */
  counts?: MetricsCounts;
  previous?: Omit<MetricsResponse, 'previous'>;
}

export interface MetricsCounts {
  responseDue: number;
  respondedOnTime: number;
  resolved: number;
  resolvedOnTime: number;
  judged: number;
  solved: number;
  ratings: number;
  goodRatings: number;
  /** Sum of the overall scores of the ratings: satisfactionMean = ratingSum ÷ ratings. */
  ratingSum: number;
  ratedCases: number;
  followUpRequired: number;
  followedUp: number;
  reopened: number;
}

/**
 * A SMART target for a period (supervisor+): `GET /api/reports/targets` and `POST` answer the ones
 * saved; `GET /api/reports/targets/suggested` the ones `POST` without a list would save. `baseline`
 * is the figure of the period the suggestion was computed from (null: no figure), `target` is in the
 * metric's unit (TARGET_METRIC_UNITS: rates as fractions), `deadline` the period's last day.
 */
export interface ReportTargetResponse {
  metric: TargetMetric;
  label: string;
  baseline: number | null;
  target: number;
  deadline: string;
  responsibleRole: StaffRole;
}

/** The scope and period of a report: Asia/Shanghai dates, `to` exclusive; no community = every one of the caller's. */
export interface ReportQuery {
  from: string;
  to: string;
  communityId?: string;
}

/**
 * POST /api/reports/targets: saves targets for the period `[from, to)`. Without `targets` it adopts
 * the suggested ones; a listed metric replaces its saved target and leaves the others as they are.
 */
export interface SaveTargetsRequest extends ReportQuery {
  targets?: Array<{ metric: TargetMetric; target: number }>;
}

/**
 * GET /api/communities/:id/sla-policies (agent+): one entry per type × urgency, the community's own
 * policy or, with `isDefault`, the SPEC default. PUT (supervisor+) answers with the one it saved;
 * DELETE /api/communities/:id/sla-policies/:type/:urgency (supervisor+) returns that one to the
 * default and answers the whole list, as GET does.
 */
export interface SlaPolicyResponse extends SlaPolicy {
  type: CaseType;
  urgency: Urgency;
  isDefault: boolean;
}

/**
 * PUT /api/communities/:id/sla-policies: one type × urgency, for cases created afterwards. Limits
 * (server/src/sla/sla-policy.dto.ts): respondMinutes 1–43200, resolveMinutes 1–129600, verifyHours
 * and followUpDueHours 1–720, warnBeforeMinutes 0–1440, all whole numbers; a field left out takes
 * the type's default.
 */
export interface SetSlaPolicyRequest {
  type: CaseType;
  urgency: Urgency;
  respondMinutes: number;
  resolveMinutes: number;
  verifyHours?: number;
  followUpPolicy?: FollowUpPolicy;
  followUpDueHours?: number;
  warnBeforeMinutes?: number;
}
