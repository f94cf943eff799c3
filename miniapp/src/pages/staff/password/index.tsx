import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { STAFF_ACCOUNT_RULES } from '@wuye/shared';
import { Field, ProblemCount } from '../../../components/field';
import { useOneAtATime } from '../../../hooks/use-one-at-a-time';
import { useRequireSession } from '../../../hooks/use-require-session';
import { goBackOr, PAGES } from '../../../services/navigation';
import { changeOwnPassword } from '../../../services/staff-password';

const { min, max } = STAFF_ACCOUNT_RULES.password;

/**
 * 修改密码 (every staff role): the current password, the new one twice. On success every other
 * device is signed out and this one stays signed in; a wrong current password is said by the server's
 * message (five in a row lock the account's login from here for 15 minutes, as logins do).
 */
export default function StaffPasswordPage() {
  useRequireSession('staff');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [tried, setTried] = useState(false);
  const { busy, run } = useOneAtATime();

  const problems = {
    current: current ? null : '请输入当前密码',
    next: next.length < min || next.length > max ? `新密码为 ${min}–${max} 位` : next === current ? '新密码不能与当前密码相同' : null,
    again: again === next ? null : '两次输入的新密码不一致',
  };
  const shown: Partial<typeof problems> = tried ? problems : {};

  const submit = () => {
    setTried(true);
    if (Object.values(problems).some(Boolean)) return;
    // A refusal (当前密码不正确, 登录尝试太频繁…) was shown by the request wrapper; the form keeps what was typed.
    void run(async () => {
      await changeOwnPassword(current, next);
      void Taro.showToast({ title: '密码已修改，其他设备已退出登录', icon: 'none' });
      goBackOr(PAGES.staffQueue);
    });
  };

  return (
    <View className="page">
      <View className="card form" aria-label="修改密码">
        <Field label="当前密码" required error={shown.current}>
          <Input value={current} onChange={setCurrent} type="password" maxLength={max} />
        </Field>
        <Field label="新密码" required error={shown.next}>
          <Input value={next} onChange={setNext} type="password" placeholder={`${min}–${max} 位`} maxLength={max} />
        </Field>
        <Field label="确认新密码" required error={shown.again}>
          <Input value={again} onChange={setAgain} type="password" maxLength={max} />
        </Field>
        <ProblemCount count={Object.values(shown).filter(Boolean).length} />
        <View className="muted">修改后，其他设备上的登录将失效，需用新密码重新登录。</View>
        <Button type="primary" block loading={busy} disabled={busy} onClick={submit}>确认修改</Button>
      </View>
    </View>
  );
}
