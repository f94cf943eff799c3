import { View } from '@tarojs/components';
import { Button, Input, TextArea } from '@nutui/nutui-react-taro';
import { useMemo, useState } from 'react';
import {
  CASE_TYPE_LABELS, CHANNEL_LABELS, DEFAULT_CATEGORIES, PHONE_PATTERN, STAFF_CHANNELS, URGENCY_LABELS,
  type CaseType, type Channel, type CommunityResponse, type CreateCaseRequest, type HouseResponse,
  type UploadResponse, type Urgency,
} from '@wuye/shared';
import { ChipSelect, optionsOf } from './chip-select';
import { Field, ProblemCount } from './field';
import { HouseSelect } from './house-select';
import { useLoaded } from '../hooks/use-loaded';
import { listBuildings } from '../services/houses';
import { PhotoPicker } from './photo-picker';

export const DESCRIPTION_MAX = 2000;
export const LOCATION_MAX = 200;
const PREFERRED_TIMES = ['尽快', '今天', '明天上午', '明天下午', '周末', '电话联系后再约'];

export interface HouseOption {
  id: string;
  label: string;
  communityId: string;
}

type Target = 'house' | 'public';
/** The public area is the whole community, not one building. */
const WHOLE_COMMUNITY = '';

interface ReportFormProps {
  /** `owner`: their approved houses; `intake`: staff taking a case for an owner (channel, contact). */
  mode: 'owner' | 'intake';
  /** Owner: communities where they have an approved house. Staff: their communities. */
  communities: CommunityResponse[];
  /** Owner only: approved house bindings. */
  houses?: HouseOption[];
  onSubmit: (body: CreateCaseRequest) => Promise<void> | void;
}

