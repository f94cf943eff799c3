import { render, screen } from '@testing-library/react';
import type { CaseEventResponse } from '@wuye/shared';
import { Timeline } from '../../src/components/timeline';

const event = (id: string, actorRole: CaseEventResponse['actorRole'], actorName: string, note: string): CaseEventResponse => ({
  id, action: 'cancel', fromStatus: 'accepted', toStatus: 'cancelled', actorId: 'u', actorRole, actorName, note,
  photoIds: [], photoUrls: [], data: null, createdAt: '2026-11-30T02:00:00.000Z',
});

describe('Timeline', () => {
  it('calls the owner’s own cancellation 撤回, as their button did, and staff cancelling 撤销', () => {
    render(<Timeline events={[event('e1', 'owner', '孙先生', '不需要了'), event('e2', 'agent', '李客服', '重复工单')]} />);
    const actions = Array.from(document.querySelectorAll('.timeline__action')).map((a) => a.textContent);
    expect(actions).toEqual(['撤回', '撤销']);
    expect(screen.getByText('业主 孙先生 · 11-30 10:00')).toBeInTheDocument();
  });
});
