import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';

interface ListFooterProps {
  /** Cases on screen. */
  shown: number;
  /** The server's total; with `capped`, a lower bound ("1000+"). */
  total: number;
  capped: boolean;
  loading: boolean;
  onMore: () => void;
}

/** Whether the server has cases beyond the `shown` ones. */
export const hasMore = (shown: number, total: number, capped: boolean): boolean => capped || shown < total;

/** How much of a list is on screen, and the button that fetches the next page. */
export function ListFooter({ shown, total, capped, loading, onMore }: ListFooterProps) {
  if (shown === 0) return null;
  const more = hasMore(shown, total, capped);
  return (
    <View className="list-footer muted center">
      <View>{more ? `已显示 ${shown} 件，共 ${total}${capped ? '+' : ''} 件` : `共 ${total} 件，已全部显示`}</View>
      {more ? (
        <Button size="small" fill="outline" loading={loading} disabled={loading} className="list-footer__more" onClick={onMore}>
          {loading ? '加载中…' : '加载更多'}
        </Button>
      ) : null}
    </View>
  );
}
