import { Text, View } from '@tarojs/components';
import { Input } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import {
  ROLE_LABELS,
  type CommunityResponse, type CreateStaffRequest, type StaffResponse, type StaffRole, type UpdateStaffRequest,
} from '@wuye/shared';
import { ChipMulti, ChipSelect } from '../../../components/chip-select';
import { Field } from '../../../components/field';
import { errorReason, RequestError } from '../../../services/request';
import { FormShell } from '../components/action-forms';
import {
  editStaffRequest, FORM_ROLE_ORDER, newStaffRequest, passwordProblem, refusalMessage,
  type EditStaffDraft, type NewStaffDraft, type NewStaffField, type Problems,
} from './staff-accounts';

// The 人员管理 forms: a new account, a change of name / role / communities, a new password. Each
// checks what it can first (the server's own rules); a refusal is thrown by onSubmit and shown in
// the form, which keeps what was typed.

const roleOptions = FORM_ROLE_ORDER.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

function CommunityField({ role, communities, value, error, onChange }: {
  role: StaffRole | null;
  communities: readonly CommunityResponse[];
  value: string[];
  error?: string | null;
  onChange: (ids: string[]) => void;
}) {
  if (role === 'admin') {
    return <Field label="所属小区"><View className="muted">管理员可管理全部小区</View></Field>;
  }
  return (
    <Field label="所属小区（可多选）" required error={error}>
      <ChipMulti label="所属小区" options={communities.map((c) => ({ value: c.id, label: c.name }))} value={value} onChange={onChange} />
    </Field>
  );
}

/** Runs a form's submission: busy while it runs, a refusal's message in `error`. */
function useSending() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (run: () => Promise<void>, messageOf: (refusal: unknown) => string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (refusal) {
      setError(messageOf(refusal));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, send };
}

interface NewStaffFormProps {
  communities: readonly CommunityResponse[];
  onSubmit: (body: CreateStaffRequest) => Promise<void>;
  onCancel: () => void;
}

/** 新增人员: 用户名, 初始密码, 姓名, 角色, 所属小区 (several), 手机号 (optional). */
export function NewStaffForm({ communities, onSubmit, onCancel }: NewStaffFormProps) {
  const [draft, setDraft] = useState<NewStaffDraft>({ username: '', password: '', name: '', role: null, communityIds: [], phone: '' });
  const [problems, setProblems] = useState<Problems<NewStaffField>>({});
  const { busy, error, setError, send } = useSending();
  const set = <K extends NewStaffField>(field: K, value: NewStaffDraft[K]) => setDraft((current) => ({ ...current, [field]: value }));

  const confirm = () => {
    const checked = newStaffRequest(draft);
    setProblems(checked.ok ? {} : checked.problems);
    if (!checked.ok) {
      setError('请按提示修改后再保存');
      return;
    }
    void send(() => onSubmit(checked.body), (refusal) => {
      // A taken username belongs under its field.
      if (refusal instanceof RequestError && refusal.code === 'USERNAME_TAKEN') {
        setProblems({ username: refusal.message });
        return `${refusal.message}，请换一个用户名`;
      }
      return errorReason(refusal);
    });
  };

  return (
    <FormShell title="新增人员" confirmText="保存" error={error} busy={busy} onConfirm={confirm} onCancel={onCancel}>
      <Field label="用户名" required error={problems.username}>
        <Input value={draft.username} onChange={(v) => set('username', v)} placeholder="3–50 位字母、数字或 _ . -" maxLength={50} />
      </Field>
      <Field label="初始密码" required error={problems.password}>
        <Input type="password" value={draft.password} onChange={(v) => set('password', v)} placeholder="至少 8 位" maxLength={200} />
      </Field>
      <Field label="姓名" required error={problems.name}>
        <Input value={draft.name} onChange={(v) => set('name', v)} placeholder="如 张师傅" maxLength={50} />
      </Field>
      <Field label="角色" required error={problems.role}>
        <ChipSelect label="角色" options={roleOptions} value={draft.role} onChange={(role) => set('role', role)} />
      </Field>
      <CommunityField role={draft.role} communities={communities} value={draft.communityIds} error={problems.communityIds} onChange={(ids) => set('communityIds', ids)} />
      <Field label="手机号（选填）" error={problems.phone}>
        <Input type="tel" value={draft.phone} onChange={(v) => set('phone', v)} placeholder="手机号" maxLength={20} />
      </Field>
    </FormShell>
  );
}

