import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useRef, useState } from 'react';
import type { CaseDetailResponse } from '@wuye/shared';
import { caseUnavailable } from '../services/case-errors';
import { getCase } from '../services/cases';
import { errorReason, showError } from '../services/request';

/** Why there is no case to show: it is gone / not the caller's, or the load failed (with the error). */
export type CaseLoadFailure = { kind: 'unavailable' } | { kind: 'failed'; error: unknown };

export interface CaseDetailState {
  detail: CaseDetailResponse | null;
  /** Set only while `detail` is null; null then means still loading. */
  failure: CaseLoadFailure | null;
  /** Loads the case again; never throws. */
  load: () => Promise<void>;
  /** Shows the case as an action's answer has it (a load still in flight is dropped). */
  replace: (next: CaseDetailResponse) => void;
}

/**
 * One case for a case page: loaded on every show and on pull-down. A 404 (or 403) replaces even a
 * case already shown, whose actions are no longer the caller's; any other failure keeps a case
 * already shown (with a toast) and otherwise becomes the page's 加载失败 state.
 */
export function useCaseDetail(id: string): CaseDetailState {
  const [detail, setDetail] = useState<CaseDetailResponse | null>(null);
  const [failure, setFailure] = useState<CaseLoadFailure | null>(null);
  const shown = useRef<CaseDetailResponse | null>(null);
  const latest = useRef(0);

  const show = (next: CaseDetailResponse | null, why: CaseLoadFailure | null) => {
    shown.current = next;
    setDetail(next);
    setFailure(why);
  };

  const load = async () => {
    const attempt = ++latest.current;
    if (!shown.current) setFailure(null); // a retry shows 加载中… again
    try {
      const loaded = await getCase(id, { silent: true });
      if (attempt === latest.current) show(loaded, null);
    } catch (error) {
      if (attempt !== latest.current) return; // a newer load answers instead
      if (caseUnavailable(error)) show(null, { kind: 'unavailable' });
      else if (shown.current) showError(errorReason(error));
      else show(null, { kind: 'failed', error });
    }
  };

  const replace = (next: CaseDetailResponse) => {
    ++latest.current;
    show(next, null);
  };

  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));
  return { detail, failure, load, replace };
}
