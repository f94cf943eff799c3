import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { CASE_NUMBER_PATTERN, VERIFY_WORDING, type CaseAction, type CaseType, type VerifyWording } from '@wuye/shared';
import { ActionBar } from '../../../components/action-bar';
import { CaseSummary } from '../../../components/case-summary';
import { CaseLoadState } from '../../../components/load-state';
import { ReasonForm } from '../../../components/reason-form';
import { Timeline } from '../../../components/timeline';
import { VerifyForm } from '../../../components/verify-rate-form';
import { useCaseDetail } from '../../../hooks/use-case-detail';
import { useRequireSession } from '../../../hooks/use-require-session';
import { useOneAtATime } from '../../../hooks/use-one-at-a-time';
import { caseChanged } from '../../../services/case-errors';
import { listCases, type ActionBodies } from '../../../services/cases';
import { PAGES } from '../../../services/navigation';
import { showError } from '../../../services/request';
import { AssignForm, CancelForm, FollowUpForm, NoteForm } from '../components/action-forms';
import { ContactLine } from '../components/contact-line';
import { sendStaffAction } from './send-staff-action';

/** Actions that need no input run straight away. */
const IMMEDIATE: readonly CaseAction[] = ['accept', 'start', 'resume', 'close'];
const DONE_TEXT: Partial<Record<CaseAction, string>> = {
  accept: '已受理', start: '已开始处理', resume: '已恢复处理', close: '已办结', reply: '已回复', assign: '已派单',
  hold: '已挂起', note: '已记录', 'follow-up': '回访已记录', cancel: '已撤销',
  reopen: '已重新打开', verify: '已记录确认结果',
};
/**
 * What a resolution's text is to the owner, who reads it on the case: the work done, or the answer;
 * the box's label and hint, and what is submitted (its button; 已 + it, the toast).
 */
const WORK_DONE = { label: '处理结果', hint: '做了什么、结果如何（业主可见）', submit: '提交处理结果' };
const RESOLVE_NOTES: Record<CaseType, { label: string; hint: string; submit: string }> = {
  repair: WORK_DONE,
  complaint: WORK_DONE,
  inquiry: { label: '答复内容', hint: '答复业主的问题（业主可见）', submit: '提交答复' },
  suggestion: { label: '答复内容', hint: '采纳后的安排，或暂不采纳的原因（业主可见）', submit: '提交答复' },
  praise: { label: '回复内容', hint: '回复业主的表扬（业主可见）', submit: '提交回复' },
};
/** `assign` on a case that already has a handler is a reassignment. */
const REASSIGN_LABELS: Partial<Record<CaseAction, string>> = { assign: '改派' };

/**
 * The owner's question, asked by staff who record the answer an owner without an account gave
 * (by phone, at the desk): 业主反馈：问题得到解答了吗？, and what to write is the owner's words.
 */
