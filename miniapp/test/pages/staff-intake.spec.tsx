import { act, render, screen, waitFor } from '@testing-library/react';
import type { CommunityResponse } from '@wuye/shared';
import StaffIntakePage from '../../src/pages/staff/intake/index';
import { sessionStore } from '../../src/services/session';
import { showPageAgain } from '../mocks/taro';
import { chooseChip, fakeApi, ok, tapButton } from '../helpers';
import { logInAs } from './case-fixtures';

const COMMUNITIES: CommunityResponse[] = [
  { id: 'c-hy', name: '和园', code: 'HY', categories: ['水电', '充电桩'] },
  { id: 'c-jx', name: '锦绣华庭', code: 'JX', categories: [] },
];

afterEach(() => sessionStore.clear());

describe('the staff intake page', () => {
  it('says when the communities could not be loaded and loads them on 重试; a reload that fails later (after a photo pick) keeps the form as filled in', async () => {
    logInAs('agent');
    const api = fakeApi({ 'GET /communities': ['offline', ok(COMMUNITIES)], 'GET /communities/c-hy/buildings': ok(['1栋']) });
    render(<StaffIntakePage />);
    expect(await screen.findByText('加载失败')).toBeInTheDocument();
    expect(screen.queryByRole('radiogroup', { name: '来源渠道' })).toBeNull();
    tapButton('重试');
    // Only the agent's own community is offered, with its own categories.
    expect(await screen.findByRole('radiogroup', { name: '来源渠道' })).toBeInTheDocument();
    expect(screen.queryByText('锦绣华庭')).toBeNull();
    chooseChip('问题分类', '充电桩');

    api.answer('GET /communities', 'offline');
    act(() => showPageAgain());
    await waitFor(() => expect(api.calls.filter((c) => c === 'GET /communities')).toHaveLength(3));
    expect(screen.queryByText('加载失败')).toBeNull();
    expect(screen.getByText('充电桩', { selector: '[role=radio]' })).toHaveAttribute('aria-checked', 'true');
  });
});
