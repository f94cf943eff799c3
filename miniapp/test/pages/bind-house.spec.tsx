import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { showPageAgain } from '../mocks/taro';
import { NETWORK_ERROR_MESSAGE, type CommunityResponse, type HouseBindingResponse, type HouseResponse, type UserResponse } from '@wuye/shared';
import BindHousePage from '../../src/pages/bind-house/index';
import { sessionStore } from '../../src/services/session';
import { chooseChip, errorUnder, fakeApi, held, ok, refused, tapButton, typeInto } from '../helpers';

const COMMUNITIES: CommunityResponse[] = [{ id: 'c-hy', name: '和园', code: 'HY', categories: [] }];
const house = (room: string): HouseResponse => ({ id: `h-${room}`, communityId: 'c-hy', building: '1栋', unit: '1单元', room }) as HouseResponse;
const HOUSES = ['101', '102', '103', '104', '105'].map(house);

const binding = (room: string, status: HouseBindingResponse['status'], id = `b-${room}`): HouseBindingResponse => ({
  id, houseId: `h-${room}`, communityId: 'c-hy', communityName: '和园', building: '1栋', unit: '1单元', room,
  relation: 'owner', name: '吴女士', phone: '13800000006', status, createdAt: '2026-11-30T02:00:00.000Z',
  rejectReason: status === 'rejected' ? '姓名或电话与登记信息不符' : null,
});

/**
 * The owner has applied for 101 (waiting), is bound to 102, was turned down for 103, and for 104
 * was turned down once and applied again (waiting). 105 is new to them.
 */
const BINDINGS = [
  binding('101', 'pending'), binding('102', 'approved'), binding('103', 'rejected'),
  binding('104', 'rejected', 'b-104-old'), binding('104', 'pending'),
];

function openPage(houses = BINDINGS, routes: Parameters<typeof fakeApi>[0] = {}) {
  const user: UserResponse = { id: 'u-1', role: 'owner', name: '吴女士', username: null, communityIds: [], houses };
  sessionStore.set({ token: 't-1', user });
  const api = fakeApi({
    'GET /communities': ok(COMMUNITIES),
    'GET /me': ok(user),
    'GET /communities/c-hy/buildings': ok(['1栋']),
    'GET /communities/c-hy/houses': ok(HOUSES),
    'POST /me/houses': { statusCode: 201, data: { ...binding('103', 'pending'), id: 'b-new' } },
    ...routes,
  });
  render(<BindHousePage />);
  return api;
}

async function showRooms() {
  await screen.findByText('和园', { selector: '[role=radio]' });
  chooseChip('小区', '和园');
  await screen.findByText('1栋');
  chooseChip('楼栋', '1栋');
  await screen.findByText('105');
}

const room = (label: string) => screen.getByText(label, { exact: true, selector: '[role=radio]' });

afterEach(() => sessionStore.clear());

describe('the binding page shown again', () => {
  it('keeps the applications shown, without a toast, when reading them again fails', async () => {
    const api = openPage();
    await showRooms();
    api.answer('GET /me', 'offline');
    await act(async () => showPageAgain());
    await waitFor(() => expect(api.calls.filter((c) => c === 'GET /me')).toHaveLength(2));
    await act(async () => new Promise((resolve) => setTimeout(resolve, 50))); // its failure is in
    expect(Taro.showToast).not.toHaveBeenCalled();
    expect(screen.getAllByText('待审核').length).toBeGreaterThan(0);
  });
});

