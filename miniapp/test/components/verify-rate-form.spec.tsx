import { screen, waitFor } from '@testing-library/react';
import { render } from '@testing-library/react';
import { RateForm, VerifyForm } from '../../src/components/verify-rate-form';
import { chooseChip, tapButton, tapStar, typeInto } from '../helpers';

describe('VerifyForm', () => {
  it('asks whether the problem was solved before sending anything', async () => {
    const onSubmit = jest.fn();
    render(<VerifyForm onSubmit={onSubmit} />);
    tapButton('提交确认');
    expect(await screen.findByRole('alert')).toHaveTextContent('请选择问题是否已解决');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends a plain "yes" without asking for a reason', async () => {
    const onSubmit = jest.fn();
    render(<VerifyForm onSubmit={onSubmit} />);
    chooseChip('是否解决', '已解决');
    expect(screen.queryByText('还有什么问题')).not.toBeInTheDocument();
    tapButton('提交确认');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ fixed: 'yes' }));
  });

  it('requires a reason when the owner says it is not fixed', async () => {
    const onSubmit = jest.fn();
    render(<VerifyForm onSubmit={onSubmit} />);
    chooseChip('是否解决', '未解决');
    tapButton('提交确认');
    expect(await screen.findByRole('alert')).toHaveTextContent('请说明还有什么问题没有解决');
    expect(onSubmit).not.toHaveBeenCalled();

    await typeInto('textarea', '  水龙头还在滴水  ');
    tapButton('提交确认');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ fixed: 'no', reason: '水龙头还在滴水' }));
  });

  it('also asks for a reason for "partly"', async () => {
    const onSubmit = jest.fn();
    render(<VerifyForm onSubmit={onSubmit} />);
    chooseChip('是否解决', '部分解决');
    expect(screen.getByText('还有什么问题')).toBeInTheDocument();
    await typeInto('textarea', '卧室的灯还不亮');
    tapButton('提交确认');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ fixed: 'partly', reason: '卧室的灯还不亮' }));
  });
});

describe('RateForm', () => {
  it('needs an overall score', async () => {
    const onSubmit = jest.fn();
    render(<RateForm onSubmit={onSubmit} />);
    tapButton('提交评价');
    expect(await screen.findByRole('alert')).toHaveTextContent('请给本次服务打个总体评分');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends the stars, the chosen tags and the comment', async () => {
    const onSubmit = jest.fn();
    render(<RateForm onSubmit={onSubmit} />);
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
    render(<RateForm onSubmit={onSubmit} />);
    tapStar('总体评分', 5);
    tapButton('提交评价');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ overall: 5 }));
  });
});
