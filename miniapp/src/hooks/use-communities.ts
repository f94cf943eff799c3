import { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import type { CommunityResponse } from '@wuye/shared';
import { listCommunities } from '../services/houses';

export interface Communities {
  /** null until the first load succeeds. */
  value: CommunityResponse[] | null;
  /** Why the first load failed (show it with 重试 in place of the page's form); null otherwise. */
  error: unknown;
  retry: () => void;
}

/**
 * The communities, loaded again every time the page shows (a name or a category list may have
 * changed meanwhile; WeChat shows a page again after every photo pick). A reload that fails keeps
 * what is shown — the form and what was picked in it stay — and says nothing; only a page with
 * nothing yet says 加载失败. The request is silent: the page shows the failure itself.
 */
export function useCommunities(): Communities {
  const [value, setValue] = useState<CommunityResponse[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const attempt = useRef(0);
  const load = () => {
    const mine = ++attempt.current;
    setError(null);
    listCommunities({ silent: true }).then(
      (loaded) => mine === attempt.current && setValue(loaded),
      (failure: unknown) => mine === attempt.current && setError(failure ?? new Error('load failed')),
    );
  };
  useDidShow(load);
  return { value, error: value === null ? error : null, retry: load };
}
