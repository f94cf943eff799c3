import { render, screen, waitFor } from '@testing-library/react';
import { CancelForm } from '../../src/pages/staff/components/action-forms';
import { chooseChip, tapButton, typeInto } from '../helpers';

describe('CancelForm', () => {
  it('keeps a duplicate a duplicate when the agent adds to the reason, and sends the case it duplicates', async () => {
    const onSubmit = jest.fn();
    render(<CancelForm onSubmit={onSubmit} onCancel={jest.fn()} />);
    chooseChip('撤销原因', '重复工单');
    await typeInto('textarea', '重复工单，与昨天 0007 号相同');
    tapButton('确认撤销');
    expect(await screen.findByRole('alert')).toHaveTextContent('请填写重复的工单编号');
    await typeInto('input', 'HY-20261129-0007');
    // The line goes as soon as what it asked for is there, not at the next tap.
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    tapButton('确认撤销');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ reason: '重复工单，与昨天 0007 号相同', duplicateOf: 'HY-20261129-0007' }));
  });

  it('sends a plain cancellation without a duplicate once another reason is chosen', async () => {
    const onSubmit = jest.fn();
    render(<CancelForm onSubmit={onSubmit} onCancel={jest.fn()} />);
    chooseChip('撤销原因', '重复工单');
    chooseChip('撤销原因', '无效报事');
    expect(screen.queryByText('与哪张工单重复')).not.toBeInTheDocument();
    tapButton('确认撤销');
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ reason: '无效报事' }));
  });
});
