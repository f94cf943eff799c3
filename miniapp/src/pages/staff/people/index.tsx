import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { ROLE_LABELS, type CreateStaffRequest, type StaffResponse, type UpdateStaffRequest } from '@wuye/shared';
import { ChipSelect } from '../../../components/chip-select';
import { LoadFailed } from '../../../components/load-state';
import { useLoaded } from '../../../hooks/use-loaded';
import { useRequireSession } from '../../../hooks/use-require-session';
import { logout } from '../../../services/auth';
import { listCommunities } from '../../../services/houses';
import { goToLogin, openPage, withQuery } from '../../../services/navigation';
import { createStaff, listStaffAccounts, updateStaff } from '../../../services/staff';
import { communityNames, groupByRole, refusalMessage } from './staff-accounts';
import { EditStaffForm, NewStaffForm, PasswordForm } from './staff-form';

/** The cases a handler holds in hand, to reassign before a stop (not in PAGES: staff only). */
const PERSON_CASES_PAGE = '/pages/staff/people/cases';

/** The form open on the page: a new account, or a change to one account. */
type OpenForm = { kind: 'new' } | { kind: 'edit' | 'password'; id: string };

/**
 * 人员管理 (admin): every staff account by role, stopped ones marked 已停用; add one, change its
 * name, role or communities, reset its password, stop (停用) or restart (启用) it. A stop or a new
 * password signs the person out everywhere, so both are confirmed first. The admin's own row offers
 * neither a stop nor a role change (the server refuses them too: STAFF_SELF_LOCKOUT).
 */
