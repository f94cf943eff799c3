import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ACTION_LABELS, type CaseAction } from '@wuye/shared';

const PRIMARY: readonly CaseAction[] = ['accept', 'start', 'resolve', 'verify', 'rate', 'follow-up', 'assign'];
const DANGER: readonly CaseAction[] = ['cancel'];

interface ActionBarProps {
  /** Exactly the server's `allowedActions` (minus any the page renders as an inline form). */
  actions: readonly CaseAction[];
  onAction: (action: CaseAction) => void;
  /** Labels that differ for this audience (owners "撤回" rather than "撤销"). */
  labels?: Partial<Record<CaseAction, string>>;
  busy?: CaseAction | null;
}

/** One button per allowed action, nothing else; disabled while an action runs. */
export function ActionBar({ actions, onAction, labels, busy = null }: ActionBarProps) {
  if (actions.length === 0) return null;
  return (
    <View className="action-bar" role="toolbar" aria-label="可执行操作">
      {actions.map((action) => (
        <Button
          key={action}
          className="action-bar__button"
          type={PRIMARY.includes(action) ? 'primary' : DANGER.includes(action) ? 'danger' : 'default'}
          size="small"
          loading={busy === action}
          disabled={busy !== null && busy !== action}
          onClick={() => onAction(action)}
        >
          {labels?.[action] ?? ACTION_LABELS[action]}
        </Button>
      ))}
    </View>
  );
}
