import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { BINDING_STATUS_LABELS, houseLabel, RELATION_LABELS, type HouseRelation, type HouseResponse } from '@wuye/shared';
import { ChipSelect, optionsOf } from '../../components/chip-select';
import { Field, ProblemCount } from '../../components/field';
import { HouseSelect } from '../../components/house-select';
import { LoadFailed } from '../../components/load-state';
import { useCommunities } from '../../hooks/use-communities';
import { useOneAtATime } from '../../hooks/use-one-at-a-time';
import { useRequireSession } from '../../hooks/use-require-session';
import { refreshMe } from '../../services/auth';
import { bindHouse, endOwnBinding } from '../../services/houses';
import { RequestError } from '../../services/request';

const PHONE_PATTERN = /^1\d{10}$/;

export default function BindHousePage() {
  const session = useRequireSession('owner');
  const communities = useCommunities();
  const [communityId, setCommunityId] = useState<string | null>(null);
  const [house, setHouse] = useState<HouseResponse | null>(null);
  const [relation, setRelation] = useState<HouseRelation>('owner');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  /** 提交 was tapped: from then on every field says what it still lacks, until the application goes through. */
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);

  // Quietly: a failure keeps the applications shown as they were.
  useDidShow(() => void refreshMe({ silent: true }).catch(() => undefined));
  /** The binding being ended (its link reads 处理中…); one dialog or request at a time. */
  const [ending, setEnding] = useState<string | null>(null);
  const endings = useOneAtATime();

  const houses = session?.user.houses ?? [];
  // The server refuses a second application for a house while one waits or after it was approved
  // (409 BINDING_EXISTS); after a rejection, or once a binding ended, the owner may apply again.
  // Such rooms say so and cannot be chosen.
  const taken: Record<string, string> = {};
  for (const h of houses) if (h.status === 'approved' || h.status === 'pending') taken[h.houseId] = h.status === 'approved' ? '已绑定' : '待审核';
  // A house picked before the session caught up with an application made elsewhere is not chosen any more.
  const chosen = house && !taken[house.id] ? house : null;

  const problems = {
    house: chosen ? null : '请选择房屋',
    name: name.trim() ? null : '请填写姓名',
    phone: PHONE_PATTERN.test(phone.trim()) ? null : '请填写 11 位手机号',
  };
  const shown: Partial<typeof problems> = tried ? problems : {};

  const submit = async () => {
    setTried(true);
    if (!chosen || problems.name || problems.phone) return;
    setBusy(true);
    try {
      await bindHouse({ houseId: chosen.id, relation, name: name.trim(), phone: phone.trim() });
      setHouse(null);
      setTried(false);
      void Taro.showToast({ title: '已提交，等待物业审核', icon: 'none' });
      // The application went in: a failure to read the houses again must not say otherwise (the
      // list catches up when the page is shown again; a repeat is refused as BINDING_EXISTS).
      await refreshMe({ silent: true }).catch(() => undefined);
    } catch (error) {
      // Toast shown by the request wrapper. A 409 (BINDING_EXISTS: applied for elsewhere) means the
      // session's houses are out of date: fetch them, so the list shows the application and the
      // room reads 待审核 / 已绑定 and is let go, instead of being offered again — as after a success,
      // without 请选择房屋 under it.
      if (error instanceof RequestError && error.statusCode === 409) {
        setTried(false);
        await refreshMe().catch(() => undefined);
      }
    } finally {
      setBusy(false);
    }
  };

  /** 解除绑定 (moved out) or 撤回申请, after saying what it means. */
  const end = (h: (typeof houses)[number]) => endings.run(async () => {
    const approved = h.status === 'approved';
    const { confirm } = await Taro.showModal({
      title: approved ? '解除绑定' : '撤回申请',
      content: approved
        ? `解除后将看不到 ${houseLabel(h)} 的其他工单（您自己提交的仍可查看），也不能再为该房屋报事；如需可重新申请。`
        : '撤回后物业不再审核这份申请，如需可重新申请。',
      confirmText: approved ? '解除' : '撤回',
    });
    if (!confirm) return;
    setEnding(h.id);
    try {
      await endOwnBinding(h.id);
      void Taro.showToast({ title: approved ? '已解除绑定' : '已撤回申请', icon: 'none' });
      await refreshMe({ silent: true }).catch(() => undefined);
    } finally {
      setEnding(null);
    }
  });

  return (
    <View className="page">
      {houses.length ? (
        <View className="card">
          <View className="card__title">已申请的房屋</View>
          {houses.map((h) => (
            <View key={h.id} className="card__row house-row">
              <View>{h.communityName} {houseLabel(h)}（{RELATION_LABELS[h.relation]}）</View>
              <View className={`binding binding--${h.status}`}>
                {BINDING_STATUS_LABELS[h.status]}
                {h.rejectReason ? `：${h.rejectReason}` : null}
                {h.status === 'approved' || h.status === 'pending' ? (
                  <Text className={ending === h.id ? 'link link--busy' : 'link'} aria-disabled={ending !== null} onClick={() => void end(h)}>
                    {' '}{ending === h.id ? '处理中…' : h.status === 'approved' ? '解除' : '撤回'}
                  </Text>
                ) : null}
              </View>
            </View>
          ))}
        </View>
      ) : null}

      <View className="card form">
        <View className="card__title">绑定新房屋</View>
        {communities.error ? <LoadFailed error={communities.error} onRetry={communities.retry} /> : null}
        {!communities.error && communities.value === null ? <View className="muted">加载中…</View> : null}
        <HouseSelect
          communities={communities.value ?? []}
          communityId={communityId}
          onCommunityChange={setCommunityId}
          value={chosen}
          onChange={setHouse}
          taken={taken}
          error={shown.house}
        />
        <Field label="与房屋关系" required>
          <ChipSelect label="与房屋关系" options={optionsOf(RELATION_LABELS)} value={relation} onChange={setRelation} />
        </Field>
        <Field label="姓名" required error={shown.name}>
          <Input value={name} onChange={setName} placeholder="您的姓名" maxLength={50} />
        </Field>
        <Field label="手机号" required error={shown.phone}>
          {/* NutUI's number: WeChat's digit keyboard (it has no "tel" type), a browser's tel keypad. */}
          <Input value={phone} onChange={setPhone} placeholder="11 位手机号" type="number" maxLength={11} />
        </Field>
        <ProblemCount count={Object.values(shown).filter(Boolean).length} />
        <Button type="primary" block loading={busy} onClick={submit}>提交绑定申请</Button>
      </View>
    </View>
  );
}
