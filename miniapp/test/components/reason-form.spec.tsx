import { act, render, screen, waitFor } from '@testing-library/react';
import { ReasonForm } from '../../src/components/reason-form';
import { chooseChip, tapButton, typeInto } from '../helpers';

describe('ReasonForm', () => {
  it('asks for a reason, drops the request once one is chosen or typed, and sends it trimmed', async () => {
    const onSubmit = jest.fn();
    render(<ReasonForm title="撤回报事" presets={['已自行解决', '填写有误']} confirmText="确认撤回" onSubmit={onSubmit} onCancel={jest.fn()} />);
    tapButton('确认撤回');
    expect(await screen.findByRole('alert')).toHaveTextContent('请填写原因');
    expect(onSubmit).not.toHaveBeenCalled();
    chooseChip('常用原因', '填写有误');
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    await typeInto('textarea', '  房号选错了  ');
    tapButton('确认撤回');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith('房号选错了'));
  });

  it('sends once however often 确认 is tapped while the first is under way', async () => {
    let finish!: () => void;
    const onSubmit = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    render(<ReasonForm title="挂起工单" confirmText="确认挂起" onSubmit={onSubmit} onCancel={jest.fn()} />);
    await typeInto('textarea', '等待配件');
    // Both taps before the form re-renders, as in the mini-program, where the disabled state reaches
    // the view only after a round trip to its render thread.
    act(() => {
      tapButton('确认挂起');
      tapButton('确认挂起');
    });
    await act(async () => finish());
    expect(onSubmit).toHaveBeenCalledTimes(1);
    // Once the first is answered, the form takes a tap again (say, after the server refused it).
    tapButton('确认挂起');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(2));
  });
});
