import { render, screen } from '@testing-library/react';
import type { CaseDetailResponse } from '@wuye/shared';
import { CaseSummary } from '../../src/components/case-summary';

/** A confirmed repair's detail (only what the summary shows), visited this cycle or not. */
const confirmed = (cycleFollowedUp: boolean) =>
  ({
    id: 'c1', number: 'GD-20261130-0001', type: 'repair', category: '水电', channel: 'miniapp', urgency: 'normal',
    status: 'confirmed', description: '厨房水龙头漏水', houseLabel: '1栋 1单元 101', location: null, preferredTime: null,
    createdAt: '2026-11-30T02:00:00.000Z', respondBreached: false, resolveBreached: false, assigneeName: null,
    urgeCount: 0, reopenCount: 0, photoUrls: [], events: [], allowedActions: [], cycleVerification: 'yes',
    cycleRated: false, cycleFollowedUp,
  }) as unknown as CaseDetailResponse;

describe('CaseSummary status', () => {
  it('says a confirmed case waits for the visit until staff have visited', () => {
    render(<CaseSummary value={confirmed(false)} />);
    expect(screen.getByText('待回访')).toBeInTheDocument();
  });

  it('says a case visited before the owner rated waits for the rating, not for another visit', () => {
    render(<CaseSummary value={confirmed(true)} />);
    expect(screen.getByText('待评价')).toBeInTheDocument();
    expect(screen.queryByText('待回访')).not.toBeInTheDocument();
  });
});
