import { render, screen } from '@testing-library/react';
import type { CaseDetailResponse, CaseStatus } from '@wuye/shared';
import { CaseCard, CaseSummary } from '../../src/components/case-summary';

/** A confirmed repair's detail (only what the summary shows), visited this cycle or not. */
const confirmed = (cycleFollowedUp: boolean) =>
  ({
    id: 'c1', number: 'GD-20261130-0001', type: 'repair', category: '水电', channel: 'miniapp', urgency: 'normal',
    status: 'confirmed', description: '厨房水龙头漏水', houseLabel: '1栋 1单元 101', location: null, preferredTime: null,
    createdAt: '2026-11-30T02:00:00.000Z', respondBreached: false, resolveBreached: false, overdue: false, assigneeName: null,
    urgeCount: 0, reopenCount: 0, photoUrls: [], events: [], allowedActions: [], cycleVerification: 'yes',
    cycleRated: false, cycleFollowedUp,
  }) as unknown as CaseDetailResponse;

describe('CaseSummary deadlines', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-30T04:00:00Z'), doNotFake: ['setTimeout', 'setInterval', 'nextTick', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  it('tells the owner until when to answer a resolution, and what happens after, addressed to them', () => {
    const resolved = { ...confirmed(false), status: 'resolved', verifyDueAt: '2026-12-03T02:00:00.000Z' } as CaseDetailResponse;
    const { unmount } = render(<CaseSummary value={resolved} owner />);
    expect(screen.getByText('请于 12-03 10:00 前确认处理结果，逾期视为已解决（不计评价）')).toBeInTheDocument();
    unmount();
    render(<CaseSummary value={resolved} />);
    expect(screen.getByText('请业主于 12-03 10:00 前确认处理结果，逾期视为已解决（不计评价）')).toBeInTheDocument();
  });

  it('says what an unanswered resolution counts as in the type’s words: an answered inquiry 已解答, praise 已收到', () => {
    const resolved = { ...confirmed(false), status: 'resolved', verifyDueAt: '2026-12-03T02:00:00.000Z' } as CaseDetailResponse;
    const { unmount } = render(<CaseSummary value={{ ...resolved, type: 'inquiry' }} owner />);
    expect(screen.getByText('请于 12-03 10:00 前确认处理结果，逾期视为已解答（不计评价）')).toBeInTheDocument();
    unmount();
    render(<CaseSummary value={{ ...resolved, type: 'praise' }} owner />);
    expect(screen.getByText('请于 12-03 10:00 前确认处理结果，逾期视为已收到（不计评价）')).toBeInTheDocument();
  });

  it('says a confirmed case waits for the owner’s rating, and until when (to the owner: 请于…)', () => {
    const awaiting = { ...confirmed(false), followUpRequired: null, verifyDueAt: '2026-12-03T02:00:00.000Z' } as CaseDetailResponse;
    const { unmount } = render(<CaseSummary value={awaiting} />);
    expect(screen.getByText('等待业主评价：业主可于 12-03 10:00 前评价，逾期不再接受评价')).toBeInTheDocument();
    unmount();
    render(<CaseSummary value={awaiting} owner />);
    expect(screen.getByText('请于 12-03 10:00 前评价，逾期不再接受评价')).toBeInTheDocument();
  });

  it('tells the owner when the property will visit', () => {
    const due = { ...confirmed(false), followUpRequired: true, followUpDueAt: '2026-12-01T02:00:00.000Z' } as CaseDetailResponse;
    const { unmount } = render(<CaseSummary value={due} owner />);
    expect(screen.getByText('物业将于 12-01 10:00 前回访')).toBeInTheDocument();
    unmount();
    render(<CaseSummary value={{ ...due, followUpDueAt: '2026-11-30T02:00:00.000Z' }} owner />);
    expect(screen.getByText('物业应于 11-30 10:00 前回访（已超时）')).toHaveClass('sla--breached');
  });

  it('says the resolve clock is paused while on hold, instead of a deadline that no longer applies', () => {
    const held = { ...confirmed(false), status: 'on_hold', resolveDeadlineAt: '2026-11-30T03:00:00.000Z' } as CaseDetailResponse;
    const { unmount } = render(<CaseSummary value={held} />);
    expect(screen.getByText('已挂起，办结时限暂停计时')).not.toHaveClass('sla--breached');
    expect(screen.queryByText(/前办结/)).not.toBeInTheDocument();
    unmount();
    render(<CaseSummary value={{ ...held, resolveBreached: true, overdue: true }} owner />);
    expect(screen.getByText('已挂起，办结时限暂停计时（挂起前已超时）')).toHaveClass('sla--breached');
  });

  it('tells staff when the follow-up visit is due, and that it is late once past', () => {
    const due = { ...confirmed(false), followUpRequired: true, followUpDueAt: '2026-12-01T02:00:00.000Z' } as CaseDetailResponse;
    const { unmount } = render(<CaseSummary value={due} />);
    expect(screen.getByText('应于 12-01 10:00 前回访')).toBeInTheDocument();
    unmount();
    render(<CaseSummary value={{ ...due, followUpDueAt: '2026-11-30T02:00:00.000Z' }} />);
    expect(screen.getByText('应于 11-30 10:00 前回访（已超时）')).toHaveClass('sla--breached');
  });
});

