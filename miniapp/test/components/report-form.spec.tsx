import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { NETWORK_ERROR_MESSAGE, type CommunityResponse } from '@wuye/shared';
import { ReportForm, type HouseOption } from '../../src/components/report-form';
import { chooseChip, errorUnder, fakeApi, ok, photoStored, startUpload, tapButton, typeInto } from '../helpers';

// Canvas compression is a browser matter; here the chosen file goes straight to the upload.
jest.mock('../../src/services/photos', () => ({
  choosePhotos: jest.fn(async () => ['blob:photo-1']),
  compressPhoto: jest.fn(async (path: string) => path),
}));

const communities: CommunityResponse[] = [
  { id: 'c-hy', name: '和园', code: 'HY', categories: ['水电', '电梯', '门窗'] },
  { id: 'c-jx', name: '锦绣华庭', code: 'JX', categories: ['停车', '绿化'] },
];
const houses: HouseOption[] = [
  { id: 'h-1', label: '和园 1栋 1单元 101', communityId: 'c-hy' },
  { id: 'h-2', label: '锦绣华庭 2栋 1单元 502', communityId: 'c-jx' },
];

function renderForm(onSubmit = jest.fn()) {
  render(<ReportForm mode="owner" communities={communities} houses={houses} onSubmit={onSubmit} />);
  return onSubmit;
}

/** The line beside 提交 counting what is still wrong above. */
const problemCount = () => screen.queryByText(/^还有 \d+ 项未完成/);

