import { act, cleanup as cleanupAll, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { PendingBindingResponse } from '@wuye/shared';
import StaffBindingsPage from '../../src/pages/staff/bindings/index';
import { sessionStore } from '../../src/services/session';
import { chooseChip, tapButton, typeInto } from '../helpers';

// The page loads when shown; here "shown" is "mounted".
jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../mocks/taro');
  const { useEffect } = jest.requireActual('react');
  return { __esModule: true, ...actual, default: actual.default, useDidShow: (fn: () => void) => useEffect(fn, []) };
});

const requestMock = Taro.request as unknown as jest.Mock;
const showModal = Taro.showModal as unknown as jest.Mock;
const pending: PendingBindingResponse = {
  id: 'b-1', houseId: 'h-1', communityId: 'c-hy', communityName: '和园', building: '1栋', unit: '1单元', room: '101',
  relation: 'owner', name: '吴女士', phone: '13800000001', status: 'pending', createdAt: '2026-11-30T02:00:00.000Z', ownerId: 'o-1', rejectReason: null, ownerDisabled: false,
  history: [{ status: 'pending', actorName: '吴女士', actorRole: 'owner', at: '2026-11-30T02:00:00.000Z', note: null }],
};

function scriptServer() {
  const posted: string[] = [];
  requestMock.mockImplementation(({ url, method }: { url: string; method: string }) => {
    if (method === 'POST') {
      posted.push(url);
      return Promise.resolve({ statusCode: 200, data: { ...pending, status: 'rejected' } });
    }
    return Promise.resolve({ statusCode: 200, data: { items: posted.length ? [] : [pending], total: 1, page: 1, pageSize: 100 } });
  });
  return posted;
}

