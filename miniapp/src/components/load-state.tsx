import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { CaseLoadFailure } from '../hooks/use-case-detail';
import { goBackOr } from '../services/navigation';
import { errorReason } from '../services/request';

// What a page or a field shows instead of its data: never a 加载中… that cannot end.

/** 加载失败, why (network, server), and 重试. */
export function LoadFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <View className="load-failed" role="alert">
      <View>加载失败</View>
      <View className="muted">{errorReason(error)}</View>
      <Button size="small" onClick={onRetry}>重试</Button>
    </View>
  );
}

/** A page before its first data: 加载中…, or 加载失败 with 重试 once `error` is set. */
export function PageLoading({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (!error) return <View className="page muted center">加载中…</View>;
  return (
    <View className="page center">
      <LoadFailed error={error} onRetry={onRetry} />
    </View>
  );
}

interface CaseLoadStateProps {
  failure: CaseLoadFailure | null;
  onRetry: () => void;
  /** Where 返回 goes when the case page is the first page (opened from a link or a notification). */
  home: string;
  /** What a 404 means to this reader (staff: the case may have been reassigned to someone else). */
  unavailable?: string;
}

/** The case page before it has a case: loading, gone / not the caller's (返回), or failed (重试). */
export function CaseLoadState({ failure, onRetry, home, unavailable = '工单不存在或您无权查看' }: CaseLoadStateProps) {
  if (failure?.kind === 'unavailable') {
    return (
      <View className="page center">
        <View className="muted empty">{unavailable}</View>
        <Button size="small" onClick={() => goBackOr(home)}>返回</Button>
      </View>
    );
  }
  if (failure?.kind === 'failed') {
    return (
      <View className="page center">
        <LoadFailed error={failure.error} onRetry={onRetry} />
      </View>
    );
  }
  return <View className="page muted center">加载中…</View>;
}
