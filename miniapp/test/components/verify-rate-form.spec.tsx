import { act, render, screen, waitFor } from '@testing-library/react';
import { RateForm, VerifyForm } from '../../src/components/verify-rate-form';
import { chooseChip, fakeApi, ok, photoStored, startUpload, tapButton, tapStar, typeInto } from '../helpers';

// Canvas compression is a browser matter; here the chosen file goes straight to the upload.
jest.mock('../../src/services/photos', () => ({
  choosePhotos: jest.fn(async () => ['blob:photo-1']),
  compressPhoto: jest.fn(async (path: string) => path),
}));

describe('VerifyForm', () => {
  it('keeps the photos chosen for 未解决 when the owner taps 已解决 and back, and sends them', async () => {
    const api = fakeApi({});
    const onSubmit = jest.fn();
    render(<VerifyForm type="repair" onSubmit={onSubmit} />);
    chooseChip('是否解决', '未解决');
    const upload = await startUpload();
    act(() => upload.options.success?.(photoStored('p-1')));
    expect(await screen.findByText('1/9')).toBeInTheDocument();
    chooseChip('是否解决', '已解决');
    chooseChip('是否解决', '未解决');
    expect(screen.getByText('1/9')).toBeInTheDocument();
    await typeInto('textarea', '还在漏水');
    tapButton('提交确认');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ fixed: 'no', reason: '还在漏水', photoIds: ['p-1'] }));
    expect(api.calls.filter((route) => route.startsWith('DELETE'))).toEqual([]);
  });

  it('deletes a photo whose upload ends after the form went', async () => {
    const api = fakeApi({ 'DELETE /uploads/p-late': ok(null) });
    const view = render(<VerifyForm type="repair" onSubmit={jest.fn()} />);
    chooseChip('是否解决', '未解决');
    const upload = await startUpload();
    view.unmount();
    expect(api.calls).toEqual([]);
    act(() => upload.options.success?.(photoStored('p-late')));
    await waitFor(() => expect(api.calls).toEqual(['DELETE /uploads/p-late']));
  });

  it('asks whether the problem was solved before sending anything', async () => {
    const onSubmit = jest.fn();
    render(<VerifyForm type="repair" onSubmit={onSubmit} />);
    tapButton('提交确认');
    expect(await screen.findByRole('alert')).toHaveTextContent('请先回答：问题解决了吗？');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends a plain "yes" without asking for a reason', async () => {
    const onSubmit = jest.fn();
    render(<VerifyForm type="repair" onSubmit={onSubmit} />);
    chooseChip('是否解决', '已解决');
    expect(screen.queryByText('还有什么问题')).not.toBeInTheDocument();
    tapButton('提交确认');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ fixed: 'yes' }));
  });

  it('requires a reason when the owner says it is not fixed', async () => {
    const onSubmit = jest.fn();
    render(<VerifyForm type="repair" onSubmit={onSubmit} />);
    chooseChip('是否解决', '未解决');
    tapButton('提交确认');
    expect(await screen.findByRole('alert')).toHaveTextContent('请说明还有什么问题没有解决');
    expect(onSubmit).not.toHaveBeenCalled();

    await typeInto('textarea', '  水龙头还在滴水  ');
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    tapButton('提交确认');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ fixed: 'no', reason: '水龙头还在滴水' }));
  });

  it('also asks for a reason for "partly"', async () => {
    const onSubmit = jest.fn();
    render(<VerifyForm type="repair" onSubmit={onSubmit} />);
    chooseChip('是否解决', '部分解决');
    expect(screen.getByText('还有什么问题')).toBeInTheDocument();
    await typeInto('textarea', '卧室的灯还不亮');
    tapButton('提交确认');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ fixed: 'partly', reason: '卧室的灯还不亮' }));
  });

  it('asks an inquiry whether it was answered, not whether it was fixed, with the same codes', async () => {
    const onSubmit = jest.fn();
    render(<VerifyForm type="inquiry" onSubmit={onSubmit} />);
    expect(screen.getByText('您的问题得到解答了吗？')).toBeInTheDocument();
    expect(screen.queryByText('问题解决了吗？')).not.toBeInTheDocument();
    tapButton('提交确认');
    expect(await screen.findByRole('alert')).toHaveTextContent('请先回答：您的问题得到解答了吗？');
    chooseChip('是否解答', '部分解答');
    expect(screen.getByText('还有什么不清楚')).toBeInTheDocument();
    // The question is answered: its line goes, and the box that just appeared is not scolded before the next tap.
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    tapButton('提交确认');
    expect(await screen.findByRole('alert')).toHaveTextContent('请说明还有哪些没有解答清楚');
    await typeInto('textarea', '停车费的发票怎么开');
    tapButton('提交确认');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ fixed: 'partly', reason: '停车费的发票怎么开' }));
  });

  it('asks about a suggestion’s answer and praise’s reply in their own words', () => {
    const { unmount } = render(<VerifyForm type="suggestion" onSubmit={jest.fn()} />);
    expect(screen.getByText('您的建议得到答复了吗？')).toBeInTheDocument();
    unmount();
    render(<VerifyForm type="praise" onSubmit={jest.fn()} />);
    expect(screen.getByText('收到物业的回复了吗？')).toBeInTheDocument();
    for (const answer of ['已收到', '未收到']) expect(screen.getByText(answer)).toBeInTheDocument();
    // No 部分/还有补充 for praise: it would reopen the case for an owner who meant to add a word of thanks.
    expect(screen.queryByText('还有补充')).not.toBeInTheDocument();
    expect(screen.queryByText('部分解决')).not.toBeInTheDocument();
  });

  it('offers the rating tags that fit the case: no 没修好 for an answered inquiry', () => {
    const { unmount } = render(<RateForm type="inquiry" onSubmit={jest.fn()} />);
    expect(screen.getByText('沟通清楚')).toBeInTheDocument();
    for (const tag of ['没修好', '干净整洁', '不守时']) expect(screen.queryByText(tag)).not.toBeInTheDocument();
    unmount();
    render(<RateForm type="repair" onSubmit={jest.fn()} />);
    expect(screen.getByText('没修好')).toBeInTheDocument();
  });
});

describe('RateForm', () => {
  it('needs an overall score, and stops saying so once it is given', async () => {
    const onSubmit = jest.fn();
    render(<RateForm type="repair" onSubmit={onSubmit} />);
    tapButton('提交评价');
    expect(await screen.findByRole('alert')).toHaveTextContent('请给本次服务打个总体评分');
    expect(onSubmit).not.toHaveBeenCalled();
    tapStar('总体评分', 4);
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  it('sends the stars, the chosen tags and the comment', async () => {
    const onSubmit = jest.fn();
    render(<RateForm type="repair" onSubmit={onSubmit} />);
    tapStar('总体评分', 4);
    tapStar('响应速度', 5);
    tapStar('服务态度', 3);
    chooseChip('评价标签', '响应快');
    chooseChip('评价标签', '态度好');
    chooseChip('评价标签', '响应快'); // tapped twice: deselected
    await typeInto('textarea', '师傅很耐心');
    tapButton('提交评价');
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({ overall: 4, speed: 5, attitude: 3, tags: ['态度好'], comment: '师傅很耐心' }),
    );
  });

  it('leaves out the scores and extras the owner skipped', async () => {
    const onSubmit = jest.fn();
    render(<RateForm type="repair" onSubmit={onSubmit} />);
    tapStar('总体评分', 5);
    tapButton('提交评价');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ overall: 5 }));
  });
});