describe('the binding form', () => {
  it('shows the houses the owner already applied for or is bound to as not choosable, saying which; a rejected one may be applied for again', async () => {
    const api = openPage();
    await showRooms();
    expect(room('101（待审核）')).toHaveAttribute('aria-disabled', 'true');
    expect(room('102（已绑定）')).toHaveAttribute('aria-disabled', 'true');
    expect(room('104（待审核）')).toHaveAttribute('aria-disabled', 'true'); // the new application counts, not the old rejection
    expect(room('103')).not.toHaveAttribute('aria-disabled', 'true'); // the server takes a new application after a rejection
    expect(room('105')).not.toHaveAttribute('aria-disabled', 'true');

    chooseChip('房号', '101（待审核）');
    expect(room('101（待审核）')).toHaveAttribute('aria-checked', 'false');
    await typeInto('input', '吴女士', 0);
    await typeInto('input', '13800000006', 1);
    tapButton('提交绑定申请');
    expect(screen.getByText('请选择房屋')).toBeInTheDocument();
    expect(api.calls).not.toContain('POST /me/houses');

    chooseChip('房号', '103');
    expect(room('103')).toHaveAttribute('aria-checked', 'true');
    expect(screen.queryByText('请选择房屋')).not.toBeInTheDocument();
    tapButton('提交绑定申请');
    await waitFor(() => expect(api.sent.find((r) => r.route === 'POST /me/houses')?.data).toEqual({
      houseId: 'h-103', relation: 'owner', name: '吴女士', phone: '13800000006',
    }));
  });

  it('lets go of a house picked before the session learnt of an application for it made elsewhere', async () => {
    const api = openPage();
    await showRooms();
    chooseChip('房号', '105');
    await typeInto('input', '吴女士', 0);
    await typeInto('input', '13800000006', 1);
    act(() => sessionStore.updateUser({ ...sessionStore.get()!.user, houses: [...BINDINGS, binding('105', 'pending')] }));
    expect(room('105（待审核）')).toHaveAttribute('aria-checked', 'false');
    tapButton('提交绑定申请');
    expect(screen.getByText('请选择房屋')).toBeInTheDocument();
    expect(api.calls).not.toContain('POST /me/houses');
  });

  it('learns of an application made elsewhere when the server refuses a second one, and lets the room go', async () => {
    const api = openPage();
    const user = sessionStore.get()!.user;
    // Applied for 105 on another device meanwhile: the server says so, and /me now lists it.
    api.answer('POST /me/houses', refused('BINDING_EXISTS'));
    await showRooms(); // the page asked /me when shown: nothing about 105 yet
    api.answer('GET /me', ok({ ...user, houses: [...BINDINGS, binding('105', 'pending')] }));
    chooseChip('房号', '105');
    await typeInto('input', '吴女士', 0);
    await typeInto('input', '13800000006', 1);
    tapButton('提交绑定申请');

    expect(await screen.findByText('105（待审核）', { selector: '[role=radio]' })).toHaveAttribute('aria-checked', 'false');
    expect(room('105（待审核）')).toHaveAttribute('aria-disabled', 'true');
    // The application is there, as after a success: nothing asks for a house.
    expect(screen.queryByText('请选择房屋')).not.toBeInTheDocument();
    expect(api.calls.filter((c) => c === 'GET /me')).toHaveLength(2);
    expect(api.calls.filter((c) => c === 'POST /me/houses')).toHaveLength(1);
  });

  it('says an application was sent even when reading the houses again fails right after', async () => {
    const api = openPage();
    await showRooms();
    api.answer('GET /me', 'offline');
    chooseChip('房号', '105');
    await typeInto('input', '吴女士', 0);
    await typeInto('input', '13800000006', 1);
    tapButton('提交绑定申请');
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已提交，等待物业审核' })));
    // Not 网络异常: the application went in, and a second tap would only be refused as a repeat.
    expect(Taro.showToast).not.toHaveBeenCalledWith(expect.objectContaining({ title: NETWORK_ERROR_MESSAGE }));
    expect(room('105')).toHaveAttribute('aria-checked', 'false');
    expect(api.calls.filter((c) => c === 'POST /me/houses')).toHaveLength(1);
  });

  it('names every missing field at once, each under its own field', async () => {
    openPage([]);
    await showRooms();
    tapButton('提交绑定申请');
    expect(screen.getByText('请选择房屋').parentElement).toContainElement(screen.getByRole('radiogroup', { name: '房号' }));
    expect(errorUnder('姓名')).toBe('请填写姓名');
    expect(errorUnder('手机号')).toBe('请填写 11 位手机号');
    expect(screen.getByText(/^还有 \d+ 项未完成/)).toHaveTextContent('还有 3 项未完成，见上方提示');

    await typeInto('input', '1380000', 1);
    expect(errorUnder('手机号')).toBe('请填写 11 位手机号');
    await typeInto('input', '13800000006', 1);
    expect(errorUnder('手机号')).toBeNull();
    expect(screen.getByText(/^还有 \d+ 项未完成/)).toHaveTextContent('还有 2 项未完成');
  });

  it('offers 解除 on a bound house and 撤回 on a waiting application, says what it means first, and sends nothing on second thoughts', async () => {
    const showModal = Taro.showModal as unknown as jest.Mock;
    const api = openPage();
    api.answer('DELETE /me/houses/b-102', ok({ ...binding('102', 'revoked') }));
    await screen.findByText('已申请的房屋');
    const row = (text: string) => screen.getByText(new RegExp(`和园 1栋 1单元 ${text}`)).parentElement!;
    expect(within(row('103')).queryByText(/解除|撤回/)).toBeNull(); // rejected: nothing to end, and it says why
    expect(row('103')).toHaveTextContent('已驳回：姓名或电话与登记信息不符');
    expect(within(row('101')).getByText(/撤回/)).toBeInTheDocument();

    showModal.mockResolvedValueOnce({ confirm: false });
    fireEvent.click(within(row('102')).getByText(/解除/));
    await waitFor(() => expect(showModal).toHaveBeenCalledWith(expect.objectContaining({
      title: '解除绑定', content: expect.stringContaining('将看不到 1栋 1单元 102 的其他工单（您自己提交的仍可查看）'),
    })));
    expect(api.calls).not.toContain('DELETE /me/houses/b-102');

    showModal.mockResolvedValueOnce({ confirm: true });
    fireEvent.click(within(row('102')).getByText(/解除/));
    await waitFor(() => expect(api.calls).toContain('DELETE /me/houses/b-102'));
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已解除绑定' })));
  });

  it('ends a binding once however often 解除 is tapped while the dialog is open or the request runs', async () => {
    const showModal = Taro.showModal as unknown as jest.Mock;
    const api = openPage();
    const answer = held();
    api.answer('DELETE /me/houses/b-102', answer.reply);
    await screen.findByText('已申请的房屋');
    const row = () => screen.getByText(/和园 1栋 1单元 102/).parentElement!;
    fireEvent.click(within(row()).getByText(/解除/));
    fireEvent.click(within(row()).getByText(/解除/)); // while the dialog is open
    await waitFor(() => expect(api.calls).toContain('DELETE /me/houses/b-102'));
    expect(within(row()).getByText(/处理中…/)).toBeInTheDocument();
    fireEvent.click(within(row()).getByText(/处理中…/)); // while the request runs
    answer.release(ok(binding('102', 'revoked')));
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已解除绑定' })));
    expect(showModal).toHaveBeenCalledTimes(1);
    expect(api.calls.filter((c) => c === 'DELETE /me/houses/b-102')).toHaveLength(1);
  });

  it('says when the communities could not be loaded and loads them on 重试; a reload that fails later keeps them', async () => {
    const api = openPage(BINDINGS, { 'GET /communities': ['offline', ok(COMMUNITIES)] });
    expect(await screen.findByText('加载失败')).toBeInTheDocument();
    tapButton('重试');
    await showRooms();
    api.answer('GET /communities', 'offline');
    act(() => showPageAgain());
    await waitFor(() => expect(api.calls.filter((c) => c === 'GET /communities')).toHaveLength(3));
    expect(screen.queryByText('加载失败')).toBeNull();
    expect(room('105')).toBeInTheDocument();
  });

  it('lets an owner apply again for a house whose binding ended, or whose application they withdrew', async () => {
    openPage([binding('102', 'revoked'), binding('103', 'withdrawn')]);
    await showRooms();
    expect(room('102')).not.toHaveAttribute('aria-disabled', 'true');
    expect(room('103')).not.toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByText('已解除')).toBeInTheDocument();
    expect(screen.getByText('已撤回')).toBeInTheDocument();
  });
});
