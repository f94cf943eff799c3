import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { CaseResponse, Page } from '@wuye/shared';
import PersonCasesPage from '../../src/pages/staff/people/cases';
import StaffPeoplePage from '../../src/pages/staff/people/index';
import { sessionStore } from '../../src/services/session';
import { router } from '../mocks/taro';
import { fakeApi, ok } from '../helpers';
import { caseIn } from './case-fixtures';

const inHand = (id: string, description: string): CaseResponse =>
  ({ ...caseIn('in_progress', []), id, description, assigneeId: 'handler1', assigneeName: '张师傅' }) as CaseResponse;
const pageOf = (items: CaseResponse[], total = items.length): Page<CaseResponse> => ({ items, total, page: 1, pageSize: 100 });

beforeEach(() => {
  sessionStore.set({ token: 't', user: { id: 'admin', role: 'admin', name: '系统管理员', username: 'admin', communityIds: [] } });
});
afterEach(() => sessionStore.clear());

describe('在办工单 (the cases one person holds, to reassign)', () => {
  it('lists the handler\'s cases in hand — assigned, in progress, on hold — and opens each for 改派', async () => {
    router.params = { assignee: 'handler1', name: encodeURIComponent('张师傅') };
    const api = fakeApi({ 'GET /cases': ok(pageOf([inHand('c-1', '厨房水龙头漏水'), inHand('c-2', '楼道灯不亮')])) });
    render(<PersonCasesPage />);

    expect(await screen.findByText('张师傅手上的工单')).toBeInTheDocument();
    expect(screen.getByText(/共 2 件（已派单、处理中或挂起）/)).toBeInTheDocument();
    expect(api.sent.find((r) => r.route === 'GET /cases')?.query).toMatchObject({ assignee: 'handler1', status: 'assigned,in_progress,on_hold' });
    fireEvent.click(screen.getByText('楼道灯不亮'));
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/staff/case/index?id=c-2' });
  });

  it('says when nothing is left in hand, so the stop can go ahead', async () => {
    router.params = { assignee: 'handler1', name: '张师傅' };
    fakeApi({ 'GET /cases': ok(pageOf([])) });
    render(<PersonCasesPage />);
    expect(await screen.findByText('没有在办的工单，可以停用或调整其角色和小区。')).toBeInTheDocument();
  });

  it('is linked from each handler\'s card in 人员管理', async () => {
    fakeApi({
      'GET /communities': ok([{ id: 'c-hy', name: '和园', code: 'HY', categories: [] }]),
      'GET /staff': ok([
        { id: 'handler1', username: 'handler1', name: '张师傅', role: 'handler', communityIds: ['c-hy'], active: true },
        { id: 'agent1', username: 'agent1', name: '李客服', role: 'agent', communityIds: ['c-hy'], active: true },
      ]),
    });
    render(<StaffPeoplePage />);
    const handlerCard = await screen.findByLabelText('人员 张师傅');
    expect(screen.getByLabelText('人员 李客服')).not.toHaveTextContent('查看在办工单');
    fireEvent.click(handlerCard.querySelector('.link')!);
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: `/pages/staff/people/cases?assignee=handler1&name=${encodeURIComponent('张师傅')}` });
  });

  it('is linked from a handler\'s 修改 form too, where a refused change asks to reassign first', async () => {
    fakeApi({
      'GET /communities': ok([{ id: 'c-hy', name: '和园', code: 'HY', categories: [] }]),
      'GET /staff': ok([{ id: 'handler1', username: 'handler1', name: '张师傅', role: 'handler', communityIds: ['c-hy'], active: true }]),
    });
    render(<StaffPeoplePage />);
    const card = await screen.findByLabelText('人员 张师傅');
    const edit = Array.from(card.querySelectorAll('.nut-button')).find((b) => b.textContent?.includes('修改'))!;
    fireEvent.click(edit);
    fireEvent.click(await screen.findByText('查看在办工单'));
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: `/pages/staff/people/cases?assignee=handler1&name=${encodeURIComponent('张师傅')}` });
  });
});
