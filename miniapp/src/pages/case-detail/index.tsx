import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { OWNER_ACTION_LABELS, type CaseAction, type CaseDetailResponse, type RateRequest, type VerifyRequest } from '@wuye/shared';
import { ActionBar } from '../../components/action-bar';
import { CaseSummary } from '../../components/case-summary';
import { CaseLoadState } from '../../components/load-state';
import { ReasonForm } from '../../components/reason-form';
import { Timeline } from '../../components/timeline';
import { RateForm, VerifyForm } from '../../components/verify-rate-form';
import { useCaseDetail } from '../../hooks/use-case-detail';
import { useRequireSession } from '../../hooks/use-require-session';
import { caseChanged } from '../../services/case-errors';
import { caseAction } from '../../services/cases';
import { PAGES } from '../../services/navigation';
import { stepsAwaited } from '../../services/steps-awaited';
import { askSubscribeConsent, reportSubscriptions } from '../../services/subscribe';

/** Actions shown as inline forms rather than buttons. */
const INLINE: readonly CaseAction[] = ['verify', 'rate'];
const WITHDRAW_REASONS = ['问题已自行解决', '重复提交', '填写有误'];

export default function CaseDetailPage() {
  useRequireSession('owner');
  const { params } = useRouter();
  const id = params.id ?? '';
  const { detail, failure, load, replace } = useCaseDetail(id);
  const [busy, setBusy] = useState<CaseAction | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);

  // The withdrawal form goes when withdrawing does (the case moved on while it was open).
  const canWithdraw = detail?.allowedActions.includes('cancel') ?? false;
  useEffect(() => {
    if (!canWithdraw) setWithdrawing(false);
  }, [canWithdraw]);

  /** Sends an action; the case is then shown as its answer has it (no second request to fail). */
  const act = async (action: CaseAction, run: () => Promise<CaseDetailResponse>, done: string) => {
    setBusy(action);
    try {
      replace(await run());
      void Taro.showToast({ title: done, icon: 'none' });
      setWithdrawing(false);
    } catch (error) {
      // Refused because the case moved on (someone acted first): show it as it is now, with only
      // the actions still allowed. An input error keeps the form and what the owner typed.
      if (caseChanged(error)) {
        setWithdrawing(false);
        await load();
      }
      throw error;
    } finally {
      setBusy(null);
    }
  };

  const onAction = (action: CaseAction) => {
    if (action === 'cancel') return setWithdrawing(true);
    if (action === 'urge') {
      setBusy('urge'); // a second tap while WeChat's dialog is open sends no second urge
      void (async () => {
        // Straight from the tap (WeChat needs the gesture): to be told when it moves on. What was
        // granted is recorded even when the urge is refused (someone at home urged it first).
        const granted = await askSubscribeConsent(stepsAwaited(detail!.status));
        try {
          await act('urge', () => caseAction(id, 'urge', {}), '已催办，物业会尽快处理');
        } finally {
          await reportSubscriptions(id, granted);
        }
      })().catch(() => setBusy(null));
    }
  };

  const verify = async (body: VerifyRequest) => {
    // What the owner waits for next: the case closing, or — not solved, so it goes back to the
    // handler — the word that it is resolved again (the consent given at submission is used up).
    const granted = await askSubscribeConsent(body.fixed === 'yes' ? ['closed'] : ['resolved']);
    await act('verify', () => caseAction(id, 'verify', body), body.fixed === 'yes' ? '感谢确认' : '已反馈，将重新处理');
    await reportSubscriptions(id, granted);
  };
  const rate = (body: RateRequest) => act('rate', () => caseAction(id, 'rate', body), '感谢您的评价');

  if (!detail) return <CaseLoadState failure={failure} onRetry={() => void load()} home={PAGES.home} />;
  const allowed = detail.allowedActions;
  return (
    <View className="page">
      <CaseSummary value={detail} owner />
      {allowed.includes('verify') ? <VerifyForm type={detail.type} onSubmit={verify} /> : null}
      {allowed.includes('rate') ? <RateForm type={detail.type} onSubmit={rate} /> : null}
      {withdrawing ? (
        <ReasonForm
          title="撤回报事"
          presets={WITHDRAW_REASONS}
          confirmText="确认撤回"
          onCancel={() => setWithdrawing(false)}
          onSubmit={(reason) => act('cancel', () => caseAction(id, 'cancel', { reason }), '已撤回')}
        />
      ) : null}
      {/* While the withdrawal form is open, it is the only thing to do (its 取消 brings the buttons back). */}
      <ActionBar
        actions={withdrawing ? [] : allowed.filter((a) => !INLINE.includes(a))}
        labels={OWNER_ACTION_LABELS}
        busy={busy}
        onAction={onAction}
      />
      <View className="section-title">处理进度</View>
      {/* 即将超时提醒 prompts whoever handles the case (as on the cards, only staff see 即将超时); an escalation is the owner's to know. */}
      <Timeline events={detail.events.filter((e) => e.action !== 'sla_warning')} type={detail.type} />
    </View>
  );
}
