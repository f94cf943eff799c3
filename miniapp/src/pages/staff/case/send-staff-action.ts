import type { CaseAction, CaseDetailResponse, CaseResponse } from '@wuye/shared';
import { caseAction, getCase, VERSION_CHECKED_ACTIONS, type ActionBodies } from '../../../services/cases';
import { errorReason, RequestError, showError } from '../../../services/request';

/**
 * Sends a staff action. 派单/改派 and 撤销 name the version of the case shown (If-Match), so they
 * cannot silently undo a decision made meanwhile. But every write moves the version on — an owner's
 * 催办, a note, the SLA sweep's warning or escalation, the very things that happen to an overdue case
 * a supervisor is reassigning. So when the server answers CASE_CHANGED, the case is read again: if
 * its status and assignee are still what the user saw, nobody decided otherwise, and the action is
 * sent once more with the new version; otherwise the refusal stands (the page then reloads).
 */
export async function sendStaffAction<A extends CaseAction>(id: string, action: A, body: ActionBodies[A], seen: CaseResponse | null): Promise<CaseDetailResponse> {
  if (!seen || !VERSION_CHECKED_ACTIONS.includes(action)) return caseAction(id, action, body);
  try {
    return await caseAction(id, action, body, seen.version, { silent: true });
  } catch (error) {
    if (error instanceof RequestError && error.code === 'CASE_CHANGED') {
      const now = await getCase(id);
      if (now.status === seen.status && now.assigneeId === seen.assigneeId) return caseAction(id, action, body, now.version);
    }
    showError(errorReason(error));
    throw error;
  }
}