export function ReportForm({ mode, communities, houses = [], onSubmit }: ReportFormProps) {
  const intake = mode === 'intake';
  const [channel, setChannel] = useState<Exclude<Channel, 'miniapp'> | null>(intake ? 'phone' : null);
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [type, setType] = useState<CaseType>('repair');
  const [target, setTarget] = useState<Target>(intake || houses.length ? 'house' : 'public');
  const [pickedOwnHouse, setHouseId] = useState<string | null>(null);
  // The owner's houses are read again as the page shows: one taken away since it was picked is not
  // sent (it would be refused as no longer bound), nor is another put in its place — the owner
  // chooses again. An owner of one house who picked nothing has it chosen.
  const houseId = pickedOwnHouse !== null
    ? (houses.some((h) => h.id === pickedOwnHouse) ? pickedOwnHouse : null)
    : houses.length === 1 ? houses[0].id : null;
  const [pickedHouse, setPickedHouse] = useState<HouseResponse | null>(null);
  const [pickedCommunity, setCommunityId] = useState<string | null>(null);
  // As the house: a community no longer offered (the owner's last house in it was taken away) is not
  // sent; with one community offered and none picked, that one.
  const communityId = pickedCommunity !== null
    ? (communities.some((c) => c.id === pickedCommunity) ? pickedCommunity : null)
    : communities.length === 1 ? communities[0].id : null;
  const [location, setLocation] = useState('');
  const [areaBuilding, setAreaBuilding] = useState(WHOLE_COMMUNITY);
  const [category, setCategory] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [urgency, setUrgency] = useState<Urgency>('normal');
  const [photos, setPhotos] = useState<UploadResponse[]>([]);
  const [uploading, setUploading] = useState(0);
  const [preferredTime, setPreferredTime] = useState<string | null>(null);
  /** 提交 was tapped: from then on every field says what it still lacks (and stops once it is fixed). */
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);

  // The community whose categories apply: the chosen house's, or the chosen community.
  const targetCommunityId =
    target === 'house' && !intake ? houses.find((h) => h.id === houseId)?.communityId ?? null : communityId;
  const categories = useMemo(() => {
    const community = communities.find((c) => c.id === targetCommunityId) ?? communities[0];
    return community?.categories?.length ? community.categories : [...DEFAULT_CATEGORIES];
  }, [communities, targetCommunityId]);
  // A public area may be one of the community's buildings (reports count it there); a building
  // picked in another community does not carry over.
  const buildingList = useLoaded(target === 'public' && communityId ? communityId : null,
    () => listBuildings(communityId as string, { silent: true }));
  const buildings = buildingList.value ?? [];
  const chosenBuilding = buildings.includes(areaBuilding) ? areaBuilding : WHOLE_COMMUNITY;
  // Intake: a house picked in another community (the 小区 was changed since, e.g. for a public area)
  // is not the one on screen, and is not sent.
  const chosenHouse = pickedHouse && pickedHouse.communityId === communityId ? pickedHouse : null;
  // A category picked for another house or community does not carry over to one without it.
  const chosenCategory = category !== null && categories.includes(category) ? category : null;
  // Only a repair in the owner's home means someone comes to the door: no visit time for a question,
  // a praise or a public area (a time chosen before switching is not sent).
  const homeVisit = type === 'repair' && target === 'house';

  // Every problem at once, each shown under its own field, so one pass fixes them all.
  const problems = {
    channel: intake && !channel ? '请选择来源渠道' : null,
    contact: intake && !contactName.trim() && !contactPhone.trim() ? '请填写联系人或联系电话'
      : intake && contactPhone.trim() && !PHONE_PATTERN.test(contactPhone.trim()) ? '电话只能填数字（可含空格、+、-），5 至 20 位；分机号等请写在问题描述中' : null,
    house: target === 'house' && !(intake ? chosenHouse : houseId) ? '请选择房屋' : null,
    community: target === 'public' && !communityId ? '请选择小区' : null,
    location: target === 'public' && !location.trim() ? '请填写公共区域的具体位置' : null,
    category: chosenCategory ? null : '请选择问题分类',
    description: description.trim() ? null : '请描述遇到的问题',
    photos: uploading > 0 ? '照片还在上传，请稍候' : null,
  };
  const problemCount = Object.values(problems).filter(Boolean).length;
  const shown: Partial<typeof problems> = tried ? problems : {};

  const submit = async () => {
    setTried(true);
    if (problemCount) return;
    const body: CreateCaseRequest = {
      type,
      category: chosenCategory as string,
      description: description.trim(),
      urgency,
      ...(target === 'house'
        ? { houseId: (intake ? chosenHouse?.id : houseId) as string }
        : { communityId: communityId as string, location: location.trim(), ...(chosenBuilding ? { building: chosenBuilding } : {}) }),
      ...(photos.length ? { photoIds: photos.map((p) => p.id) } : {}),
      ...(homeVisit && preferredTime ? { preferredTime } : {}),
      ...(intake
        ? {
            channel: channel as Channel,
            ...(contactName.trim() ? { contactName: contactName.trim() } : {}),
            ...(contactPhone.trim() ? { contactPhone: contactPhone.trim() } : {}),
          }
        : {}),
    };
    setBusy(true);
    try {
      await onSubmit(body);
    } catch {
      // the request wrapper showed why; the form keeps its content for a retry
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="form" aria-label={intake ? '代录工单' : '我要报事'}>
      {intake ? (
        <View className="card">
          <Field label="来源渠道" required error={shown.channel}>
            <ChipSelect label="来源渠道" options={optionsOf(CHANNEL_LABELS, STAFF_CHANNELS)} value={channel} onChange={setChannel} />
          </Field>
          <Field label="联系人">
            <Input value={contactName} onChange={setContactName} placeholder="业主姓名" maxLength={50} />
          </Field>
          <Field label="联系电话" error={shown.contact}>
            <Input value={contactPhone} onChange={setContactPhone} placeholder="手机号或座机" type="tel" maxLength={20} />
          </Field>
        </View>
      ) : null}

      <View className="card">
        <Field label="类型" required>
          <ChipSelect label="类型" options={optionsOf(CASE_TYPE_LABELS)} value={type} onChange={setType} />
        </Field>
        <Field label="位置" required>
          <ChipSelect
            label="位置"
            options={[{ value: 'house', label: intake ? '房屋' : '我的房屋' }, { value: 'public', label: '公共区域' }]}
            value={target}
            onChange={(next: Target) => {
              // The house picker starts empty when shown again: a house kept from before would be
              // sent without being on screen. (Tapping the chip already chosen changes nothing.)
              if (next !== target) setPickedHouse(null);
              setTarget(next);
            }}
          />
        </Field>
        {target === 'house' && !intake ? (
          <Field label="房屋" required error={shown.house}>
            {houses.length ? (
              <ChipSelect label="房屋" options={houses.map((h) => ({ value: h.id, label: h.label }))} value={houseId} onChange={setHouseId} />
            ) : (
              <View className="muted">还没有审核通过的房屋，请先绑定房屋</View>
            )}
          </Field>
        ) : null}
        {target === 'house' && intake ? (
          <HouseSelect
            communities={communities}
            communityId={communityId}
            onCommunityChange={setCommunityId}
            value={chosenHouse}
            onChange={setPickedHouse}
            error={shown.house}
          />
        ) : null}
        {target === 'public' ? (
          <>
            {/* Shown unless there is just one to choose (also when none loaded: it then says 请选择小区), or the one picked went. */}
            {communities.length !== 1 || intake || (pickedCommunity !== null && communityId === null) ? (
              <Field label="小区" required error={shown.community}>
                <ChipSelect label="小区" options={communities.map((c) => ({ value: c.id, label: c.name }))} value={communityId} onChange={setCommunityId} />
              </Field>
            ) : null}
            {buildings.length ? (
              <Field label="楼栋">
                <ChipSelect
                  label="楼栋"
                  options={[{ value: WHOLE_COMMUNITY, label: '整个小区' }, ...buildings.map((b) => ({ value: b, label: b }))]}
                  value={chosenBuilding}
                  onChange={setAreaBuilding}
                />
              </Field>
            ) : null}
            <Field label="具体位置" required error={shown.location}>
              <Input value={location} onChange={setLocation} placeholder={chosenBuilding ? '如：2 单元电梯厅' : buildings.length ? '如：南门岗亭（在某栋楼请先选楼栋）' : '如：3 栋 2 单元电梯厅'} maxLength={LOCATION_MAX} />
            </Field>
          </>
        ) : null}
      </View>

      <View className="card">
        <Field label="问题分类" required error={shown.category}>
          <ChipSelect label="问题分类" options={categories.map((c) => ({ value: c, label: c }))} value={chosenCategory} onChange={setCategory} />
        </Field>
        <Field label="问题描述" required error={shown.description}>
          <TextArea
            value={description}
            onChange={setDescription}
            maxLength={DESCRIPTION_MAX}
            showCount
            placeholder="请描述问题的情况、位置和时间"
          />
        </Field>
        <Field label="紧急程度">
          <ChipSelect label="紧急程度" options={optionsOf(URGENCY_LABELS)} value={urgency} onChange={setUrgency} />
        </Field>
        <Field label="照片（最多 9 张）" error={shown.photos}>
          <PhotoPicker value={photos} onChange={setPhotos} onUploadingChange={setUploading} />
        </Field>
        {/* The caller on the phone says when someone may come, as the owner in the form does. */}
        {homeVisit ? (
          <Field label="期望上门时间">
            <ChipSelect
              label="期望上门时间"
              options={PREFERRED_TIMES.map((t) => ({ value: t, label: t }))}
              value={preferredTime}
              onChange={setPreferredTime}
            />
          </Field>
        ) : null}
      </View>

      <ProblemCount count={tried ? problemCount : 0} />
      <Button type="primary" block loading={busy} onClick={submit}>提交</Button>
    </View>
  );
}