function onBehalfWording(type: CaseType): VerifyWording {
  const owner = VERIFY_WORDING[type];
  const third = (text: string) => text.replace(/您的?/g, '');
  return {
    ...owner,
    question: `业主反馈：${third(owner.question)}`,
    reasonLabel: `业主反映${owner.reasonLabel}`,
    reasonHint: '记录业主所说的未解决之处，将据此重新处理',
    reasonMissing: third(owner.reasonMissing),
  };
}
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default function StaffCasePage() {
  const role = useRequireSession('staff')?.user.role;
  const { params } = useRouter();
  const id = params.id ?? '';
  const { detail, failure, load, replace } = useCaseDetail(id);
  const [open, setOpen] = useState<CaseAction | null>(null);
  const [busy, setBusy] = useState<CaseAction | null>(null);
  const acting = useOneAtATime();

  async function send<A extends CaseAction>(action: A, body: ActionBodies[A]): Promise<void> {
    setBusy(action);
    try {
      const answer = await sendStaffAction(id, action, body, detail);
      const done = action === 'assign' && detail?.assigneeId ? '已改派'
        : action === 'resolve' && detail ? `已${RESOLVE_NOTES[detail.type].submit}` : DONE_TEXT[action];
      // The case as the action left it: its answer, not a second request that a weak network can lose.
      replace(answer);
      void Taro.showToast({ title: done ?? '已完成', icon: 'none' });
      setOpen(null);
    } catch (error) {
      // Refused because the case moved on (another staff member acted first, it was reassigned, it
      // changed since it was shown — CASE_CHANGED):
      // close the form and show the case as it is now. An input error keeps the form and its text.
      if (caseChanged(error)) {
        setOpen(null);
        await load();
      }
      throw error;
    } finally {
      setBusy(null);
    }
  }

  /** An action without a form runs at once — once, however often tapped; 办结 is asked first. */
  const onAction = (action: CaseAction) => {
    if (!IMMEDIATE.includes(action)) {
      setOpen(action);
      return;
    }
    void acting.run(async () => {
      // 办结 ends the loop (only a supervisor or admin reopens a closed case, within 30 days).
      if (action === 'close') {
        const { confirm } = await Taro.showModal({ title: '办结工单', content: '办结后工单结束，30 天内仅主管或管理员可重新打开。确认办结？', confirmText: '办结' });
        if (!confirm) return;
      }
      await send(action, {} as ActionBodies[typeof action]);
    });
  };

  /** Staff type the duplicate's number; the API wants its id. */
  const resolveDuplicate = async (ref: string): Promise<string> => {
    if (UUID_PATTERN.test(ref) || !detail) return ref;
    const number = ref.trim().toUpperCase();
    // Only a whole number is looked up (the server refuses a part of one): say what to type.
    if (!CASE_NUMBER_PATTERN.test(number)) {
      showError(`请填写完整工单编号，如 ${detail.number}`);
      throw new Error('duplicate number incomplete');
    }
    if (number === detail.number) {
      showError('请填写原工单的编号，不是本工单的');
      throw new Error('duplicate of itself');
    }
    const page = await listCases({ communityId: detail.communityId, number, pageSize: 1 });
    const match = page.items.find((c) => c.id !== id);
    if (!match) {
      showError('找不到该工单编号');
      throw new Error('duplicate not found');
    }
    return match.id;
  };

  if (!detail) {
    // A handler sees only the cases assigned to them: a 404 there is most often a reassignment.
    const unavailable = role === 'handler' ? '工单不存在，或已不由您处理（如已改派给他人）' : undefined;
    return <CaseLoadState failure={failure} onRetry={() => void load()} home={PAGES.staffQueue} unavailable={unavailable} />;
  }
  const close = () => setOpen(null);

  return (
    <View className="page">
      <CaseSummary value={detail} contact={<ContactLine value={detail} />} />
      {/* Visited before the rating, which is still awaited; a low rating after the visit makes another one due. */}
      {detail.status === 'confirmed' && detail.cycleFollowedUp && detail.followUpRequired === null ? (
        <View className="muted center">本轮已回访，等待业主评价；评价或确认期结束后自动办结</View>
      ) : null}
      {/* Hidden while a form is open: a stray tap would replace it (and its text) or act at once. */}
      {open ? null : (
        <ActionBar actions={detail.allowedActions} labels={detail.assigneeId ? REASSIGN_LABELS : undefined} busy={busy} onAction={onAction} />
      )}
      {open === 'reply' ? (
        // A reply may show a picture (where to pay, a notice): the owner sees it on the timeline.
        <NoteForm title="回复业主" noteLabel="回复内容" noteHint="回复业主的内容（业主可见）" confirmText="发送回复" onCancel={close} onSubmit={(body) => send('reply', body)} />
      ) : null}
      {open === 'hold' ? (
        <ReasonForm title="挂起原因" presets={['等待配件', '业主不在家', '需第三方处理']} confirmText="确认挂起" onCancel={close} onSubmit={(reason) => send('hold', { reason })} />
      ) : null}
      {open === 'reopen' ? (
        <ReasonForm title="重新打开原因" confirmText="重新打开" onCancel={close} onSubmit={(reason) => send('reopen', { reason })} />
      ) : null}
      {open === 'note' ? (
        <NoteForm title="记录进展" noteLabel="进展说明" noteHint="当前进展，如已联系业主、正在等配件（业主可见）" confirmText="保存" askAudience
          onCancel={close} onSubmit={(body) => send('note', body)} />
      ) : null}
      {open === 'resolve' ? (
        <NoteForm title="处理完成" noteLabel={RESOLVE_NOTES[detail.type].label} noteHint={RESOLVE_NOTES[detail.type].hint} confirmText={RESOLVE_NOTES[detail.type].submit} askAdoption={detail.type === 'suggestion'} onCancel={close} onSubmit={(body) => send('resolve', body)} />
      ) : null}
      {open === 'assign' ? (
        <AssignForm communityId={detail.communityId} currentAssigneeId={detail.assigneeId} onCancel={close} onSubmit={(body) => send('assign', body)} />
      ) : null}
      {open === 'follow-up' ? <FollowUpForm onCancel={close} onSubmit={(body) => send('follow-up', body)} /> : null}
      {open === 'cancel' ? (
        <CancelForm
          onCancel={close}
          onSubmit={async ({ reason, duplicateOf }) =>
            send('cancel', { reason, ...(duplicateOf ? { duplicateOf: await resolveDuplicate(duplicateOf) } : {}) })
          }
        />
      ) : null}
      {open === 'verify' ? (
        <VerifyForm type={detail.type} wording={onBehalfWording(detail.type)} allowPhotos={false} onCancel={close} onSubmit={(body) => send('verify', body)} />
      ) : null}
      <View className="section-title">处理进度</View>
      <Timeline events={detail.events} type={detail.type} />
    </View>
  );
}
