import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { CommunityResponse, HouseResponse } from '@wuye/shared';
import { ChipSelect } from '../../../components/chip-select';
import { Field } from '../../../components/field';
import { LoadFailed } from '../../../components/load-state';
import { useLoaded } from '../../../hooks/use-loaded';
import { useOneAtATime } from '../../../hooks/use-one-at-a-time';
import { correctHouse, deleteHouse } from '../../../services/community-settings';
import { listHouses } from '../../../services/houses';

interface HouseEditorProps {
  community: CommunityResponse;
  buildings: string[];
  /** A house was corrected or deleted: the buildings may have changed. */
  onChanged: () => void;
}

const roomName = (h: HouseResponse) => [h.unit, h.room].filter(Boolean).join(' ');

/**
 * The community's buildings, and 修改或删除房屋 (admin): pick a building, then a house, and correct
 * its 楼栋 / 单元 / 房号 or delete it. The server decides what may change (a house with cases stays
 * in its building; one that a case or a binding names is not deleted) and says why in its refusal;
 * the form then stays.
 */
export function HouseEditor({ community, buildings, onChanged }: HouseEditorProps) {
  const [building, setBuilding] = useState<string | null>(null);
  const [changes, setChanges] = useState(0);
  const shownBuilding = building && buildings.includes(building) ? building : null;
  const houseList = useLoaded(shownBuilding ? `${community.id}-${shownBuilding}-${changes}` : null,
    () => listHouses(community.id, shownBuilding!, { silent: true }));
  const [picked, setPicked] = useState<string | null>(null);
  const house = houseList.value?.find((h) => h.id === picked) ?? null;
  const [form, setForm] = useState({ building: '', unit: '', room: '' });
  const [tried, setTried] = useState(false);
  const { busy, run } = useOneAtATime();

  const pick = (id: string) => {
    const chosen = houseList.value?.find((h) => h.id === id);
    if (!chosen) return;
    setPicked(id);
    setForm({ building: chosen.building, unit: chosen.unit, room: chosen.room });
    setTried(false);
  };
  const done = (toast: string) => {
    void Taro.showToast({ title: toast, icon: 'none' });
    setPicked(null);
    setChanges((n) => n + 1);
    onChanged();
  };
  const trimmed = { building: form.building.trim(), unit: form.unit.trim(), room: form.room.trim() };
  const problems = { building: trimmed.building ? null : '请填写楼栋', room: trimmed.room ? null : '请填写房号' };
  const unchanged = !!house && trimmed.building === house.building && trimmed.unit === house.unit && trimmed.room === house.room;

  const save = () => {
    setTried(true);
    if (!house || problems.building || problems.room || unchanged) return;
    void run(async () => {
      await correctHouse(community.id, house.id, {
        ...(trimmed.building !== house.building ? { building: trimmed.building } : {}),
        ...(trimmed.unit !== house.unit ? { unit: trimmed.unit } : {}),
        ...(trimmed.room !== house.room ? { room: trimmed.room } : {}),
      });
      if (trimmed.building !== house.building) setBuilding(trimmed.building);
      done('已修改房屋');
    });
  };
  const remove = () => {
    if (!house) return;
    void run(async () => {
      const { confirm } = await Taro.showModal({
        title: '删除房屋',
        content: `删除 ${house.building} ${roomName(house)}？已有工单或业主绑定记录的房屋不能删除。`,
        confirmText: '删除',
      });
      if (!confirm) return;
      await deleteHouse(community.id, house.id);
      done('已删除房屋');
    });
  };

  return (
    <View className="form">
      <ChipSelect label="楼栋列表" options={buildings.map((b) => ({ value: b, label: b }))} value={shownBuilding} onChange={(b) => { setBuilding(b); setPicked(null); }} />
      {houseList.error ? <LoadFailed error={houseList.error} onRetry={houseList.retry} /> : null}
      {shownBuilding && !houseList.error && !houseList.value ? <View className="muted">加载中…</View> : null}
      {houseList.value ? (
        <ChipSelect label="房屋" options={houseList.value.map((h) => ({ value: h.id, label: roomName(h) }))} value={house?.id ?? null} onChange={pick} />
      ) : null}
      {buildings.length && !shownBuilding ? <View className="muted">点选楼栋，可修改或删除其中录错的房屋</View> : null}
      {house ? (
        <View className="form" aria-label="修改房屋">
          <Field label="楼栋" required error={tried ? problems.building : null}>
            <Input value={form.building} onChange={(text) => setForm((f) => ({ ...f, building: text }))} maxLength={50} />
          </Field>
          <Field label="单元">
            <Input value={form.unit} onChange={(text) => setForm((f) => ({ ...f, unit: text }))} placeholder="没有单元可不填" maxLength={50} />
          </Field>
          <Field label="房号" required error={tried ? problems.room : null}>
            <Input value={form.room} onChange={(text) => setForm((f) => ({ ...f, room: text }))} maxLength={50} />
          </Field>
          <View className="muted">已有工单的房屋只能修改单元和房号；已有工单或业主绑定记录的房屋不能删除。</View>
          <View className="form__buttons">
            <Button size="small" disabled={busy} onClick={remove}>删除房屋</Button>
            <Button size="small" type="primary" loading={busy} disabled={busy || unchanged} onClick={save}>保存修改</Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}
