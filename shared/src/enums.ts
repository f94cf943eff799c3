// Domain vocabulary shared by the server and the mini-program. Values are the API's codes;
// Chinese labels live in labels.ts.

export const CASE_TYPES = ['inquiry', 'repair', 'complaint', 'suggestion', 'praise'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CHANNELS = ['miniapp', 'phone', 'front_desk', 'wechat_group', 'owner_meeting', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels staff may choose when taking a case on an owner's behalf. */
export const STAFF_CHANNELS = CHANNELS.filter((c) => c !== 'miniapp') as Exclude<Channel, 'miniapp'>[];

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const DEFAULT_CATEGORIES = [
  '水电', '电梯', '门窗', '公共设施', '安保门禁', '保洁卫生', '绿化',
  '噪音扰民', '停车', '费用', '违建', '消防通道', '服务态度', '其他',
] as const;

export const CASE_STATUSES = [
  'submitted', 'accepted', 'assigned', 'in_progress', 'on_hold',
  'resolved', 'confirmed', 'closed', 'cancelled',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses in which a case still waits for the company to act (backlog). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['submitted', 'accepted', 'assigned', 'in_progress', 'on_hold'];

export const ROLES = ['owner', 'agent', 'handler', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export type StaffRole = Exclude<Role, 'owner'>;
export const STAFF_ROLES = ROLES.filter((r) => r !== 'owner') as StaffRole[];

/** Actions a person can take through `POST /api/cases/:id/{action}`. */
export const CASE_ACTIONS = [
  'accept', 'reply', 'assign', 'start', 'hold', 'resume', 'note', 'resolve',
  'verify', 'rate', 'follow-up', 'close', 'cancel', 'reopen', 'urge',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Event actions written by the system rather than by a person. */
export type SystemAction = 'create' | 'auto_confirm' | 'escalate' | 'sla_warning' | 'follow_up_due' | 'auto_close';
export type EventAction = CaseAction | SystemAction;

export const VERIFY_ANSWERS = ['yes', 'partly', 'no'] as const;
export type VerifyAnswer = (typeof VERIFY_ANSWERS)[number];

export const FOLLOW_UP_METHODS = ['phone', 'onsite', 'wechat', 'online'] as const;
export type FollowUpMethod = (typeof FOLLOW_UP_METHODS)[number];

export const FOLLOW_UP_RESULTS = ['satisfied', 'basically_satisfied', 'unsatisfied', 'unreachable'] as const;
export type FollowUpResult = (typeof FOLLOW_UP_RESULTS)[number];

export const FOLLOW_UP_POLICIES = ['always', 'when_unrated_or_low', 'never'] as const;
export type FollowUpPolicy = (typeof FOLLOW_UP_POLICIES)[number];

export const HOUSE_RELATIONS = ['owner', 'tenant', 'family'] as const;
export type HouseRelation = (typeof HOUSE_RELATIONS)[number];

/** `revoked`: ended after approval (moved out, sold); `withdrawn`: the owner took back an application still pending. */
export const BINDING_STATUSES = ['pending', 'approved', 'rejected', 'revoked', 'withdrawn'] as const;
export type BindingStatus = (typeof BINDING_STATUSES)[number];

/** Steps at which an owner may be sent a WeChat subscribe message. */
export const NOTIFY_STEPS = ['accepted', 'assigned', 'resolved', 'closed'] as const;
export type NotifyStep = (typeof NOTIFY_STEPS)[number];

export const RATING_TAGS = ['响应快', '态度好', '专业', '干净整洁', '沟通清楚', '速度慢', '态度差', '没修好', '不守时'] as const;