describe('ReportForm (owner)', () => {
  it('names every missing field at once, each under its own field, and clears each one as it is fixed', async () => {
    const onSubmit = renderForm();
    expect(errorUnder('房屋')).toBeNull(); // nothing said before the first 提交
    tapButton('提交');
    expect(errorUnder('房屋')).toBe('请选择房屋');
    expect(errorUnder('问题分类')).toBe('请选择问题分类');
    expect(errorUnder('问题描述')).toBe('请描述遇到的问题');
    expect(problemCount()).toHaveTextContent('还有 3 项未完成，见上方提示');
    expect(onSubmit).not.toHaveBeenCalled();

    chooseChip('房屋', '和园 1栋 1单元 101');
    expect(errorUnder('房屋')).toBeNull();
    expect(errorUnder('问题分类')).toBe('请选择问题分类');
    expect(problemCount()).toHaveTextContent('还有 2 项未完成');
    chooseChip('问题分类', '水电');
    await typeInto('textarea', '厨房水龙头漏水');
    expect(errorUnder('问题描述')).toBeNull();
    expect(problemCount()).toBeNull();
    tapButton('提交');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ houseId: 'h-1', category: '水电' })));
  });

  it('does not send a house taken away while the form was open, nor another in its place: the owner chooses again', async () => {
    const onSubmit = jest.fn();
    const { rerender } = render(<ReportForm mode="owner" communities={communities} houses={houses} onSubmit={onSubmit} />);
    chooseChip('房屋', '锦绣华庭 2栋 1单元 502');
    chooseChip('问题分类', '停车');
    await typeInto('textarea', '车位被占');
    // Back from picking photos, the houses read again: 锦绣华庭's binding has ended.
    const three = [houses[0], { id: 'h-3', label: '和园 3栋 1单元 301', communityId: 'c-hy' }];
    rerender(<ReportForm mode="owner" communities={communities} houses={three} onSubmit={onSubmit} />);
    tapButton('提交');
    expect(errorUnder('房屋')).toBe('请选择房屋');
    expect(onSubmit).not.toHaveBeenCalled();
    // Only one house left: still not chosen for the owner, who had picked another.
    rerender(<ReportForm mode="owner" communities={communities} houses={[houses[0]]} onSubmit={onSubmit} />);
    tapButton('提交');
    expect(errorUnder('房屋')).toBe('请选择房屋');
    expect(onSubmit).not.toHaveBeenCalled();
    chooseChip('房屋', '和园 1栋 1单元 101');
    chooseChip('问题分类', '水电');
    tapButton('提交');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ houseId: 'h-1', category: '水电' })));
  });

  it('offers the categories of the chosen house’s community', () => {
    renderForm();
    chooseChip('房屋', '锦绣华庭 2栋 1单元 502');
    expect(screen.getByText('停车')).toBeInTheDocument();
    expect(screen.queryByText('电梯')).not.toBeInTheDocument();
    chooseChip('房屋', '和园 1栋 1单元 101');
    expect(screen.getByText('电梯')).toBeInTheDocument();
  });

  it('does not send a category the newly chosen house’s community does not have', async () => {
    const onSubmit = renderForm();
    chooseChip('房屋', '和园 1栋 1单元 101');
    chooseChip('问题分类', '电梯');
    await typeInto('textarea', '电梯异响');
    chooseChip('房屋', '锦绣华庭 2栋 1单元 502');
    tapButton('提交');
    expect(errorUnder('问题分类')).toBe('请选择问题分类');
    expect(problemCount()).toHaveTextContent('还有 1 项未完成');
    expect(onSubmit).not.toHaveBeenCalled();
    chooseChip('问题分类', '停车');
    tapButton('提交');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ houseId: 'h-2', category: '停车' })));
  });

  it('submits a repair for the owner’s house with what they chose', async () => {
    const onSubmit = renderForm();
    chooseChip('类型', '报修');
    chooseChip('房屋', '和园 1栋 1单元 101');
    chooseChip('问题分类', '水电');
    await typeInto('textarea', ' 厨房水龙头漏水 ');
    chooseChip('紧急程度', '紧急');
    chooseChip('期望上门时间', '明天上午');
    tapButton('提交');
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({
        type: 'repair',
        category: '水电',
        description: '厨房水龙头漏水',
        urgency: 'urgent',
        houseId: 'h-1',
        preferredTime: '明天上午',
      }),
    );
  });

  it('asks for a visit time only for a repair in the owner’s home, and does not send one chosen before switching', async () => {
    const onSubmit = renderForm();
    chooseChip('房屋', '和园 1栋 1单元 101');
    chooseChip('期望上门时间', '周末');
    chooseChip('类型', '咨询');
    expect(screen.queryByText('期望上门时间')).not.toBeInTheDocument();
    chooseChip('类型', '报修');
    chooseChip('位置', '公共区域');
    expect(screen.queryByText('期望上门时间')).not.toBeInTheDocument();
    chooseChip('位置', '我的房屋');
    expect(screen.getByText('期望上门时间')).toBeInTheDocument();
    chooseChip('类型', '表扬');
    chooseChip('问题分类', '水电');
    await typeInto('textarea', '师傅修得很好');
    tapButton('提交');
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0][0]).not.toHaveProperty('preferredTime');
  });

  it('does not send a public area of a community no longer offered (the owner’s last house there taken away)', async () => {
    const onSubmit = jest.fn();
    const { rerender } = render(<ReportForm mode="owner" communities={communities} houses={houses} onSubmit={onSubmit} />);
    chooseChip('位置', '公共区域');
    chooseChip('小区', '锦绣华庭');
    chooseChip('问题分类', '停车');
    await typeInto('textarea', '地库积水');
    await typeInto('input', '地库入口');
    rerender(<ReportForm mode="owner" communities={[communities[0]]} houses={[houses[0]]} onSubmit={onSubmit} />);
    tapButton('提交');
    expect(errorUnder('小区')).toBe('请选择小区');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends a public-area report with its community and location instead of a house', async () => {
    const onSubmit = renderForm();
    chooseChip('类型', '投诉');
    chooseChip('位置', '公共区域');
    chooseChip('小区', '和园');
    chooseChip('问题分类', '电梯');
    await typeInto('textarea', '电梯经常停运');
    tapButton('提交');
    expect(errorUnder('具体位置')).toBe('请填写公共区域的具体位置');
    await typeInto('input', '3栋 2单元电梯厅');
    tapButton('提交');
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({
        type: 'complaint',
        category: '电梯',
        description: '电梯经常停运',
        urgency: 'normal',
        communityId: 'c-hy',
        location: '3栋 2单元电梯厅',
      }),
    );
  });

  it('lets a public area be one building of the chosen community, and forgets it when the community changes', async () => {
    fakeApi({ 'GET /communities/c-hy/buildings': ok(['1栋', '2栋']), 'GET /communities/c-jx/buildings': ok(['A座']) });
    const onSubmit = renderForm();
    chooseChip('位置', '公共区域');
    chooseChip('小区', '和园');
    await screen.findByText('2栋');
    chooseChip('楼栋', '2栋');
    chooseChip('问题分类', '电梯');
    await typeInto('textarea', '电梯经常停运');
    await typeInto('input', '2单元电梯厅');
    tapButton('提交');
    await waitFor(() => expect(onSubmit).toHaveBeenLastCalledWith(expect.objectContaining({ communityId: 'c-hy', building: '2栋', location: '2单元电梯厅' })));

    chooseChip('小区', '锦绣华庭');
    await screen.findByText('A座');
    expect(screen.getByLabelText('楼栋', { selector: '[role=radiogroup]' }).querySelector('[aria-checked=true]')?.textContent).toBe('整个小区');
    chooseChip('问题分类', '停车');
    tapButton('提交');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(2));
    expect(onSubmit.mock.lastCall[0]).toMatchObject({ communityId: 'c-jx', location: '2单元电梯厅' });
    expect(onSubmit.mock.lastCall[0]).not.toHaveProperty('building');
  });

  it('uploads a photo with visible progress and sends its id; waits while it uploads', async () => {
    const onSubmit = renderForm();
    chooseChip('房屋', '和园 1栋 1单元 101');
    chooseChip('问题分类', '门窗');
    await typeInto('textarea', '窗户关不上');

    const upload = await startUpload();
    expect(upload.options).toMatchObject({ url: '/api/uploads', filePath: 'blob:photo-1', name: 'file' });

    act(() => upload.progress(40));
    expect(await screen.findByText('上传中 40%')).toBeInTheDocument();
    tapButton('提交');
    expect(errorUnder('照片（最多 9 张）')).toBe('照片还在上传，请稍候');
    expect(onSubmit).not.toHaveBeenCalled();

    act(() => upload.options.success?.(photoStored('p-1')));
    await waitFor(() => expect(screen.queryByText(/上传中/)).not.toBeInTheDocument());
    expect(screen.getByText('1/9')).toBeInTheDocument();

    tapButton('提交');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ photoIds: ['p-1'], category: '门窗' })));
  });

  it('deletes a removed photo on the server, quietly, and does not send it', async () => {
    const api = fakeApi({ 'DELETE /uploads/p-1': 'offline' });
    const onSubmit = renderForm();
    chooseChip('房屋', '和园 1栋 1单元 101');
    chooseChip('问题分类', '门窗');
    await typeInto('textarea', '窗户关不上');
    const upload = await startUpload();
    act(() => upload.options.success?.(photoStored('p-1')));
    expect(await screen.findByText('1/9')).toBeInTheDocument();

    await act(async () => {
      screen.getByLabelText('删除照片').click();
    });
    expect(screen.getByText('0/9')).toBeInTheDocument();
    // Removed from the server's count of photos waiting; a failure there is the server's cleanup's to finish, not a toast.
    await waitFor(() => expect(api.calls).toContain('DELETE /uploads/p-1'));
    expect(Taro.showToast).not.toHaveBeenCalled();
    tapButton('提交');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.lastCall[0]).not.toHaveProperty('photoIds');
  });

  it('deletes the photos of a form that goes without sending them (the page left)', async () => {
    const api = fakeApi({ 'DELETE /uploads/p-1': ok(null) });
    render(<ReportForm mode="owner" communities={communities} houses={houses} onSubmit={jest.fn()} />);
    const upload = await startUpload();
    act(() => upload.options.success?.(photoStored('p-1')));
    expect(await screen.findByText('1/9')).toBeInTheDocument();
    expect(api.calls).toEqual([]);
    cleanup();
    await waitFor(() => expect(api.calls).toEqual(['DELETE /uploads/p-1']));
  });

  it('says a photo is too big when the proxy in front refuses it with its own page (413, no code)', async () => {
    renderForm();
    const upload = await startUpload();
    act(() => upload.options.success?.({ statusCode: 413, data: '<html><head><title>413 Request Entity Too Large</title></head></html>' }));
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '图片太大（最大 10 MB）' })));
    expect(screen.getByText('0/9')).toBeInTheDocument();
  });

  it('shows the server’s Chinese message when an upload is refused', async () => {
    renderForm();
    const upload = await startUpload();
    act(() =>
      upload.options.success?.({ statusCode: 415, data: JSON.stringify({ statusCode: 415, code: 'UPLOAD_TYPE_INVALID', message: '只支持 JPG、PNG、WebP 图片' }) }),
    );
    await waitFor(() =>
      expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '只支持 JPG、PNG、WebP 图片' })),
    );
    expect(screen.getByText('0/9')).toBeInTheDocument();
  });

  it('lets go of a photo whose upload was answered with something other than the API\'s JSON (a portal page), saying so', async () => {
    renderForm();
    const upload = await startUpload();
    act(() => upload.options.success?.({ statusCode: 200, data: '<html>请先登录 Wi-Fi</html>' }));
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: NETWORK_ERROR_MESSAGE })));
    // Not 上传中 for ever, blocking 提交: the photo is gone and the form can be sent.
    expect(screen.getByText('0/9')).toBeInTheDocument();
  });
});

