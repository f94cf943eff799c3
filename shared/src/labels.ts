import type {
  CaseAction, CaseStatus, CaseType, Channel, EventAction, FollowUpMethod, FollowUpResult,
  HouseRelation, Role, Urgency, VerifyAnswer, BindingStatus,
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
