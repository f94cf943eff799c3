import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { COMMUNITY_CODE_PATTERN, type CommunityResponse } from '@wuye/shared';
import { ChipSelect } from '../../../components/chip-select';
import { Field } from '../../../components/field';
import { LoadFailed, PageLoading } from '../../../components/load-state';
import { useLoaded } from '../../../hooks/use-loaded';
import { useOneAtATime } from '../../../hooks/use-one-at-a-time';
import { useRequireSession } from '../../../hooks/use-require-session';
import { addHouses, createCommunity, renameCommunity } from '../../../services/community-settings';
import { listBuildings, listCommunities } from '../../../services/houses';
import { errorReason } from '../../../services/request';
import { HouseEditor } from './house-editor';
import { planHouses, type HousePlanInput, type PlannedHouse } from './house-plan';

const NEW = 'new';
const HOUSES_PER_REQUEST = 1000;
const houseName = (h: PlannedHouse) => [h.building, h.unit, h.room].filter(Boolean).join(' ');
const EMPTY_PLAN: HousePlanInput = { building: '', units: '', fromFloor: '1', toFloor: '', perFloor: '' };

/**
 * 小区与房屋 (admin): set up a community — its name and the code its case numbers start with — and
 * its houses, a building at a time (floors × rooms per floor in each unit), so owners can bind their
 * homes and staff can take cases for them. Houses already there are kept and not added twice.
 */
