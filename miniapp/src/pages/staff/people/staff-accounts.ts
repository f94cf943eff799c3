import {
  STAFF_ACCOUNT_RULES, type CommunityResponse, type CreateStaffRequest, type StaffResponse, type StaffRole, type UpdateStaffRequest,
} from '@wuye/shared';
import { errorReason, RequestError } from '../../../services/request';

// What the 人员管理 page shows and sends, apart from its components: the groups, the checks of the
// server's own rules (shared STAFF_ACCOUNT_RULES), and the words for a refusal.

/** The order the role groups are shown in. */
export const ROLE_ORDER: readonly StaffRole[] = ['admin', 'supervisor', 'agent', 'handler'];
/**
 * The order a form offers the roles in: the ones most often given first, 管理员 last. Not shared's
 * STAFF_ROLES: using that export here would keep it in the main package (shared/enums.ts is there).
 */
export const FORM_ROLE_ORDER: readonly StaffRole[] = ['agent', 'handler', 'supervisor', 'admin'];

export interface RoleGroup {
  role: StaffRole;
  accounts: StaffResponse[];
}

/**
 * The accounts by role (ROLE_ORDER), only those of `communityId` when one is chosen (an admin, who
 * sees every community, is then left out unless assigned to it); stopped accounts after the active
 * ones of their group, otherwise in the server's order (by name). Empty groups are left out.
 */
export function groupByRole(accounts: readonly StaffResponse[], communityId: string | null): RoleGroup[] {
  const shown = communityId ? accounts.filter((a) => a.communityIds.includes(communityId)) : accounts;
  return ROLE_ORDER.map((role) => ({
    role,
    accounts: shown.filter((a) => a.role === role).sort((a, b) => Number(b.active) - Number(a.active)),
  })).filter((group) => group.accounts.length > 0);
}

/** "和园、锦绣华庭"; an admin covers every community; an id no longer listed reads 未知小区. */
export function communityNames(account: Pick<StaffResponse, 'role' | 'communityIds'>, communities: readonly CommunityResponse[]): string {
  if (account.role === 'admin') return '全部小区';
  if (!account.communityIds.length) return '未分配';
  return account.communityIds.map((id) => communities.find((c) => c.id === id)?.name ?? '未知小区').join('、');
}

/** What the refused change was, for the sentence that says what to do first. */
export type Refused = 'stop' | 'change';

/**
 * The message for a refused change: for STAFF_HAS_OPEN_CASES, how many cases the person still
 * holds and that they must be reassigned (改派) first; otherwise the server's Chinese message.
 */
export function refusalMessage(error: unknown, name: string, refused: Refused): string {
  if (error instanceof RequestError && error.code === 'STAFF_HAS_OPEN_CASES') {
    const openCases = (error.details as { openCases?: unknown } | undefined)?.openCases;
    const held = typeof openCases === 'number' ? `还有 ${openCases} 件工单` : '还有工单';
    const then = refused === 'stop' ? '再停用' : '再更改角色或移出小区';
    return `${name}${held}在手上（已派单、处理中或挂起），请先把这些工单改派给其他人员（「查看在办工单」列出它们），${then}。`;
  }
  return errorReason(error);
}

const { username: USERNAME_PATTERN, phone: PHONE_PATTERN } = STAFF_ACCOUNT_RULES;
const { min: PASSWORD_MIN, max: PASSWORD_MAX } = STAFF_ACCOUNT_RULES.password;
const NAME_MAX = STAFF_ACCOUNT_RULES.name.max;

export const passwordProblem = (password: string): string | null =>
  !password ? '请填写密码'
    : password.length < PASSWORD_MIN ? `密码至少 ${PASSWORD_MIN} 位`
      : password.length > PASSWORD_MAX ? `密码最多 ${PASSWORD_MAX} 位` : null;

const nameProblem = (name: string): string | null =>
  !name.trim() ? '请填写姓名' : name.trim().length > NAME_MAX ? `姓名最多 ${NAME_MAX} 个字` : null;

const phoneProblem = (phone: string): string | null =>
  phone.trim() && !PHONE_PATTERN.test(phone.trim()) ? '手机号只能包含数字、+、- 和空格（5–20 位）' : null;

/** Only admins need no community: they see every one. */
const communitiesProblem = (role: StaffRole | null, communityIds: readonly string[]): string | null =>
  role && role !== 'admin' && communityIds.length === 0 ? '请选择所属小区' : null;

export type Problems<K extends string> = Partial<Record<K, string>>;

/** A form's result: the request body, or what to correct first, by field. */
export type Checked<T, K extends string> = { ok: true; body: T } | { ok: false; problems: Problems<K> };

export interface NewStaffDraft {
  username: string;
  password: string;
  name: string;
  role: StaffRole | null;
  communityIds: string[];
  phone: string;
}
export type NewStaffField = keyof NewStaffDraft;

/** The body for `POST /api/staff`, or what to correct first. */
export function newStaffRequest(draft: NewStaffDraft): Checked<CreateStaffRequest, NewStaffField> {
  const username = draft.username.trim();
  const problems: Problems<NewStaffField> = {};
  const found = (field: NewStaffField, problem: string | null) => {
    if (problem) problems[field] = problem;
  };
  found('username', !username ? '请填写用户名' : !USERNAME_PATTERN.test(username) ? '用户名为 3–50 位字母、数字或 _ . -' : null);
  found('password', passwordProblem(draft.password));
  found('name', nameProblem(draft.name));
  found('role', draft.role ? null : '请选择角色');
  found('communityIds', communitiesProblem(draft.role, draft.communityIds));
  found('phone', phoneProblem(draft.phone));
  if (Object.keys(problems).length || !draft.role) return { ok: false, problems };
  const body: CreateStaffRequest = {
    username,
    password: draft.password,
    name: draft.name.trim(),
    role: draft.role,
    // An admin's communities mean nothing (they see every one): none are sent.
    communityIds: draft.role === 'admin' ? [] : draft.communityIds,
    ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}),
  };
  return { ok: true, body };
}

export interface EditStaffDraft {
  name: string;
  role: StaffRole;
  communityIds: string[];
  /** Empty: unchanged (the list does not carry the phone). */
  phone: string;
}
export type EditStaffField = keyof EditStaffDraft;

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id) => b.includes(id));

/**
 * The body for `PATCH /api/staff/:id`: only what differs from `account` (the server changes only
 * what is sent, and checks open cases only for a new role or a removed community); `{}` when
 * nothing does. Or what to correct first.
 */
export function editStaffRequest(account: StaffResponse, draft: EditStaffDraft): Checked<UpdateStaffRequest, EditStaffField> {
  const problems: Problems<EditStaffField> = {};
  const name = nameProblem(draft.name);
  if (name) problems.name = name;
  const communities = communitiesProblem(draft.role, draft.communityIds);
  if (communities) problems.communityIds = communities;
  const phone = phoneProblem(draft.phone);
  if (phone) problems.phone = phone;
  if (Object.keys(problems).length) return { ok: false, problems };
  const body: UpdateStaffRequest = {};
  if (draft.name.trim() !== account.name) body.name = draft.name.trim();
  if (draft.role !== account.role) body.role = draft.role;
  // An admin's communities are not edited (they see every one); they stay as they were.
  if (draft.role !== 'admin' && !sameIds(draft.communityIds, account.communityIds)) body.communityIds = draft.communityIds;
  if (draft.phone.trim()) body.phone = draft.phone.trim();
  return { ok: true, body };
}
