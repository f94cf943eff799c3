import type { CaseAction, CaseDetailResponse, CaseStatus, Role } from '@wuye/shared';
import { sessionStore } from '../../src/services/session';

export const CASE_ID = 'c-1';
export const CASE_ROUTE = `GET /cases/${CASE_ID}`;

/** Case c-1 in `status`, offering `allowedActions` (only the fields the case pages show). */
export const caseIn = (status: CaseStatus, allowedActions: CaseAction[]) =>
  ({
    id: CASE_ID, number: 'HY-20261130-0007', type: 'repair', category: '水电', channel: 'miniapp', urgency: 'normal',
    status, description: '厨房水龙头漏水', houseLabel: '1栋 1单元 101', location: null, preferredTime: null,
    communityId: 'c-hy', assigneeId: null, assigneeName: null, contactName: '吴女士', contactPhone: '13800000000',
    createdAt: '2026-11-30T02:00:00.000Z', respondBreached: false, resolveBreached: false, overdue: false, urgeCount: 0, reopenCount: 0,
    photoUrls: [], events: [], allowedActions, cycleVerification: null, cycleRated: false, cycleFollowedUp: false, version: 7,
  }) as unknown as CaseDetailResponse;

/** Logged in as `role`; the page's session check passes. */
export function logInAs(role: Role): void {
  sessionStore.set({ token: 't-1', user: { id: 'u-1', role, name: '吴女士', username: null, communityIds: ['c-hy'] } });
}

/** The texts of the action buttons the page shows. */
export const actionButtons = () =>
  Array.from(document.querySelectorAll('.action-bar__button')).map((button) => button.textContent?.trim());
