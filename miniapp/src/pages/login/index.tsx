import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import type { AuthResponse } from '@wuye/shared';
import { ChipSelect } from '../../components/chip-select';
import { Field } from '../../components/field';
import { demoLoginOffered, loginAsDemoOwner, loginWithPassword, loginWithWechat } from '../../services/auth';
import { afterSignIn } from '../../services/navigation';
import { isStaffRole } from '../../services/session';

const DEMO_OWNERS = ['owner1', 'owner2', 'owner3', 'owner4', 'owner5', 'owner6'];
const IN_WECHAT = process.env.TARO_ENV === 'weapp';

export default function LoginPage() {
  // The page a lapsed session left (goToLogin), to return to once signed in.
  const next = useRouter().params.next;
  const enter = (auth: AuthResponse) => void Taro.reLaunch({ url: afterSignIn(isStaffRole(auth.user.role), next) });

  const [owner, setOwner] = useState<string>('owner1');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState<'owner' | 'staff' | null>(null);
  // In a browser, owners can only use the demo accounts, and only where the server allows them.
  const [demo, setDemo] = useState<boolean | null>(null);
  useEffect(() => {
    if (!IN_WECHAT) void demoLoginOffered().then(setDemo);
  }, []);

  const run = async (who: 'owner' | 'staff', login: () => Promise<AuthResponse>) => {
    setBusy(who);
    try {
      enter(await login());
    } catch {
      // toast already shown
    } finally {
      setBusy(null);
    }
  };

  const staffLogin = () => {
    if (!username.trim() || !password) {
      void Taro.showToast({ title: '请输入用户名和密码', icon: 'none' });
      return;
    }
    void run('staff', () => loginWithPassword(username.trim(), password));
  };

  return (
    <View className="page login">
      <View className="login__brand">物业报事</View>
      <View className="login__slogan">事事有回应，件件有落实</View>

      <View className="card">
        <View className="card__title">业主</View>
        {IN_WECHAT ? (
          <Button type="primary" block loading={busy === 'owner'} onClick={() => run('owner', loginWithWechat)}>
            微信一键登录
          </Button>
        ) : demo === false ? (
          <View className="muted">业主请在微信中打开「物业报事」小程序登录</View>
        ) : demo ? (
          <>
            <View className="muted">浏览器中使用演示业主账号登录</View>
            <ChipSelect label="演示业主" options={DEMO_OWNERS.map((o) => ({ value: o, label: o }))} value={owner} onChange={setOwner} />
            <Button type="primary" block loading={busy === 'owner'} onClick={() => run('owner', () => loginAsDemoOwner(owner))}>
              以业主身份进入
            </Button>
          </>
        ) : null}
      </View>

      <View className="card">
        <View className="card__title">物业员工</View>
        <Field label="用户名">
          <Input className="login__username" value={username} onChange={setUsername} placeholder="用户名" maxLength={50} />
        </Field>
        <Field label="密码">
          <Input className="login__password" value={password} onChange={setPassword} placeholder="密码" type="password" maxLength={200} />
        </Field>
        <Button block loading={busy === 'staff'} onClick={staffLogin}>员工登录</Button>
      </View>
    </View>
  );
}
