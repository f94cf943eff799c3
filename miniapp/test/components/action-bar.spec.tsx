import { fireEvent, render, screen } from '@testing-library/react';
import { OWNER_ACTION_LABELS, type CaseAction } from '@wuye/shared';
import { ActionBar } from '../../src/components/action-bar';

// Taro's Button is a <taro-button-core> web component, so look the buttons up by NutUI's class.
const buttonTexts = () =>
  Array.from(document.querySelectorAll('.action-bar__button')).map((button) => button.textContent?.trim());

describe('ActionBar', () => {
  it('shows one button per allowed action, in the given order, with Chinese labels', () => {
    render(<ActionBar actions={['accept', 'reply', 'cancel']} onAction={jest.fn()} />);
    expect(buttonTexts()).toEqual(['受理', '回复', '撤销']);
  });

  it('shows nothing the server did not allow', () => {
    render(<ActionBar actions={['urge']} onAction={jest.fn()} />);
    expect(buttonTexts()).toEqual(['催办']);
    expect(screen.queryByText('受理')).not.toBeInTheDocument();
    expect(screen.queryByText('撤销')).not.toBeInTheDocument();
  });

  it('renders no bar at all when no action is allowed', () => {
    const { container } = render(<ActionBar actions={[]} onAction={jest.fn()} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('uses the owner wording "撤回" for withdrawing', () => {
    render(<ActionBar actions={['urge', 'cancel']} labels={OWNER_ACTION_LABELS} onAction={jest.fn()} />);
    expect(buttonTexts()).toEqual(['催办', '撤回']);
  });

  it('tells the page which action was tapped', () => {
    const onAction = jest.fn<void, [CaseAction]>();
    render(<ActionBar actions={['start', 'hold', 'resolve']} onAction={onAction} />);
    fireEvent.click(screen.getByText('挂起'));
    expect(onAction).toHaveBeenCalledTimes(1);
    expect(onAction).toHaveBeenCalledWith('hold');
  });

  it('ignores taps on other actions while one is running', () => {
    const onAction = jest.fn();
    render(<ActionBar actions={['accept', 'cancel']} busy="accept" onAction={onAction} />);
    fireEvent.click(screen.getByText('撤销'));
    fireEvent.click(screen.getByText('受理'));
    expect(onAction).not.toHaveBeenCalled();
  });
});