describe('CaseCard', () => {
  it('marks an urgent case and says where it is, so it stands out in the queue', () => {
    const urgent = { ...confirmed(false), status: 'submitted', urgency: 'urgent' } as CaseDetailResponse;
    render(<CaseCard value={urgent} onClick={jest.fn()} />);
    expect(screen.getByText('紧急')).toBeInTheDocument();
    expect(screen.getByText('1栋 1单元 101')).toBeInTheDocument();
  });

  it('warns staff that a case is about to breach, not its owner', () => {
    const soon = {
      ...confirmed(false), status: 'in_progress', warnBeforeMinutes: 30,
      resolveDeadlineAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    } as CaseDetailResponse;
    const { unmount } = render(<CaseCard value={soon} onClick={jest.fn()} staff />);
    expect(screen.getByText(/即将超时/)).toBeInTheDocument();
    unmount();
    render(<CaseCard value={soon} onClick={jest.fn()} />);
    expect(screen.queryByText(/即将超时/)).not.toBeInTheDocument();
  });

  it('says where a public-area case is: the building it names and the location text', () => {
    const area = { ...confirmed(false), houseLabel: null, building: '3栋', location: '单元门口' } as CaseDetailResponse;
    const { unmount } = render(<CaseCard value={area} onClick={jest.fn()} />);
    expect(screen.getByText('3栋 单元门口')).toBeInTheDocument();
    unmount();
    const { unmount: unmountWhole } = render(<CaseSummary value={{ ...area, building: null }} />);
    expect(screen.getByText('位置：单元门口')).toBeInTheDocument();
    unmountWhole();
    // The building typed into the location as well is said once.
    render(<CaseCard value={{ ...area, location: '3 栋 2单元电梯厅' }} onClick={jest.fn()} />);
    expect(screen.getByText('3 栋 2单元电梯厅')).toBeInTheDocument();
  });

  /** The mark after the card's number and time (` · 已超时`…), or null. */
  function lateMarkOf(status: CaseStatus, breached: { respond?: boolean; resolve?: boolean; overdue?: boolean }): string | null {
    const value = { ...confirmed(false), status, respondBreached: !!breached.respond, resolveBreached: !!breached.resolve, overdue: !!breached.overdue } as CaseDetailResponse;
    const { container, unmount } = render(<CaseCard value={value} onClick={jest.fn()} />);
    const mark = container.querySelector('.card__ref .sla--breached')?.textContent ?? null;
    unmount();
    return mark;
  }

  it.each(['submitted', 'accepted', 'assigned', 'in_progress', 'on_hold'] as const)('says 已超时 on an open case (%s) late now, and nothing in time', (status) => {
    expect(lateMarkOf(status, { respond: true, overdue: true })).toBe(' · 已超时');
    // Reopened after its deadline, first resolved in time: late now all the same.
    expect(lateMarkOf(status, { overdue: true })).toBe(' · 已超时');
    // Accepted late, its resolve deadline still ahead: not late now.
    expect(lateMarkOf(status, { respond: true })).toBeNull();
    expect(lateMarkOf(status, {})).toBeNull();
  });

  it.each(['resolved', 'confirmed', 'closed'] as const)('says what the deadlines came to on a handled case (%s), not 已超时', (status) => {
    expect(lateMarkOf(status, { resolve: true })).toBe(' · 超时办结');
    expect(lateMarkOf(status, { respond: true, resolve: true })).toBe(' · 超时办结');
    expect(lateMarkOf(status, { respond: true })).toBe(' · 超时受理');
    expect(lateMarkOf(status, {})).toBeNull();
  });

  it('marks nothing on a cancelled case, late or not', () => {
    expect(lateMarkOf('cancelled', { respond: true, resolve: true })).toBeNull();
  });
});

describe('the case status label', () => {
  it('says a confirmed case waits for the visit once one is due', () => {
    render(<CaseSummary value={{ ...confirmed(false), followUpRequired: true }} />);
    expect(screen.getByText('待回访')).toBeInTheDocument();
  });

  it('says a confirmed case waits for the owner’s rating while the follow-up is undecided, even when already visited', () => {
    render(<CaseSummary value={{ ...confirmed(true), followUpRequired: null }} />);
    expect(screen.getByText('待评价')).toBeInTheDocument();
    expect(screen.queryByText('待回访')).not.toBeInTheDocument();
  });

  it('says the same on the list as on the case page (lists carry no cycleFollowedUp)', () => {
    render(<CaseCard value={{ ...confirmed(false), followUpRequired: null }} onClick={jest.fn()} />);
    expect(screen.getByText('待评价')).toBeInTheDocument();
  });
});