interface EditStaffFormProps {
  account: StaffResponse;
  /** The admin's own account: no role change (the server refuses it: STAFF_SELF_LOCKOUT). */
  isSelf: boolean;
  communities: readonly CommunityResponse[];
  onSubmit: (body: UpdateStaffRequest) => Promise<void>;
  onCancel: () => void;
  /** Opens the cases the person holds in hand (handlers), which a refusal asks to reassign first. */
  onShowCases?: () => void;
}

/** 修改: name, role (not one's own), communities, phone (empty: unchanged). */
export function EditStaffForm({ account, isSelf, communities, onSubmit, onCancel, onShowCases }: EditStaffFormProps) {
  const [draft, setDraft] = useState<EditStaffDraft>({
    name: account.name, role: account.role as StaffRole, communityIds: account.communityIds, phone: '',
  });
  const [problems, setProblems] = useState<Problems<keyof EditStaffDraft>>({});
  const { busy, error, setError, send } = useSending();
  const set = <K extends keyof EditStaffDraft>(field: K, value: EditStaffDraft[K]) => setDraft((current) => ({ ...current, [field]: value }));

  const confirm = () => {
    const checked = editStaffRequest(account, draft);
    setProblems(checked.ok ? {} : checked.problems);
    if (!checked.ok) {
      setError('请按提示修改后再保存');
      return;
    }
    if (!Object.keys(checked.body).length) {
      setError('没有修改');
      return;
    }
    void send(() => onSubmit(checked.body), (refusal) => refusalMessage(refusal, account.name, 'change'));
  };

  return (
    <FormShell title={`修改 ${account.name}`} confirmText="保存" error={error} busy={busy} onConfirm={confirm} onCancel={onCancel}>
      <Field label="姓名" required error={problems.name}>
        <Input value={draft.name} onChange={(v) => set('name', v)} placeholder="姓名" maxLength={50} />
      </Field>
      <Field label="角色" required>
        {isSelf
          ? <View className="muted">{ROLE_LABELS[account.role]}（不能更改自己的角色）</View>
          : <ChipSelect label="角色" options={roleOptions} value={draft.role} onChange={(role) => set('role', role)} />}
      </Field>
      <CommunityField role={draft.role} communities={communities} value={draft.communityIds} error={problems.communityIds} onChange={(ids) => set('communityIds', ids)} />
      <Field label="手机号" error={problems.phone}>
        <Input type="tel" value={draft.phone} onChange={(v) => set('phone', v)} placeholder="新手机号，不修改请留空" maxLength={20} />
      </Field>
      <View className="muted">
        改角色或移出小区前，需先改派其手上的工单。
        {onShowCases ? <Text className="link" onClick={onShowCases}>查看在办工单</Text> : null}
      </View>
    </FormShell>
  );
}

interface PasswordFormProps {
  account: StaffResponse;
  /** Sends the new password (after its own confirmation); a refusal is thrown and shown here. */
  onSubmit: (password: string) => Promise<void>;
  onCancel: () => void;
}

/** 重置密码: the new password; the page asks for confirmation before sending it. */
export function PasswordForm({ account, onSubmit, onCancel }: PasswordFormProps) {
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { busy, error, send } = useSending();
  const confirm = () => {
    const found = passwordProblem(password);
    setProblem(found);
    if (found) return;
    void send(() => onSubmit(password), errorReason);
  };
  return (
    <FormShell title={`重置 ${account.name} 的密码`} confirmText="重置密码" error={error} busy={busy} onConfirm={confirm} onCancel={onCancel}>
      <Field label="新密码" required error={problem}>
        <Input type="password" value={password} onChange={setPassword} placeholder="至少 8 位" maxLength={200} />
      </Field>
      <View className="muted">重置后，{account.name}在所有设备上都会退出登录，需用新密码重新登录。</View>
    </FormShell>
  );
}