export default function CommunitiesPage() {
  const session = useRequireSession('staff');
  const isAdmin = session?.user.role === 'admin';
  const [listed, setListed] = useState(0);
  const communityList = useLoaded(isAdmin ? `communities-${listed}` : null, () => listCommunities({ silent: true }));
  const communities = communityList.value ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const community: CommunityResponse | null = picked === NEW ? null : communities.find((c) => c.id === picked) ?? communities[0] ?? null;
  const creating = picked === NEW || (communityList.value !== null && communities.length === 0);

  const [added, setAdded] = useState(0);
  const buildingList = useLoaded(community ? `${community.id}-${added}` : null, () => listBuildings(community!.id, { silent: true }));

  /** The new community's name and code; the name typed for the community shown (its own until edited). */
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; text: string } | null>(null);
  const shownName = community && renaming?.id === community.id ? renaming.text : community?.name ?? '';
  const [plan, setPlan] = useState<HousePlanInput>(EMPTY_PLAN);
  const [tried, setTried] = useState<'create' | 'rename' | 'houses' | null>(null);
  const { busy, run } = useOneAtATime();

  const choose = (id: string) => {
    setPicked(id);
    setRenaming(null);
    setPlan(EMPTY_PLAN);
    setTried(null);
  };

  const problemOf = (text: string) => (!text.trim() ? '请填写小区名称' : null);
  const nameProblem = problemOf(name);
  const codeProblem = COMMUNITY_CODE_PATTERN.test(code.trim().toUpperCase()) ? null : '编码为 2–10 位大写字母或数字，字母开头，如 HY';
  const create = () => {
    setTried('create');
    if (nameProblem || codeProblem) return;
    void run(async () => {
      const made = await createCommunity({ name: name.trim(), code: code.trim().toUpperCase() });
      void Taro.showToast({ title: '已新建小区，请添加房屋', icon: 'none' });
      setListed((n) => n + 1);
      setPicked(made.id);
      setName('');
      setCode('');
      setTried(null);
    });
  };
  const rename = () => {
    setTried('rename');
    if (!community || problemOf(shownName) || shownName.trim() === community.name) return;
    void run(async () => {
      await renameCommunity(community.id, shownName.trim());
      void Taro.showToast({ title: '已改名', icon: 'none' });
      setListed((n) => n + 1);
      setTried(null);
    });
  };

  const planned = planHouses(plan);
  const shownPlan = tried === 'houses' ? planned.problems : {};
  const setPlanField = (field: keyof HousePlanInput) => (value: string) => setPlan((p) => ({ ...p, [field]: value }));
  const add = () => {
    setTried('houses');
    if (!community || !planned.houses.length) return;
    const { houses } = planned;
    void run(async () => {
      const { confirm } = await Taro.showModal({
        title: '添加房屋',
        content: `将在 ${community.name} 添加 ${houses.length} 户（${houseName(houses[0])} 至 ${houseName(houses[houses.length - 1])}），已有的房屋不会重复添加。`,
        confirmText: '添加',
      });
      if (!confirm) return;
      // In batches the API's body limit takes (256 KB: some 4 000 houses with Chinese names). After a
      // failed batch a second try adds only what is missing: houses already there are not doubled.
      let created = 0;
      let sent = 0;
      try {
        for (; sent < houses.length; sent += HOUSES_PER_REQUEST) {
          created += (await addHouses(community.id, houses.slice(sent, sent + HOUSES_PER_REQUEST), { silent: sent > 0 })).created;
        }
      } catch (error) {
        if (sent === 0) throw error; // nothing was added: the request wrapper said why
        // Some batches went in: say how far it got, show them, and keep the plan for another try.
        setAdded((n) => n + 1);
        void Taro.showModal({
          title: '部分未完成',
          content: `已添加 ${created} 户，其余 ${houses.length - sent} 户未完成（${errorReason(error)}）。再次点「添加房屋」即可补齐，已有的不会重复添加。`,
          showCancel: false,
        });
        return;
      }
      const kept = houses.length - created;
      void Taro.showToast({ title: kept ? `已添加 ${created} 户，${kept} 户已存在` : `已添加 ${created} 户`, icon: 'none' });
      setPlan({ ...EMPTY_PLAN, fromFloor: plan.fromFloor, toFloor: plan.toFloor, perFloor: plan.perFloor });
      setAdded((n) => n + 1);
      setTried(null);
    });
  };

  if (session && !isAdmin) return <View className="page muted center empty">仅管理员可管理小区与房屋</View>;
  if (!communityList.value) return <PageLoading error={communityList.error} onRetry={communityList.retry} />;

  return (
    <View className="page">
      <ChipSelect
        label="小区"
        options={[...communities.map((c) => ({ value: c.id, label: c.name })), { value: NEW, label: '＋ 新建小区' }]}
        value={creating ? NEW : community?.id ?? null}
        onChange={choose}
      />

      {creating ? (
        <View className="card form" aria-label="新建小区">
          <View className="card__title">新建小区</View>
          <Field label="小区名称" required error={tried === 'create' ? nameProblem : null}>
            <Input value={name} onChange={setName} placeholder="如：和园" maxLength={100} />
          </Field>
          <Field label="编码" required error={tried === 'create' ? codeProblem : null}>
            <Input value={code} onChange={setCode} placeholder="工单编号的前缀，如 HY" maxLength={10} />
          </Field>
          <View className="muted">编码用于工单编号（如 HY-20261130-0001），建好后不能修改。</View>
          <Button type="primary" block loading={busy} disabled={busy} onClick={create}>确认新建</Button>
        </View>
      ) : community ? (
        <>
          <View className="card form" aria-label="小区信息">
            <View className="card__title">{community.name}（编码 {community.code}）</View>
            <Field label="小区名称" required error={tried === 'rename' ? problemOf(shownName) : null}>
              <Input value={shownName} onChange={(text) => setRenaming({ id: community.id, text })} maxLength={100} />
            </Field>
            <Button size="small" disabled={busy || shownName.trim() === community.name} onClick={rename}>保存名称</Button>
            <View className="muted">员工在「人员管理」中分配到该小区后，才能受理和处理它的工单。</View>
          </View>

          <View className="card" aria-label="已有楼栋">
            <View className="card__title">已有楼栋</View>
            {buildingList.error ? <LoadFailed error={buildingList.error} onRetry={buildingList.retry} /> : null}
            {!buildingList.error && !buildingList.value ? <View className="muted">加载中…</View> : null}
            {buildingList.value?.length === 0 ? <View className="muted">还没有房屋：添加后业主才能绑定房屋、报事</View> : null}
            {/* Kept while the buildings load again after a change, so the building chosen stays chosen. */}
            {buildingList.value?.length === 0 || buildingList.error ? null : (
              <HouseEditor key={community.id} community={community} buildings={buildingList.value ?? []} onChanged={() => setAdded((n) => n + 1)} />
            )}
          </View>

          <View className="card form" aria-label="添加房屋">
            <View className="card__title">批量添加房屋</View>
            <Field label="楼栋" required error={shownPlan.building}>
              <Input value={plan.building} onChange={setPlanField('building')} placeholder="如：5栋" maxLength={50} />
            </Field>
            <Field label="单元" error={shownPlan.units}>
              <Input value={plan.units} onChange={setPlanField('units')} placeholder="如：1单元 2单元（没有单元可不填）" maxLength={200} />
            </Field>
            <Field label="起始楼层" required error={shownPlan.fromFloor}>
              <Input value={plan.fromFloor} onChange={setPlanField('fromFloor')} type="number" maxLength={2} />
            </Field>
            <Field label="最高楼层" required error={shownPlan.toFloor}>
              <Input value={plan.toFloor} onChange={setPlanField('toFloor')} placeholder="如：18" type="number" maxLength={2} />
            </Field>
            <Field label="每层户数" required error={shownPlan.perFloor}>
              <Input value={plan.perFloor} onChange={setPlanField('perFloor')} placeholder="如：4（房号 01–04）" type="number" maxLength={2} />
            </Field>
            {planned.houses.length ? (
              <View className="muted">
                共 {planned.houses.length} 户：{houseName(planned.houses[0])} 至 {houseName(planned.houses[planned.houses.length - 1])}
              </View>
            ) : null}
            <Button type="primary" block loading={busy} disabled={busy} onClick={add}>添加房屋</Button>
          </View>
        </>
      ) : null}
    </View>
  );
}
