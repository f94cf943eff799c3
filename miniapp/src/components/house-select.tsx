import { View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { CommunityResponse, HouseResponse } from '@wuye/shared';
import { listBuildings, listHouses } from '../services/houses';
import { ChipSelect } from './chip-select';
import { Field } from './field';

interface HouseSelectProps {
  communities: CommunityResponse[];
  communityId: string | null;
  onCommunityChange: (communityId: string) => void;
  value: HouseResponse | null;
  onChange: (house: HouseResponse | null) => void;
}

/** Community → building → unit → room, loading each level from the API. */
export function HouseSelect({ communities, communityId, onCommunityChange, value, onChange }: HouseSelectProps) {
  const [buildings, setBuildings] = useState<string[]>([]);
  const [building, setBuilding] = useState<string | null>(null);
  const [houses, setHouses] = useState<HouseResponse[]>([]);
  const [unit, setUnit] = useState<string | null>(null);

  useEffect(() => {
    setBuildings([]);
    setBuilding(null);
    if (communityId) listBuildings(communityId).then(setBuildings, () => undefined);
  }, [communityId]);

  useEffect(() => {
    setHouses([]);
    setUnit(null);
    if (communityId && building) listHouses(communityId, building).then(setHouses, () => undefined);
  }, [communityId, building]);

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
          ) : (
            <View className="muted">加载中…</View>
          )}
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
          <ChipSelect
            label="房号"
            options={rooms.map((h) => ({ value: h.id, label: h.room }))}
            value={value?.id ?? null}
            onChange={(id) => onChange(houses.find((h) => h.id === id) ?? null)}
          />
        </Field>
      ) : null}
    </View>
  );
}
