import { render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ContactLine } from '../../src/pages/staff/components/contact-line';

describe('the contact line staff see', () => {
  it('dials a whole phone number with a tap, and leaves a masked one (a handler before assignment) as text', () => {
    const call = Taro.makePhoneCall as unknown as jest.Mock;
    const { unmount } = render(<ContactLine value={{ contactName: '吴女士', contactPhone: '13800000000' }} />);
    expect(screen.getByText(/联系人：吴女士/)).toBeInTheDocument();
    screen.getByText('13800000000').click();
    expect(call).toHaveBeenCalledWith({ phoneNumber: '13800000000' });
    unmount();
    call.mockClear();
    render(<ContactLine value={{ contactName: '吴女士', contactPhone: '138****0000' }} />);
    screen.getByText(/138\*\*\*\*0000/).click();
    expect(call).not.toHaveBeenCalled();
  });

  it('says nothing when the case has no contact', () => {
    const { container } = render(<ContactLine value={{ contactName: null, contactPhone: null }} />);
    expect(container).toBeEmptyDOMElement();
  });
});