export default function StaffPeoplePage() {
  const session = useRequireSession('staff');
  const isAdmin = session?.user.role === 'admin';
  const myId = session?.user.id;
  const communityList = useLoaded(isAdmin ? 'communities' : null, listCommunities);
  const loaded = useLoaded(isAdmin ? 'staff' : null, () => listStaffAccounts({ silent: true }));
  /** The list as the server last answered it: loaded, then each change's answer. */
  const [accounts, setAccounts] = useState<StaffResponse[] | null>(null);
  useEffect(() => setAccounts(loaded.value), [loaded.value]);
  const [communityId, setCommunityId] = useState<string>('all');
  const [open, setOpen] = useState<OpenForm | null>(null);
  /** The account whose 停用 / 启用 is on its way. */
  const [switching, setSwitching] = useState<string | null>(null);
  /** A refused 停用 / 启用, shown on its row. */
  const [notice, setNotice] = useState<{ id: string; message: string } | null>(null);
  // Back from 在办工单 (or any page over this one), the cases it counted may have been reassigned:
  // a "还有 N 件工单" line would be out of date, so it goes (a new 停用 says again if any are left).
  useDidShow(() => setNotice(null));

  /** One form at a time; a refusal shown on a row goes once the admin acts on it. */
  const openForm = (form: OpenForm) => {
    setOpen(form);
    setNotice(null);
  };
  const replace = (updated: StaffResponse) =>
    setAccounts((current) => (current ?? []).map((a) => (a.id === updated.id ? updated : a)));
  const toast = (title: string) => void Taro.showToast({ title, icon: 'none' });
  const showCases = (account: StaffResponse) =>
    void openPage(withQuery(PERSON_CASES_PAGE, { assignee: account.id, name: account.name }));

  const create = async (body: CreateStaffRequest) => {
    const created = await createStaff(body, { silent: true });
    setAccounts((current) => [...(current ?? []), created]);
    setOpen(null);
    toast(`已添加 ${created.name}`);
  };

  const save = async (account: StaffResponse, body: UpdateStaffRequest) => {
    replace(await updateStaff(account.id, body, { silent: true }));
    setOpen(null);
    toast('已保存');
  };

  const resetPassword = async (account: StaffResponse, password: string) => {
    const self = account.id === myId;
    const { confirm } = await Taro.showModal({
      title: '重置密码',
      content: self
        ? '重置后，您在所有设备（包括本机）上都会退出登录，需用新密码重新登录。'
        : `重置后，${account.name}在所有设备上都会立即退出登录，需用新密码重新登录。`,
      confirmText: '重置',
    });
    if (!confirm) return;
    await updateStaff(account.id, { password }, { silent: true });
    setOpen(null);
    toast('密码已重置');
    // This device's token is no longer valid either.
    if (self) {
      logout();
      goToLogin();
    }
  };

  const setActive = async (account: StaffResponse, active: boolean) => {
    const { confirm } = await Taro.showModal(active
      ? { title: '启用账号', content: `启用后，${account.name}可以用原来的密码重新登录。`, confirmText: '启用' }
      : {
        title: '停用账号',
        content: `停用后，${account.name}会立即在所有设备上退出登录，不能再登录，也不会再被派单。工单记录保留，之后可重新启用。`,
        confirmText: '停用',
        confirmColor: '#fa2c19',
      });
    if (!confirm) return;
    setSwitching(account.id);
    setNotice(null);
    try {
      replace(await updateStaff(account.id, { active }, { silent: true }));
      toast(active ? `已启用 ${account.name}` : `已停用 ${account.name}`);
    } catch (refusal) {
      setNotice({ id: account.id, message: refusalMessage(refusal, account.name, 'stop') });
    } finally {
      setSwitching(null);
    }
  };

  if (session && !isAdmin) return <View className="page muted center empty">仅管理员可管理人员</View>;
  const failed = communityList.error ?? loaded.error;
  if (failed) {
    return (
      <View className="page">
        <LoadFailed error={failed} onRetry={() => { communityList.retry(); loaded.retry(); }} />
      </View>
    );
  }
  const communities = communityList.value;
  if (!communities || !accounts) return <View className="page muted center">加载中…</View>;

  const chosen = communities.some((c) => c.id === communityId) ? communityId : null;
  const groups = groupByRole(accounts, chosen);
  // The count says what the list shows: one community's people when one is chosen.
  const listed = groups.flatMap((group) => group.accounts);
  const stopped = listed.filter((a) => !a.active).length;

  const card = (account: StaffResponse) => {
    const self = account.id === myId;
    if (open?.kind === 'edit' && open.id === account.id) {
      return (
        <EditStaffForm
          key={account.id}
          account={account}
          isSelf={self}
          communities={communities}
          onSubmit={(body) => save(account, body)}
          onCancel={() => setOpen(null)}
          onShowCases={account.role === 'handler' ? () => showCases(account) : undefined}
        />
      );
    }
    if (open?.kind === 'password' && open.id === account.id) {
      return (
        <PasswordForm key={account.id} account={account} onSubmit={(password) => resetPassword(account, password)} onCancel={() => setOpen(null)} />
      );
    }
    return (
      <View key={account.id} className="card" aria-label={`人员 ${account.name}`}>
        <View className="card__row">
          <View className="card__title">{account.name}{self ? '（我）' : ''}</View>
          <Text className={account.active ? 'status' : 'status status--cancelled'}>{account.active ? ROLE_LABELS[account.role] : '已停用'}</Text>
        </View>
        <View className="card__meta">用户名：{account.username}</View>
        <View className="card__meta">所属小区：{communityNames(account, communities)}</View>
        {notice?.id === account.id ? <View className="field__error" role="alert">{notice.message}</View> : null}
        {account.role === 'handler' ? (
          <View className="link" onClick={() => showCases(account)}>
            查看在办工单
          </View>
        ) : null}
        <View className="form__buttons">
          <Button size="small" onClick={() => openForm({ kind: 'edit', id: account.id })}>修改</Button>
          <Button size="small" onClick={() => openForm({ kind: 'password', id: account.id })}>重置密码</Button>
          {self ? null : (
            <Button
              size="small"
              type={account.active ? 'default' : 'primary'}
              loading={switching === account.id}
              disabled={switching !== null}
              onClick={() => void setActive(account, !account.active)}
            >
              {account.active ? '停用' : '启用'}
            </Button>
          )}
        </View>
      </View>
    );
  };

  return (
    <View className="page">
      <View className="card card__row">
        <View>{chosen ? '本小区' : ''}共 {listed.length} 人{stopped ? `，已停用 ${stopped} 人` : ''}</View>
        {open?.kind === 'new' ? null : <Button size="small" type="primary" onClick={() => openForm({ kind: 'new' })}>新增人员</Button>}
      </View>
      {open?.kind === 'new' ? <NewStaffForm communities={communities} onSubmit={create} onCancel={() => setOpen(null)} /> : null}
      {communities.length > 1 ? (
        <ChipSelect
          label="小区"
          options={[{ value: 'all', label: '全部小区' }, ...communities.map((c) => ({ value: c.id, label: c.name }))]}
          value={chosen ?? 'all'}
          onChange={setCommunityId}
        />
      ) : null}
      {groups.length === 0 ? <View className="muted center empty">没有人员</View> : null}
      {groups.map((group) => (
        <View key={group.role} aria-label={`${ROLE_LABELS[group.role]}组`}>
          <View className="section-title">{ROLE_LABELS[group.role]}（{group.accounts.length}）</View>
          {group.accounts.map(card)}
        </View>
      ))}
    </View>
  );
}
