import { act, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { CommunityResponse, Role } from '@wuye/shared';
import CommunitiesPage from '../../src/pages/staff/communities/index';
import { sessionStore } from '../../src/services/session';
import { chooseChip, errorUnder, fakeApi, held, ok, refused, tapButton, typeInto } from '../helpers';

const HY: CommunityResponse = { id: 'c-hy', name: '和园', code: 'HY', categories: ['水电'] };
const NEW: CommunityResponse = { id: 'c-new', name: '滨江花园', code: 'BJ', categories: ['水电'] };

function logInAs(role: Role) {
  sessionStore.set({ token: 't-1', user: { id: 'u-1', role, name: '管理员', username: 'admin', communityIds: [] } });
}
afterEach(() => sessionStore.clear());

/** The inputs of the form named `form` (aria-label), in order. */
const inputsOf = (form: string) => within(screen.getByLabelText(form)).getAllByRole('textbox', { hidden: true });
async function fill(form: string, values: string[]) {
  for (const [i, value] of values.entries()) if (value !== null) await typeInto('input', value, i, screen.getByLabelText(form));
}

describe('staff communities page (小区与房屋)', () => {
  it('creates a community with its code in capitals, then offers to add its first houses', async () => {
    logInAs('admin');
    const api = fakeApi({
      'GET /communities': [ok([HY]), ok([HY, NEW])],
      'POST /communities': { statusCode: 201, data: NEW },
      'GET /communities/c-hy/buildings': ok(['1栋']),
      'GET /communities/c-new/buildings': ok([]),
    });
    render(<CommunitiesPage />);
    expect(await screen.findByText('1栋')).toBeInTheDocument();
    chooseChip('小区', '＋ 新建小区');
    tapButton('确认新建');
    expect(errorUnder('小区名称')).toBe('请填写小区名称');
    expect(errorUnder('编码')).toBe('编码为 2–10 位大写字母或数字，字母开头，如 HY');
    await fill('新建小区', ['滨江花园', 'bj']);
    expect(errorUnder('编码')).toBeNull();
    tapButton('确认新建');
    await waitFor(() => expect(api.sent.find((r) => r.route === 'POST /communities')?.data).toEqual({ name: '滨江花园', code: 'BJ' }));
    expect(await screen.findByText('还没有房屋：添加后业主才能绑定房屋、报事')).toBeInTheDocument();
    expect(screen.getByText('滨江花园（编码 BJ）')).toBeInTheDocument();
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已新建小区，请添加房屋' }));
  });

  it('keeps the form as typed when the code is taken', async () => {
    logInAs('admin');
    fakeApi({ 'GET /communities': ok([HY]), 'POST /communities': refused('COMMUNITY_CODE_TAKEN'), 'GET /communities/c-hy/buildings': ok([]) });
    render(<CommunitiesPage />);
    await screen.findByText('和园（编码 HY）');
    chooseChip('小区', '＋ 新建小区');
    await fill('新建小区', ['和园二期', 'HY']);
    tapButton('确认新建');
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalled());
    expect(inputsOf('新建小区').map((i) => (i as HTMLInputElement).value)).toEqual(['和园二期', 'HY']);
  });

  it('adds a building’s houses, floors × rooms in each unit, after saying how many; counts those that were there', async () => {
    logInAs('admin');
    const api = fakeApi({
      'GET /communities': ok([HY]),
      'GET /communities/c-hy/buildings': [ok(['1栋']), ok(['1栋', '5栋'])],
      'POST /communities/c-hy/houses': { statusCode: 201, data: { created: 6 } },
    });
    render(<CommunitiesPage />);
    await screen.findByText('1栋');
    tapButton('添加房屋');
    expect(errorUnder('楼栋')).toBe('请填写楼栋，如：5栋');
    expect(errorUnder('最高楼层')).toBe('最高楼层为 1–99 的整数');
    expect(errorUnder('每层户数')).toBe('每层户数为 1–99 的整数');
    expect(api.calls).not.toContain('POST /communities/c-hy/houses');

    await fill('添加房屋', ['5栋', '1单元 2单元', '1', '2', '2']);
    expect(screen.getByText('共 8 户：5栋 1单元 101 至 5栋 2单元 202')).toBeInTheDocument();
    tapButton('添加房屋');
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({
      content: '将在 和园 添加 8 户（5栋 1单元 101 至 5栋 2单元 202），已有的房屋不会重复添加。',
    })));
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已添加 6 户，2 户已存在' })));
    const sent = api.sent.find((r) => r.route === 'POST /communities/c-hy/houses')?.data as { houses: unknown[] };
    expect(sent.houses).toHaveLength(8);
    expect(sent.houses[0]).toEqual({ building: '5栋', unit: '1单元', room: '101' });
    expect(await screen.findByText('5栋', { selector: '[role=radio]' })).toBeInTheDocument();
  });

  describe('correcting houses entered wrongly', () => {
    const H101 = { id: 'h-101', communityId: 'c-hy', building: '1栋', unit: '1单元', room: '101' };
    const H102 = { id: 'h-102', communityId: 'c-hy', building: '1栋', unit: '1单元', room: '102' };
    const routes = {
      'GET /communities': ok([HY]),
      'GET /communities/c-hy/buildings': ok(['1栋']),
      'GET /communities/c-hy/houses': ok([H102, H101]),
    };
    const pickHouse = async (label: string) => {
      render(<CommunitiesPage />);
      await screen.findByText('1栋', { selector: '[role=radio]' });
      chooseChip('楼栋列表', '1栋');
      await screen.findByText(label, { selector: '[role=radio]' });
      chooseChip('房屋', label);
    };

    it('changes only what was corrected, and says so', async () => {
      logInAs('admin');
      const api = fakeApi({ ...routes, 'PATCH /communities/c-hy/houses/h-101': ok({ ...H101, room: '103' }) });
      await pickHouse('1单元 101');
      await waitFor(() => expect(inputsOf('修改房屋').map((i) => (i as HTMLInputElement).value)).toEqual(['1栋', '1单元', '101']));
      await typeInto('input', '103', 2, screen.getByLabelText('修改房屋'));
      tapButton('保存修改');
      await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已修改房屋' })));
      expect(api.sent.find((r) => r.route === 'PATCH /communities/c-hy/houses/h-101')?.data).toEqual({ room: '103' });
    });

    it('deletes a house after asking; one the server keeps (a binding names it) stays, with its reason', async () => {
      logInAs('admin');
      const api = fakeApi({ ...routes, 'DELETE /communities/c-hy/houses/h-101': [refused('HOUSE_IN_USE'), { statusCode: 204, data: '' }] });
      await pickHouse('1单元 101');
      tapButton('删除房屋');
      await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该房屋已有工单或业主绑定记录，不能删除' })));
      expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '删除房屋', content: '删除 1栋 1单元 101？已有工单或业主绑定记录的房屋不能删除。' }));
      expect(screen.getByLabelText('修改房屋')).toBeInTheDocument();
      tapButton('删除房屋');
      await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已删除房屋' })));
      expect(api.calls.filter((c) => c === 'DELETE /communities/c-hy/houses/h-101')).toHaveLength(2);
      expect(screen.queryByLabelText('修改房屋')).not.toBeInTheDocument();
    });
  });

  it('sends a large building in batches the API takes, and adds up what was added', async () => {
    logInAs('admin');
    const api = fakeApi({
      'GET /communities': ok([HY]),
      'GET /communities/c-hy/buildings': ok([]),
      'POST /communities/c-hy/houses': [{ statusCode: 201, data: { created: 1000 } }, { statusCode: 201, data: { created: 150 } }],
    });
    render(<CommunitiesPage />);
    await screen.findByText('还没有房屋：添加后业主才能绑定房屋、报事');
    await fill('添加房屋', ['A区12号楼', '1单元 2单元', '1', '30', '20']);
    expect(screen.getByText('共 1200 户：A区12号楼 1单元 101 至 A区12号楼 2单元 3020')).toBeInTheDocument();
    tapButton('添加房屋');
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已添加 1150 户，50 户已存在' })));
    const batches = api.sent.filter((r) => r.route === 'POST /communities/c-hy/houses').map((r) => (r.data as { houses: unknown[] }).houses);
    expect(batches.map((b) => b.length)).toEqual([1000, 200]);
    expect(batches[1][199]).toEqual({ building: 'A区12号楼', unit: '2单元', room: '3020' });
  });

  it('says how far a large building got when a later batch fails, shows what went in, and keeps the plan for another try', async () => {
    logInAs('admin');
    const api = fakeApi({
      'GET /communities': ok([HY]),
      'GET /communities/c-hy/buildings': [ok([]), ok(['A区12号楼'])],
      'POST /communities/c-hy/houses': [{ statusCode: 201, data: { created: 1000 } }, 'offline'],
    });
    render(<CommunitiesPage />);
    await screen.findByText('还没有房屋：添加后业主才能绑定房屋、报事');
    await fill('添加房屋', ['A区12号楼', '1单元 2单元', '1', '30', '20']);
    tapButton('添加房屋');
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({
      title: '部分未完成', content: expect.stringContaining('已添加 1000 户，其余 200 户未完成'),
    })));
    expect(await screen.findByText('A区12号楼')).toBeInTheDocument();
    expect(screen.getByText('共 1200 户：A区12号楼 1单元 101 至 A区12号楼 2单元 3020')).toBeInTheDocument();
    expect(api.calls.filter((c) => c === 'POST /communities/c-hy/houses')).toHaveLength(2);
  });

  it('creates a community once however fast 确认新建 is tapped twice', async () => {
    logInAs('admin');
    const answer = held();
    const api = fakeApi({ 'GET /communities': ok([HY]), 'GET /communities/c-hy/buildings': ok([]), 'POST /communities': answer.reply });
    render(<CommunitiesPage />);
    await screen.findByText('和园（编码 HY）');
    chooseChip('小区', '＋ 新建小区');
    await fill('新建小区', ['滨江花园', 'BJ']);
    // Both taps before the page re-renders, as in the mini-program, where the disabled state reaches
    // the view only after a round trip to its render thread.
    act(() => {
      tapButton('确认新建');
      tapButton('确认新建');
    });
    answer.release({ statusCode: 201, data: NEW });
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已新建小区，请添加房屋' })));
    expect(api.calls.filter((c) => c === 'POST /communities')).toHaveLength(1);
  });

  it('renames a community', async () => {
    logInAs('admin');
    const api = fakeApi({
      'GET /communities': [ok([HY]), ok([{ ...HY, name: '和园一期' }])],
      'GET /communities/c-hy/buildings': ok([]),
      'PATCH /communities/c-hy': ok({ ...HY, name: '和园一期' }),
    });
    render(<CommunitiesPage />);
    await screen.findByText('和园（编码 HY）');
    await typeInto('input', '和园一期', 0, screen.getByLabelText('小区信息'));
    tapButton('保存名称');
    await waitFor(() => expect(api.sent.find((r) => r.route === 'PATCH /communities/c-hy')?.data).toEqual({ name: '和园一期' }));
    expect(await screen.findByText('和园一期（编码 HY）')).toBeInTheDocument();
  });

  it('is for admins only', async () => {
    logInAs('supervisor');
    const api = fakeApi({});
    render(<CommunitiesPage />);
    expect(screen.getByText('仅管理员可管理小区与房屋')).toBeInTheDocument();
    expect(api.calls).toEqual(['GET /me']); // only the user, read again as every staff page shows
  });
});
