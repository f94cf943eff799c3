import { View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { CommunityResponse, HouseResponse } from '@wuye/shared';
import { useLoaded } from '../hooks/use-loaded';
import { listBuildings, listHouses } from '../services/houses';
import { ChipSelect } from './chip-select';
import { Field } from './field';
import { LoadFailed } from './load-state';

interface HouseSelectProps {
  communities: CommunityResponse[];
  communityId: string | null;
  onCommunityChange: (communityId: string) => void;
  value: HouseResponse | null;
  onChange: (house: HouseResponse | null) => void;
  /** House id → why it cannot be chosen (an owner's existing application): shown on its chip, not choosable. */
  taken?: Record<string, string>;
  /** The form's complaint about the house (none chosen), under the last level shown. */
  error?: string | null;
}

/**
 * Community → building → unit → room, loading each level from the API. A level that failed to load
 * says so with 重试 (the request is silent: no toast on top); a community without houses says so.
 */
export function HouseSelect({ communities, communityId, onCommunityChange, value, onChange, taken = {}, error }: HouseSelectProps) {
  const [building, setBuilding] = useState<string | null>(null);
  const [unit, setUnit] = useState<string | null>(null);
  useEffect(() => setBuilding(null), [communityId]);
  useEffect(() => setUnit(null), [communityId, building]);

  const buildingList = useLoaded(communityId, () => listBuildings(communityId as string, { silent: true }));
  const houseList = useLoaded(communityId && building ? `${communityId}\n${building}` : null, () =>
    listHouses(communityId as string, building as string, { silent: true }),
  );
  const buildings = buildingList.value ?? [];
  const houses = houseList.value ?? [];

  const units = [...new Set(houses.map((h) => h.unit))];
  const rooms = houses.filter((h) => units.length <= 1 || h.unit === unit);

  return (
    <View>
      <Field label="小区" required>
        <ChipSelect
          label="小区"
          options={communities.map((c) => ({ value: c.id, label: c.name }))}
          value={communityId}
          onChange={(id) => {
            onChange(null);
            onCommunityChange(id);
          }}
        />
      </Field>
      {communityId ? (
        <Field label="楼栋" required>
          {buildingList.error ? <LoadFailed error={buildingList.error} onRetry={buildingList.retry} /> : null}
          {!buildingList.error && !buildingList.value ? <View className="muted">加载中…</View> : null}
          {buildingList.value?.length === 0 ? <View className="muted">该小区暂无房屋</View> : null}
          {buildings.length ? (
            <ChipSelect
              label="楼栋"
              options={buildings.map((b) => ({ value: b, label: b }))}
              value={building}
              onChange={(b) => {
                onChange(null);
                setBuilding(b);
              }}
            />
          ) : null}
        </Field>
      ) : null}
      {building && units.length > 1 ? (
        <Field label="单元" required>
          <ChipSelect
            label="单元"
            options={units.map((u) => ({ value: u, label: u }))}
            value={unit}
            onChange={(u) => {
              onChange(null);
              setUnit(u);
            }}
          />
        </Field>
      ) : null}
      {building && (units.length <= 1 || unit) ? (
        <Field label="房号" required>
          {houseList.error ? <LoadFailed error={houseList.error} onRetry={houseList.retry} /> : null}
          {!houseList.error && !houseList.value ? <View className="muted">加载中…</View> : null}
          <ChipSelect
            label="房号"
            options={rooms.map((h) => {
              const why = taken[h.id];
              return { value: h.id, label: why ? `${h.room}（${why}）` : h.room, disabled: !!why };
            })}
            value={value?.id ?? null}
            onChange={(id) => onChange(houses.find((h) => h.id === id) ?? null)}
          />
        </Field>
      ) : null}
      {error ? <View className="field__error" role="alert">{error}</View> : null}
    </View>
  );
}
