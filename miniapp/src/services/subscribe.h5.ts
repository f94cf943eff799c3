import type { NotifyStep } from '@wuye/shared';

// Browsers have no WeChat subscribe messages: nothing is asked and nothing reported.

export async function askSubscribeConsent(_steps: NotifyStep[]): Promise<NotifyStep[] | null> {
  return null;
}

export async function reportSubscriptions(_caseId: string, _granted: NotifyStep[] | null): Promise<void> {}