/** The intake form with 和园 1栋 1单元 101 picked; returns its onSubmit. */
async function intakeWith101Picked(routes = {}) {
  fakeApi({
    'GET /communities/c-hy/buildings': ok(['1栋']),
    'GET /communities/c-hy/houses': ok([{ id: 'h-101', communityId: 'c-hy', building: '1栋', unit: '1单元', room: '101' }]),
    ...routes,
  });
  const onSubmit = jest.fn();
  render(<ReportForm mode="intake" communities={communities} onSubmit={onSubmit} />);
  chooseChip('小区', '和园');
  chooseChip('楼栋', await screen.findByText('1栋').then(() => '1栋'));
  chooseChip('房号', await screen.findByText('101').then(() => '101'));
  return onSubmit;
}

describe('ReportForm (intake)', () => {
  it('names every missing field at once, the house’s under the house picker', () => {
    const onSubmit = jest.fn();
    render(<ReportForm mode="intake" communities={communities} onSubmit={onSubmit} />);
    tapButton('提交');
    expect(errorUnder('联系电话')).toBe('请填写联系人或联系电话');
    expect(screen.getByText('请选择房屋').parentElement).toContainElement(screen.getByRole('radiogroup', { name: '小区' }));
    expect(errorUnder('问题分类')).toBe('请选择问题分类');
    expect(errorUnder('问题描述')).toBe('请描述遇到的问题');
    expect(errorUnder('来源渠道')).toBeNull(); // 电话 is chosen from the start
    expect(problemCount()).toHaveTextContent('还有 4 项未完成，见上方提示');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('says under 联系电话 what a phone may hold, before the server would refuse it', async () => {
    const onSubmit = jest.fn();
    render(<ReportForm mode="intake" communities={communities} onSubmit={onSubmit} />);
    await typeInto('input', '0755-1234567转8', 1);
    tapButton('提交');
    expect(errorUnder('联系电话')).toBe('电话只能填数字（可含空格、+、-），5 至 20 位；分机号等请写在问题描述中');
    await typeInto('input', '0755-1234567', 1);
    expect(errorUnder('联系电话')).toBeNull();
  });

  it('does not send a house picked in another community after the 小区 was changed (for a public area and back)', async () => {
    const onSubmit = await intakeWith101Picked({ 'GET /communities/c-jx/buildings': ok([]) });
    chooseChip('位置', '公共区域');
    chooseChip('小区', '锦绣华庭');
    chooseChip('位置', '房屋');
    await typeInto('input', '王先生', 0);
    chooseChip('问题分类', '停车');
    await typeInto('textarea', '车位被占');
    tapButton('提交');
    expect(errorUnder('问题分类')).toBeNull();
    expect(screen.getByText('请选择房屋')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('forgets the house when 位置 goes to 公共区域 and back in the same 小区: the picker is empty again and asks for a house', async () => {
    const onSubmit = await intakeWith101Picked();
    chooseChip('位置', '公共区域');
    chooseChip('位置', '房屋');
    await screen.findByText('1栋');
    expect(screen.queryByRole('radiogroup', { name: '房号' })).toBeNull(); // no building chosen: no rooms shown
    await typeInto('input', '王先生', 0);
    chooseChip('问题分类', '水电');
    await typeInto('textarea', '水管漏水');
    tapButton('提交');
    expect(screen.getByText('请选择房屋')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('takes the visit time a caller gives for a repair in their home, as the owner\'s form does', async () => {
    const onSubmit = await intakeWith101Picked();
    await typeInto('input', '王先生', 0);
    chooseChip('问题分类', '水电');
    await typeInto('textarea', '电话报修：水管漏水');
    chooseChip('期望上门时间', '明天上午');
    tapButton('提交');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ houseId: 'h-101', preferredTime: '明天上午' })));
  });

  it('keeps the house when the chosen 房屋 chip is tapped again', async () => {
    const onSubmit = await intakeWith101Picked();
    chooseChip('位置', '房屋');
    await typeInto('input', '王先生', 0);
    chooseChip('问题分类', '水电');
    await typeInto('textarea', '水管漏水');
    tapButton('提交');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ houseId: 'h-101' })));
  });
});
