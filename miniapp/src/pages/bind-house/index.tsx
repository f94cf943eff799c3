import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import {
  BINDING_STATUS_LABELS, RELATION_LABELS, type CommunityResponse, type HouseRelation, type HouseResponse,
} from '@wuye/shared';
import { ChipSelect, optionsOf } from '../../components/chip-select';
import { Field } from '../../components/field';
import { HouseSelect } from '../../components/house-select';
import { useRequireSession } from '../../hooks/use-require-session';
import { refreshMe } from '../../services/auth';
import { bindHouse, houseLabel, listCommunities } from '../../services/houses';

const PHONE_PATTERN = /^1\d{10}$/;

export default function BindHousePage() {
  const session = useRequireSession('owner');
  const [communities, setCommunities] = useState<CommunityResponse[]>([]);
  const [communityId, setCommunityId] = useState<string | null>(null);
  const [house, setHouse] = useState<HouseResponse | null>(null);
  const [relation, setRelation] = useState<HouseRelation>('owner');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useDidShow(() => {
    listCommunities().then(setCommunities, () => undefined);
    refreshMe().catch(() => undefined);
  });

  const submit = async () => {
    const problem = !house
      ? '请选择房屋'
      : !name.trim()
        ? '请填写姓名'
        : !PHONE_PATTERN.test(phone.trim())
          ? '请填写 11 位手机号'
          : null;
    setError(problem);
    if (problem || !house) return;
    setBusy(true);
    try {
      await bindHouse({ houseId: house.id, relation, name: name.trim(), phone: phone.trim() });
      await refreshMe();
      setHouse(null);
      void Taro.showToast({ title: '已提交，等待物业审核', icon: 'none' });
    } catch {
      // toast shown by the request wrapper
    } finally {
      setBusy(false);
    }
  };

  const houses = session?.user.houses ?? [];

  return (
    <View className="page">
      {houses.length ? (
        <View className="card">
          <View className="card__title">已申请的房屋</View>
          {houses.map((h) => (
            <View key={h.id} className="card__row house-row">
              <View>{h.communityName} {houseLabel(h)}（{RELATION_LABELS[h.relation]}）</View>
              <View className={`binding binding--${h.status}`}>{BINDING_STATUS_LABELS[h.status]}</View>
            </View>
          ))}
        </View>
      ) : null}

      <View className="card form">
        <View className="card__title">绑定新房屋</View>
        <HouseSelect communities={communities} communityId={communityId} onCommunityChange={setCommunityId} value={house} onChange={setHouse} />
        <Field label="与房屋关系" required>
          <ChipSelect label="与房屋关系" options={optionsOf(RELATION_LABELS)} value={relation} onChange={setRelation} />
        </Field>
        <Field label="姓名" required>
          <Input value={name} onChange={setName} placeholder="您的姓名" maxLength={50} />
        </Field>
        <Field label="手机号" required>
          <Input value={phone} onChange={setPhone} placeholder="11 位手机号" type="tel" maxLength={11} />
        </Field>
        {error ? <View className="field__error" role="alert">{error}</View> : null}
        <Button type="primary" block loading={busy} onClick={submit}>提交绑定申请</Button>
      </View>
    </View>
  );
}