describe('binding review', () => {
  beforeEach(() => sessionStore.set({ token: 't', user: { id: 'a-1', role: 'agent', name: '客服小李', username: 'agent1', communityIds: ['c-hy'] } }));
  afterEach(() => sessionStore.clear());

  it('asks why before rejecting, and a change of mind rejects nothing', async () => {
    const posted = scriptServer();
    render(<StaffBindingsPage />);
    await screen.findByText('吴女士（业主） 13800000001');
    await act(async () => tapButton('驳回'));
    const form = screen.getByLabelText('驳回 吴女士 的申请');
    // No reason, no rejection: the owner would be told nothing.
    await act(async () => within(form).getAllByText('驳回').at(-1)!.click());
    expect(within(form).getByRole('alert')).toHaveTextContent('请填写驳回原因，业主会看到');
    await act(async () => within(form).getByText('取消').click());
    expect(screen.queryByLabelText('驳回 吴女士 的申请')).toBeNull();
    expect(posted).toEqual([]);
    expect(screen.getByText('吴女士（业主） 13800000001')).toBeInTheDocument();
  });

  it('rejects with the reason chosen, which the owner is shown', async () => {
    const posted = scriptServer();
    render(<StaffBindingsPage />);
    await screen.findByText('吴女士（业主） 13800000001');
    await act(async () => tapButton('驳回'));
    chooseChip('常用原因', '非该房屋业主或住户');
    const form = screen.getByLabelText('驳回 吴女士 的申请');
    await act(async () => within(form).getAllByText('驳回').at(-1)!.click());
    await waitFor(() => expect(posted).toEqual(['/api/house-bindings/b-1/reject']));
    expect(requestMock).toHaveBeenCalledWith(expect.objectContaining({ method: 'POST', data: { reason: '非该房屋业主或住户' } }));
    expect(await screen.findByText('没有待审核的申请')).toBeInTheDocument();
  });

  it('says an application withdrawn meanwhile is no longer waiting, and shows the list as it is now', async () => {
    let withdrawn = false;
    requestMock.mockImplementation(({ method }: { url: string; method: string }) => {
      if (method === 'POST') {
        withdrawn = true;
        return Promise.resolve({ statusCode: 409, data: { statusCode: 409, code: 'BINDING_NOT_PENDING', message: '该申请已不在待审核状态（已审核，或业主已撤回）' } });
      }
      return Promise.resolve({ statusCode: 200, data: { items: withdrawn ? [] : [pending], total: withdrawn ? 0 : 1, page: 1, pageSize: 100 } });
    });
    render(<StaffBindingsPage />);
    await screen.findByText('吴女士（业主） 13800000001');
    await act(async () => tapButton('通过'));
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该申请已不在待审核状态（已审核，或业主已撤回）' }));
    expect(await screen.findByText('没有待审核的申请')).toBeInTheDocument();
  });

  it('offers 重试 when the applications cannot be loaded, instead of saying there are none', async () => {
    let online = false;
    requestMock.mockImplementation(() => (online
      ? Promise.resolve({ statusCode: 200, data: { items: [pending], total: 1, page: 1, pageSize: 100 } })
      : Promise.reject(new Error('request:fail'))));
    render(<StaffBindingsPage />);
    expect(await screen.findByText('加载失败')).toBeInTheDocument();
    expect(screen.queryByText('没有待审核的申请')).not.toBeInTheDocument();
    online = true;
    await act(async () => tapButton('重试'));
    expect(await screen.findByText('吴女士（业主） 13800000001')).toBeInTheDocument();
  });

  it('lets staff search the pending applications when there are more than it shows, as its note says', async () => {
    const asked: string[] = [];
    requestMock.mockImplementation(({ url }: { url: string }) => {
      asked.push(url);
      const items = url.includes('q=') ? [pending] : Array.from({ length: 100 }, (_, i) => ({ ...pending, id: `b-${i}`, room: String(1000 + i) }));
      return Promise.resolve({ statusCode: 200, data: { items, total: url.includes('q=') ? 1 : 130, page: 1, pageSize: 100 } });
    });
    render(<StaffBindingsPage />);
    expect(await screen.findByText('共 130 条，只显示等待最久的 100 条，请用搜索缩小范围')).toBeInTheDocument();
    await typeInto('input', '吴女士', 0);
    await act(async () => tapButton('搜索'));
    await waitFor(() => expect(asked.at(-1)).toMatch(/status=pending&q=/));
    expect(await screen.findByText('吴女士（业主） 13800000001')).toBeInTheDocument();
    // Cleared, the search brings the whole list back (the box stays).
    await typeInto('input', '', 0);
    await act(async () => tapButton('搜索'));
    expect(await screen.findByText('共 130 条，只显示等待最久的 100 条，请用搜索缩小范围')).toBeInTheDocument();
  });

  it('does not carry what was typed for one list into another', async () => {
    const asked: string[] = [];
    requestMock.mockImplementation(({ url }: { url: string }) => {
      asked.push(url);
      return Promise.resolve({ statusCode: 200, data: { items: [], total: 0, page: 1, pageSize: 100 } });
    });
    render(<StaffBindingsPage />);
    chooseChip('列表', '已绑定');
    await typeInto('input', '1802', 0);
    chooseChip('列表', '待审核');
    await waitFor(() => expect(asked.at(-1)).toMatch(/status=pending&/));
    expect(asked.at(-1)).not.toContain('q=');
    expect(document.querySelector('input')).toHaveValue('');
  });

  it('finds a binding in force by what staff type and ends it once confirmed, saying what that means', async () => {
    const approved: PendingBindingResponse = { ...pending, id: 'b-2', name: '欧阳先生', room: '1802', status: 'approved' };
    const asked: string[] = [];
    requestMock.mockImplementation(({ url, method }: { url: string; method: string }) => {
      asked.push(`${method ?? 'GET'} ${url}`);
      if (method === 'POST') return Promise.resolve({ statusCode: 200, data: { ...approved, status: 'revoked' } });
      const items = url.includes('status=approved') ? [approved] : [];
      return Promise.resolve({ statusCode: 200, data: { items, total: items.length, page: 1, pageSize: 100 } });
    });
    render(<StaffBindingsPage />);
    expect(await screen.findByText('没有待审核的申请')).toBeInTheDocument();

    chooseChip('列表', '已绑定');
    await screen.findByText('欧阳先生（业主） 13800000001');
    await typeInto('input', '1802', 0);
    await act(async () => tapButton('搜索'));
    await waitFor(() => expect(asked).toContainEqual(expect.stringMatching(/GET .*status=approved&q=1802/)));

    showModal.mockResolvedValueOnce({ confirm: true });
    await act(async () => tapButton('解除绑定'));
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({
      title: '解除绑定', content: expect.stringContaining('解除后其将看不到该房屋的其他工单（自己提交的仍可查看）'),
    }));
    await waitFor(() => expect(asked).toContain('POST /api/house-bindings/b-2/revoke'));
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已解除绑定' }));
  });

  it('lists ended bindings with each step and who took it, and offers nothing to do on them', async () => {
    const ended: PendingBindingResponse = {
      ...pending, id: 'b-3', name: '欧阳先生', room: '1802', status: 'revoked',
      history: [
        { status: 'pending', actorName: '欧阳先生', actorRole: 'owner', at: '2026-11-01T02:00:00.000Z', note: null },
        { status: 'approved', actorName: '客服小李', actorRole: 'agent', at: '2026-11-01T03:30:00.000Z', note: null },
        { status: 'revoked', actorName: '主管老王', actorRole: 'supervisor', at: '2026-11-29T08:05:00.000Z', note: null },
      ],
    };
    const refusedOnce: PendingBindingResponse = {
      ...pending, id: 'b-4', name: '钱先生', room: '602', status: 'rejected', rejectReason: '非该房屋业主或住户',
      history: [
        { status: 'pending', actorName: '钱先生', actorRole: 'owner', at: '2026-11-02T02:00:00.000Z', note: null },
        { status: 'rejected', actorName: '客服小李', actorRole: 'agent', at: '2026-11-02T03:00:00.000Z', note: '非该房屋业主或住户' },
      ],
    };
    const asked: string[] = [];
    requestMock.mockImplementation(({ url }: { url: string }) => {
      asked.push(decodeURIComponent(url));
      const items = url.includes('status=pending') ? [] : [ended, refusedOnce];
      return Promise.resolve({ statusCode: 200, data: { items, total: items.length, page: 1, pageSize: 100 } });
    });
    render(<StaffBindingsPage />);
    expect(await screen.findByText('没有待审核的申请')).toBeInTheDocument();

    chooseChip('列表', '已结束');
    expect(await screen.findByText('和园 1栋 1单元 1802（已解除）')).toBeInTheDocument();
    expect(asked).toContainEqual(expect.stringContaining('status=revoked,withdrawn,rejected'));
    expect(screen.getByText('11-01 10:00 申请绑定 · 欧阳先生')).toBeInTheDocument();
    expect(screen.getByText('11-01 11:30 审核通过 · 客服小李')).toBeInTheDocument();
    expect(screen.getByText('11-29 16:05 解除绑定 · 主管老王')).toBeInTheDocument();
    expect(screen.getByText('11-02 11:00 驳回申请 · 客服小李：非该房屋业主或住户')).toBeInTheDocument();
    expect(document.querySelectorAll('.nut-button')).toHaveLength(1); // 搜索 only: nothing to do on an ended binding
    expect(screen.queryByText('解除绑定')).toBeNull();
  });

  it('lets an admin stop an owner\'s account after saying what it means, and says so on the card; agents are not offered it', async () => {
    const asked: string[] = [];
    let stopped = false;
    requestMock.mockImplementation(({ url, method }: { url: string; method: string }) => {
      asked.push(`${method ?? 'GET'} ${decodeURIComponent(url)}`);
      if (url.endsWith('/api/me')) return Promise.resolve({ statusCode: 200, data: sessionStore.get()!.user });
      if (method === 'POST') {
        stopped = true;
        return Promise.resolve({ statusCode: 200, data: { id: 'o-1', disabled: true, disabledAt: '2026-12-02T03:00:00.000Z' } });
      }
      return Promise.resolve({ statusCode: 200, data: { items: [{ ...pending, ownerDisabled: stopped }], total: 1, page: 1, pageSize: 100 } });
    });
    sessionStore.set({ token: 't', user: { id: 'ad-1', role: 'admin', name: '管理员', username: 'admin', communityIds: [] } });
    render(<StaffBindingsPage />);
    await screen.findByText('吴女士（业主） 13800000001');
    showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await act(async () => screen.getByText('停用业主账号').click());
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '停用业主账号', content: expect.stringContaining('立即退出登录') }));
    await waitFor(() => expect(asked).toContain('POST /api/owners/o-1/disable'));
    expect(await screen.findByText('该业主账号已停用')).toBeInTheDocument();
    expect(screen.getByText('恢复业主账号')).toBeInTheDocument();
    cleanupAll();

    sessionStore.set({ token: 't', user: { id: 'a-1', role: 'agent', name: '客服小李', username: 'agent1', communityIds: ['c-hy'] } });
    render(<StaffBindingsPage />);
    await screen.findByText('吴女士（业主） 13800000001');
    // An agent reads that the account is stopped, and is offered neither link.
    expect(screen.getByText('该业主账号已停用')).toBeInTheDocument();
    expect(screen.queryByText(/停用业主账号|恢复业主账号/)).toBeNull();
  });
});
