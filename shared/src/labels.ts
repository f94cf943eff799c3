import {
  RATING_TAGS,
  type CaseAction, type CaseStatus, type CaseType, type Channel, type EventAction, type FollowUpMethod, type FollowUpResult,
  type HouseRelation, type Role, type Urgency, type VerifyAnswer, type BindingStatus,
} from './enums';

// Chinese labels for the codes; the API speaks codes, people read these.
export const CASE_TYPE_LABELS: Record<CaseType, string> = {
  inquiry: '咨询', repair: '报修', complaint: '投诉', suggestion: '建议', praise: '表扬',
};
export const CHANNEL_LABELS: Record<Channel, string> = {
  miniapp: '小程序', phone: '电话', front_desk: '前台', wechat_group: '微信群', owner_meeting: '业主座谈会', other: '其他',
};
export const URGENCY_LABELS: Record<Urgency, string> = { normal: '一般', urgent: '紧急' };
export const STATUS_LABELS: Record<CaseStatus, string> = {
  submitted: '待受理', accepted: '已受理', assigned: '已派单', in_progress: '处理中', on_hold: '挂起',
  resolved: '待确认', confirmed: '待回访', closed: '已办结', cancelled: '已撤销',
};
/**
 * The label of a case's state. A `confirmed` case whose follow-up is still undecided waits for the
 * owner's rating (or the end of its window), not for a visit — even one already visited that cycle;
 * it waits for a visit once the decision says one is due. Lists and the case page read the same
 * fields, so they say the same.
 */
export function caseStatusLabel(c: { status: CaseStatus; followUpRequired?: boolean | null }): string {
  return c.status === 'confirmed' && c.followUpRequired === null ? '待评价' : STATUS_LABELS[c.status];
}
export const ROLE_LABELS: Record<Role, string> = {
  owner: '业主', agent: '客服', handler: '处理人员', supervisor: '主管', admin: '管理员',
};
export const ACTION_LABELS: Record<EventAction, string> = {
  create: '提交', accept: '受理', reply: '回复', assign: '派单', start: '开始处理', hold: '挂起',
  resume: '恢复处理', note: '进展', resolve: '处理完成', verify: '确认结果', rate: '评价',
  'follow-up': '回访', close: '办结', cancel: '撤销', reopen: '重新打开', urge: '催办',
  auto_confirm: '超时自动确认', escalate: '超时升级', sla_warning: '即将超时提醒',
  follow_up_due: '待回访', auto_close: '自动办结',
};
/** The owner sees `cancel` as withdrawing their own report. */
export const OWNER_ACTION_LABELS: Partial<Record<CaseAction, string>> = { cancel: '撤回' };
export const VERIFY_LABELS: Record<VerifyAnswer, string> = { yes: '已解决', partly: '部分解决', no: '未解决' };

/**
 * How the owner's verification (SPEC §3: every type is verified, `yes` / `partly` / `no`) is asked:
 * "was it fixed?" fits a repair or a complaint, not an answered inquiry, a suggestion or praise. The
 * answers keep their codes and their effect (`partly`/`no` need a reason and reopen the case).
 */
export interface VerifyWording {
  question: string;
  /** The chip group's label. */
  label: string;
  /**
   * The answers offered, in order. Praise offers no `partly`: "还有补充" would reopen the case — and
   * count as 重办 against staff — for an owner who only meant to add a word of thanks.
   */
  answers: { yes: string; partly?: string; no: string };
  /** What the owner is asked to write for `partly` or `no`: the field's label and its hint. */
  reasonLabel: string;
  reasonHint: string;
  /** Said when `partly`/`no` was chosen and nothing written. */
  reasonMissing: string;
}
const FIXED: VerifyWording = {
  question: '问题解决了吗？', label: '是否解决', answers: VERIFY_LABELS,
  reasonLabel: '还有什么问题', reasonHint: '请描述没有解决的地方，我们会安排重新处理', reasonMissing: '请说明还有什么问题没有解决',
};
export const VERIFY_WORDING: Record<CaseType, VerifyWording> = {
  repair: FIXED,
  complaint: FIXED,
  inquiry: {
    question: '您的问题得到解答了吗？', label: '是否解答', answers: { yes: '已解答', partly: '部分解答', no: '未解答' },
    reasonLabel: '还有什么不清楚', reasonHint: '请说明还有哪些没有解答清楚，我们会再答复您',
    reasonMissing: '请说明还有哪些没有解答清楚',
  },
  suggestion: {
    question: '您的建议得到答复了吗？', label: '是否答复', answers: { yes: '已答复', partly: '答复不完整', no: '未答复' },
    reasonLabel: '还希望回应什么', reasonHint: '请说明还希望物业回应的内容', reasonMissing: '请说明还希望物业回应什么',
  },
  praise: {
    question: '收到物业的回复了吗？', label: '是否收到', answers: { yes: '已收到', no: '未收到' },
    reasonLabel: '还需要回复什么', reasonHint: '请说明您还希望物业回复的内容', reasonMissing: '请说明您还希望物业回复的内容',
  },
};

/** A verification's answer as the owner was asked it (已解答 for an inquiry); SPEC's words where the type offers none. */
export const verifyAnswerLabel = (type: CaseType, answer: VerifyAnswer): string =>
  VERIFY_WORDING[type].answers[answer] ?? VERIFY_LABELS[answer];

/**
 * Rating tags that fit the case: 没修好, 干净整洁 and 不守时 are about a visit, not an answered
 * question, a suggestion or praise.
 */
export function ratingTagsFor(type: CaseType): readonly string[] {
  return type === 'repair' || type === 'complaint' ? RATING_TAGS : RATING_TAGS.filter((tag) => !VISIT_TAGS.has(tag));
}
const VISIT_TAGS = new Set<string>(['干净整洁', '没修好', '不守时']);
export const FOLLOW_UP_METHOD_LABELS: Record<FollowUpMethod, string> = {
  phone: '电话', onsite: '上门', wechat: '微信', online: '线上',
};
export const FOLLOW_UP_RESULT_LABELS: Record<FollowUpResult, string> = {
  satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意', unreachable: '联系不上',
};
export const RELATION_LABELS: Record<HouseRelation, string> = { owner: '业主', tenant: '租户', family: '家属' };
export const BINDING_STATUS_LABELS: Record<BindingStatus, string> = {
  pending: '待审核', approved: '已通过', rejected: '已驳回', revoked: '已解除', withdrawn: '已撤回',
};
/** A step of a binding's history, by the status it led to (申请 → 审核通过/驳回 → 解除, or 撤回). */
export const BINDING_STEP_LABELS: Record<BindingStatus, string> = {
  pending: '申请绑定', approved: '审核通过', rejected: '驳回申请', revoked: '解除绑定', withdrawn: '撤回申请',
};
