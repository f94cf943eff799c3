import { act, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { CaseResponse, CaseStatus, HouseBindingResponse, Page, UserResponse } from '@wuye/shared';
import HomePage from '../../src/pages/home/index';
import { sessionStore } from '../../src/services/session';
import { showPageAgain } from '../mocks/taro';
import { fakeApi, held, ok, tapButton } from '../helpers';
import { caseIn } from './case-fixtures';

const house = (status: HouseBindingResponse['status']): HouseBindingResponse => ({
  id: `b-${status}`, houseId: 'h-1', communityId: 'c-hy', communityName: '和园', building: '5栋', unit: '1单元', room: '201',
  relation: 'owner', name: '吴女士', phone: '13800000006', status, createdAt: '2026-11-30T02:00:00.000Z', rejectReason: null,
});

/** The owner's home with these house bindings (the server's /me says the same). */
async function openHome(houses: HouseBindingResponse[]) {
  const user: UserResponse = { id: 'u-1', role: 'owner', name: '吴女士', username: null, communityIds: [], houses };
  sessionStore.set({ token: 't-1', user });
  fakeApi({ 'GET /me': ok(user), 'GET /cases': ok({ items: [], total: 0, page: 1, pageSize: 100 }) });
  const view = render(<HomePage />);
  await screen.findByText('暂无工单');
  return view;
}

afterEach(() => sessionStore.clear());

describe('我要报事 on the owner’s home', () => {
  it('says the house is being reviewed, rather than opening the binding form again, while the only binding waits', async () => {
    await openHome([house('pending')]);
    expect(screen.getByText('房屋正在审核，物业审核通过后即可报事')).toBeInTheDocument();
    tapButton('我要报事');
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '房屋正在审核，通过后即可报事', icon: 'none' });
    expect(Taro.navigateTo).not.toHaveBeenCalled();
  });

  it('opens the binding form when there is no house at all, and the report form once one is approved', async () => {
    const first = await openHome([]);
    tapButton('我要报事');
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/bind-house/index' });
    first.unmount();
    await openHome([house('approved'), { ...house('pending'), id: 'b-2' }]);
    expect(screen.queryByText('房屋正在审核，物业审核通过后即可报事')).not.toBeInTheDocument();
    tapButton('我要报事');
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/report/index' });
  });
});

/** Case `id` in `status`, created `minutesAgo` before noon of 2026-11-30. */
const kase = (id: string, status: CaseStatus, minutesAgo: number) =>
  ({ ...caseIn(status, []), id, number: `HY-20261130-${id}`, description: `工单 ${id}`,
     createdAt: new Date(Date.UTC(2026, 10, 30, 12) - minutesAgo * 60_000).toISOString() }) as unknown as CaseResponse;
const page = (items: CaseResponse[], total = items.length, n = 1): Page<CaseResponse> => ({ items, total, page: n, pageSize: 100 });
const owner = (houses?: HouseBindingResponse[]): UserResponse => ({ id: 'u-1', role: 'owner', name: '吴女士', username: null, communityIds: [], houses });

