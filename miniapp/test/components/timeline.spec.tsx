import { render, screen } from '@testing-library/react';
import type { CaseEventResponse } from '@wuye/shared';
import { Timeline } from '../../src/components/timeline';

const event = (id: string, actorRole: CaseEventResponse['actorRole'], actorName: string, note: string): CaseEventResponse => ({
  id, action: 'cancel', fromStatus: 'accepted', toStatus: 'cancelled', actorId: 'u', actorRole, actorName, note,
  photoIds: [], photoUrls: [], data: null, createdAt: '2026-11-30T02:00:00.000Z',
});

describe('Timeline', () => {
  it('calls the owner’s own cancellation 撤回, as their button did, and staff cancelling 撤销', () => {
    render(<Timeline type="repair" events={[event('e1', 'owner', '孙先生', '不需要了'), event('e2', 'agent', '李客服', '重复工单')]} />);
    const actions = Array.from(document.querySelectorAll('.timeline__action')).map((a) => a.textContent);
    expect(actions).toEqual(['撤回', '撤销']);
    expect(screen.getByText('业主 孙先生 · 11-30 10:00')).toBeInTheDocument();
  });

  it('shows the state an event moved the case to, only when it moved it; a confirmation reads 已确认, not 待回访', () => {
    const step = (id: string, action: CaseEventResponse['action'], fromStatus: CaseEventResponse['fromStatus'], toStatus: CaseEventResponse['toStatus']) =>
      ({ ...event(id, 'owner', '孙先生', ''), action, fromStatus, toStatus });
    render(<Timeline type="repair" events={[
      step('e1', 'create', null, 'submitted'),
      step('e2', 'urge', 'submitted', 'submitted'),
      step('e3', 'verify', 'resolved', 'confirmed'),
      { ...step('e4', 'follow_up_due', 'confirmed', 'confirmed'), actorRole: 'system', actorName: null },
      step('e5', 'rate', 'confirmed', 'closed'),
    ]} />);
    const heads = Array.from(document.querySelectorAll('.timeline__head')).map((h) => h.textContent);
    expect(heads).toEqual(['提交待受理', '催办', '确认结果已确认', '待回访', '评价已办结']);
  });
  it('calls an assignment that took the case from another handler 改派, as its button did', () => {
    const assign = (id: string, data: Record<string, unknown>, fromStatus: CaseEventResponse['fromStatus']): CaseEventResponse =>
      ({ ...event(id, 'supervisor', '周主管', ''), action: 'assign', fromStatus, toStatus: 'assigned', data });
    render(<Timeline type="repair" events={[
      assign('e1', { assigneeId: 'h1', assigneeName: '张师傅' }, 'accepted'),
      assign('e2', { assigneeId: 'h2', assigneeName: '陈师傅', previousAssigneeId: 'h1' }, 'in_progress'),
    ]} />);
    const actions = Array.from(document.querySelectorAll('.timeline__action')).map((a) => a.textContent);
    expect(actions).toEqual(['派单', '改派']);
    expect(screen.getByText('处理人：陈师傅')).toBeInTheDocument();
  });

  it('marks a staff-only progress note so, for the staff who read it', () => {
    const note = (id: string, internal: boolean): CaseEventResponse =>
      ({ ...event(id, 'handler', '张师傅', internal ? '需主管协调' : '明早上门'), action: 'note', fromStatus: 'in_progress', toStatus: 'in_progress',
        data: internal ? { internal: true } : null });
    render(<Timeline type="repair" events={[note('e1', false), note('e2', true)]} />);
    expect(screen.getAllByText('仅物业内部可见')).toHaveLength(1);
  });

  it('tells the owner whether their suggestion was adopted', () => {
    const resolve = (id: string, adopted: boolean): CaseEventResponse =>
      ({ ...event(id, 'handler', '张师傅', '已答复'), action: 'resolve', fromStatus: 'in_progress', toStatus: 'resolved', data: { adopted } });
    render(<Timeline type="suggestion" events={[resolve('e1', false), resolve('e2', true)]} />);
    expect(screen.getByText('建议暂不采纳')).toBeInTheDocument();
    expect(screen.getByText('建议已采纳')).toBeInTheDocument();
  });

  it('words a verification’s answer as the owner was asked it: 已解答 for an inquiry, 已解决 for a repair', () => {
    const verify = { ...event('e1', 'owner', '孙先生', ''), action: 'verify', fromStatus: 'resolved', toStatus: 'confirmed', data: { fixed: 'yes' } } as CaseEventResponse;
    const { unmount } = render(<Timeline type="inquiry" events={[verify]} />);
    expect(screen.getByText('已解答')).toBeInTheDocument();
    expect(screen.queryByText('已解决')).not.toBeInTheDocument();
    unmount();
    render(<Timeline type="repair" events={[verify]} />);
    expect(screen.getByText('已解决')).toBeInTheDocument();
  });

  it('names the case a cancelled duplicate repeats', () => {
    const cancel = { ...event('e1', 'agent', '李客服', '重复工单'), data: { duplicateOf: 'c-7', duplicateOfNumber: 'HY-20261201-0010' } };
    render(<Timeline type="repair" events={[cancel]} />);
    expect(screen.getByText('与 HY-20261201-0010 重复')).toBeInTheDocument();
  });
});
