import Taro from '@tarojs/taro';
import type { NotifyStep } from '@wuye/shared';
import { saveSubscriptions } from './cases';

// WeChat subscribe messages. Template ids come from TARO_APP_SUBSCRIBE_TEMPLATES
// ("accepted:tmplA,resolved:tmplB"); H5 has none (subscribe.h5.ts).

function templates(): Partial<Record<NotifyStep, string>> {
  const pairs = (process.env.TARO_APP_SUBSCRIBE_TEMPLATES ?? '').split(',').map((pair) => pair.trim().split(':'));
  return Object.fromEntries(pairs.filter(([step, id]) => step && id)) as Partial<Record<NotifyStep, string>>;
}

/**
 * Must be called straight from a tap handler (WeChat requires a user gesture). Returns the steps the
 * user accepted, or null when nothing was asked (no templates configured).
 */
export async function askSubscribeConsent(steps: NotifyStep[]): Promise<NotifyStep[] | null> {
  const ids = templates();
  const wanted = steps.filter((step) => ids[step]);
  if (wanted.length === 0) return null;
  try {
    const result = (await Taro.requestSubscribeMessage({
      tmplIds: wanted.map((step) => ids[step] as string),
      entityIds: [],
    })) as unknown as Record<string, string>;
    return wanted.filter((step) => result[ids[step] as string] === 'accept');
  } catch {
    return []; // refused or failed: nothing granted, never fatal
  }
}

/**
 * Tell the server what was granted. The server keeps consents only (a step without one is never sent,
 * docs/api.md), so nothing granted — refused, or the dialog failed — sends nothing.
 */
export async function reportSubscriptions(caseId: string, granted: NotifyStep[] | null): Promise<void> {
  if (granted === null || granted.length === 0) return;
  try {
    await saveSubscriptions(caseId, granted);
  } catch {
    // notifications are best effort; the case itself is already saved
  }
}
