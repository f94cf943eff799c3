import { render, screen, waitFor } from '@testing-library/react';
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
});