describe('the owner’s case list', () => {
  it('says 加载失败 with 重试 when the cases cannot be loaded, not 暂无工单', async () => {
    const user = owner([house('approved')]);
    sessionStore.set({ token: 't-1', user });
    const api = fakeApi({ 'GET /me': ok(user), 'GET /cases': 'offline' });
    render(<HomePage />);
    expect(await screen.findByText('加载失败')).toBeInTheDocument();
    expect(screen.queryByText('暂无工单')).toBeNull();
    api.answer('GET /cases', ok(page([kase('0001', 'in_progress', 5)])));
    tapButton('重试');
    expect(await screen.findByText('工单 0001')).toBeInTheDocument();
    expect(screen.queryByText('加载失败')).toBeNull();
  });

  it('names each case\'s estate for an owner with cases in two, and none for an owner with cases in one', async () => {
    const inJx = { ...house('approved'), id: 'b-jx', houseId: 'h-jx', communityId: 'c-jx', communityName: '锦绣华庭' };
    const cases = [{ ...kase('0001', 'in_progress', 5), communityId: 'c-hy' }, { ...kase('0002', 'submitted', 3), communityId: 'c-jx' }] as CaseResponse[];
    const user = owner([house('approved'), inJx]);
    sessionStore.set({ token: 't-1', user });
    fakeApi({ 'GET /me': ok(user), 'GET /cases': ok(page(cases)) });
    const view = render(<HomePage />);
    const card = async (text: string) => (await screen.findByText(text)).closest('.card')!;
    expect((await card('工单 0001')).textContent).toContain('和园 · ');
    expect((await card('工单 0002')).textContent).toContain('锦绣华庭 · ');
    view.unmount();

    // One estate's cases, though an application elsewhere was refused: no names.
    const single = owner([house('approved'), { ...inJx, status: 'rejected' }]);
    sessionStore.set({ token: 't-1', user: single });
    fakeApi({ 'GET /me': ok(single), 'GET /cases': ok(page(cases.slice(0, 1))) });
    render(<HomePage />);
    expect((await card('工单 0001')).textContent).not.toContain('和园');
  });

  it('keeps the list when a refresh fails, and says so', async () => {
    const user = owner([house('approved')]);
    sessionStore.set({ token: 't-1', user });
    const api = fakeApi({ 'GET /me': ok(user), 'GET /cases': ok(page([kase('0001', 'in_progress', 5)])) });
    render(<HomePage />);
    expect(await screen.findByText('工单 0001')).toBeInTheDocument();
    api.answer('GET /cases', 'offline');
    await act(async () => showPageAgain());
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络异常，请稍后重试' })));
    expect(Taro.showToast).toHaveBeenCalledTimes(1);
    expect(screen.getByText('工单 0001')).toBeInTheDocument();
    expect(screen.queryByText('加载失败')).toBeNull();
  });

  it('right after sign-in, when the houses are not known yet, asks the server before 我要报事 decides where to go', async () => {
    sessionStore.set({ token: 't-1', user: owner(undefined) }); // the sign-in answer carries no houses
    const api = fakeApi({ 'GET /me': 'offline', 'GET /cases': ok(page([])) });
    render(<HomePage />);
    await screen.findByText('暂无工单');
    expect(screen.queryByText('还没有绑定房屋，绑定并审核通过后即可报事')).toBeNull();
    // The houses card says /me failed, with 重试 (the cases loaded all the same) — and only it.
    expect(await screen.findByText('加载失败')).toBeInTheDocument();
    expect(Taro.showToast).not.toHaveBeenCalled();
    api.answer('GET /me', ok(owner([house('approved')])));
    act(() => {
      tapButton('我要报事');
      tapButton('我要报事'); // a second tap while /me is asked for
    });
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/report/index' }));
    expect(Taro.navigateTo).toHaveBeenCalledTimes(1);
    expect(Taro.navigateTo).not.toHaveBeenCalledWith({ url: '/pages/bind-house/index' });
  });

  it('loads the older finished cases on 加载更多, skipping a page that holds only ones already listed', async () => {
    const user = owner([house('approved')]);
    sessionStore.set({ token: 't-1', user });
    // 3 open cases and 247 finished; the newest 100 are the 3 open ones and 97 finished ones.
    const open = [0, 1, 2].map((i) => kase(`o${i}`, 'in_progress', i));
    const finished = Array.from({ length: 247 }, (_, i) => kase(`f${i}`, 'closed', 10 + i));
    const api = fakeApi({
      'GET /me': ok(user),
      'GET /cases': [ok(page(open)), ok(page([...open, ...finished.slice(0, 97)], 250)),
        ok(page(finished.slice(0, 100), 247, 1)), ok(page(finished.slice(100, 200), 247, 2)), ok(page(finished.slice(200), 247, 3))],
    });
    render(<HomePage />);
    expect(await screen.findByText('另有 150 件较早的已结束工单')).toBeInTheDocument();
    tapButton('加载更多');
    // Page 1 brought 3 not listed yet: page 2 is asked for in the same tap.
    expect(await screen.findByText('另有 47 件较早的已结束工单')).toBeInTheDocument();
    expect(screen.getByText('工单 f199')).toBeInTheDocument();
    tapButton('加载更多');
    expect(await screen.findByText('工单 f246')).toBeInTheDocument();
    expect(screen.queryByText(/较早的已结束工单/)).toBeNull();
    expect(screen.queryByText('加载更多')).toBeNull();
    const pages = api.sent.filter((r) => r.route === 'GET /cases' && r.query.status === 'closed,cancelled').map((r) => r.query.page);
    expect(pages).toEqual(['1', '2', '3']);
    expect(document.querySelectorAll('.card--link')).toHaveLength(250);

    // Shown again (back from a case): the older cases shown stay shown — their three pages are read
    // again with the rest, from the newest (they may have shifted meanwhile: a finished case reopened).
    api.answer('GET /cases', [ok(page(open)), ok(page([...open, ...finished.slice(0, 97)], 250)), ok(page(finished.slice(0, 100), 247, 1)),
      ok(page(finished.slice(100, 200), 247, 2)), ok(page(finished.slice(200), 247, 3))]);
    act(() => showPageAgain());
    await waitFor(() => expect(api.sent.filter((r) => r.query.status === 'closed,cancelled').map((r) => r.query.page)).toEqual(['1', '2', '3', '1', '2', '3']));
    expect(await screen.findByText('工单 f246')).toBeInTheDocument();
    expect(document.querySelectorAll('.card--link')).toHaveLength(250);
    expect(screen.queryByText(/较早的已结束工单/)).toBeNull();
  });

  it('opens a case once however fast its card is tapped twice (返回 then goes straight back)', async () => {
    const user = owner([house('approved')]);
    sessionStore.set({ token: 't-1', user });
    fakeApi({ 'GET /me': ok(user), 'GET /cases': ok(page([kase('o0', 'in_progress', 0)])) });
    render(<HomePage />);
    const card = await screen.findByText('工单 o0');
    act(() => {
      card.click();
      card.click();
    });
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/case-detail/index?id=o0' }));
    expect(Taro.navigateTo).toHaveBeenCalledTimes(1);
  });

  it('shows the list of the latest refresh when an earlier one is answered after it (a case withdrawn meanwhile stays gone)', async () => {
    const user = owner([house('approved')]);
    sessionStore.set({ token: 't-1', user });
    const slow = held();
    const api = fakeApi({ 'GET /me': ok(user), 'GET /cases': slow.reply });
    render(<HomePage />);
    await waitFor(() => expect(api.sent.filter((r) => r.route === 'GET /cases')).toHaveLength(2));
    api.answer('GET /cases', ok(page([])));
    act(() => showPageAgain());
    expect(await screen.findByText('暂无工单')).toBeInTheDocument();
    // The first load's answer, from before the withdrawal, arrives last.
    await act(async () => slow.release(ok(page([kase('o0', 'in_progress', 0)]))));
    expect(screen.queryByText('工单 o0')).toBeNull();
    expect(screen.getByText('暂无工单')).toBeInTheDocument();
  });

  it('drops a 加载更多 answer that arrives after a refresh, which reads that page itself (pages may have shifted meanwhile)', async () => {
    const user = owner([house('approved')]);
    sessionStore.set({ token: 't-1', user });
    const open = [kase('o0', 'in_progress', 0)];
    const finished = Array.from({ length: 150 }, (_, i) => kase(`f${i}`, 'closed', 10 + i));
    const recent = () => [ok(page(open)), ok(page([...open, ...finished.slice(0, 99)], 151))];
    const api = fakeApi({ 'GET /me': ok(user), 'GET /cases': recent() });
    render(<HomePage />);
    expect(await screen.findByText('另有 51 件较早的已结束工单')).toBeInTheDocument();
    const late = held();
    api.answer('GET /cases', late.reply);
    tapButton('加载更多');
    await waitFor(() => expect(api.sent.filter((r) => r.query.status === 'closed,cancelled')).toHaveLength(1));
    // Meanwhile a refresh (back from a case): it reads the older page asked for as well.
    api.answer('GET /cases', [...recent(), ok(page(finished.slice(0, 100), 150, 1))]);
    act(() => showPageAgain());
    expect(await screen.findByText('工单 f99')).toBeInTheDocument();
    // The first 加载更多's answer arrives last, from before the refresh: dropped.
    await act(async () => late.release(ok(page(finished.slice(100), 150, 2))));
    await waitFor(() => expect(screen.getByText('加载更多')).toBeInTheDocument());
    expect(screen.queryByText('工单 f149')).toBeNull();
    expect(screen.getByText('另有 50 件较早的已结束工单')).toBeInTheDocument();
  });
});
