import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { DEFAULT_CATEGORIES, type CommunityResponse } from '@wuye/shared';
import { ChipSelect } from '../../../components/chip-select';
import { Field } from '../../../components/field';
import { PageLoading } from '../../../components/load-state';
import { useLoaded } from '../../../hooks/use-loaded';
import { useRequireSession } from '../../../hooks/use-require-session';
import { setCategories } from '../../../services/community-settings';
import { listCommunities } from '../../../services/houses';

/** As the API takes them (UpdateCommunityDto): 1–50 categories of 1–30 characters, each once. */
const MAX_CATEGORIES = 50;
const MAX_LENGTH = 30;

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The case categories (问题分类) owners and staff choose from, per community (admin): remove one,
 * add one, save, or return to the default list. A change applies to cases submitted from then on;
 * cases already filed keep their category.
 */
export default function CategoriesPage() {
  const session = useRequireSession('staff');
  const isAdmin = session?.user.role === 'admin';
  const communityList = useLoaded(isAdmin ? 'communities' : null, listCommunities);
  const [saved, setSaved] = useState<Record<string, CommunityResponse>>({});
  const communities = (communityList.value ?? []).map((c) => saved[c.id] ?? c);
  const [picked, setPicked] = useState<string | null>(null);
  const community = communities.find((c) => c.id === picked) ?? communities[0] ?? null;

  /** The list being edited, with the community it belongs to: never shown, or saved, for another. */
  const [edited, setEdited] = useState<{ communityId: string; list: string[] } | null>(null);
  const draft = community && edited?.communityId === community.id ? edited.list : community?.categories ?? [];
  const setDraft = (list: string[]) => community && setEdited({ communityId: community.id, list });
  const [adding, setAdding] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const switchTo = async (communityId: string) => {
    if (busy || communityId === community?.id) return;
    if (changed || adding.trim()) {
      const { confirm } = await Taro.showModal({ title: '切换小区', content: '本小区的修改尚未保存，切换后将放弃。', confirmText: '放弃修改' });
      if (!confirm) return;
    }
    setEdited(null);
    setAdding('');
    setError(null);
    setPicked(communityId);
  };

  const add = () => {
    const name = adding.trim();
    if (!name) return setError('请输入分类名称');
    if (name.length > MAX_LENGTH) return setError(`分类名称最多 ${MAX_LENGTH} 个字`);
    if (draft.includes(name)) return setError('已有这个分类');
    if (draft.length >= MAX_CATEGORIES) return setError(`最多 ${MAX_CATEGORIES} 个分类`);
    setDraft([...draft, name]);
    setAdding('');
    setError(null);
  };

  const save = async (categories: string[] | null, done: string) => {
    if (!community) return;
    // A name typed but not added would be lost without a word.
    if (categories && adding.trim()) return setError('请先点「添加」，或清空输入框');
    setBusy(true);
    try {
      const updated = await setCategories(community.id, categories);
      setSaved((current) => ({ ...current, [updated.id]: updated }));
      setEdited(null);
      void Taro.showToast({ title: done, icon: 'none' });
    } catch {
      // The request wrapper showed the server's message; the draft stays as typed.
    } finally {
      setBusy(false);
    }
  };

  const restoreDefaults = async () => {
    const { confirm } = await Taro.showModal({
      title: '恢复默认',
      content: '确定恢复为默认的 14 个分类？对之后提交的报事生效，已有工单的分类不变。',
      confirmText: '恢复默认',
    });
    if (confirm) await save(null, '已恢复默认分类');
  };

  const changed = community !== null && !sameList(draft, community.categories);
  if (session && !isAdmin) return <View className="page muted center empty">仅管理员可设置报事分类</View>;
  if (!communityList.value) return <PageLoading error={communityList.error} onRetry={communityList.retry} />;
  if (!community) return <View className="page muted center empty">还没有小区</View>;

  const isDefault = sameList(community.categories, DEFAULT_CATEGORIES);
  return (
    <View className="page">
      {communities.length > 1 ? (
        <ChipSelect label="小区" options={communities.map((c) => ({ value: c.id, label: c.name }))} value={community.id} onChange={(id) => void switchTo(id)} />
      ) : (
        <View className="section-title">{community.name}</View>
      )}
      <View className="muted">业主报事和员工登记时从这些分类中选择。修改对之后提交的报事生效，已有工单的分类不变。</View>
      <View className="card">
        {draft.map((name) => (
          <View key={name} className="stat-row">
            <Text>{name}</Text>
            {draft.length > 1 ? (
              <Text className="link" aria-label={`删除 ${name}`} onClick={() => setDraft(draft.filter((c) => c !== name))}>删除</Text>
            ) : null}
          </View>
        ))}
      </View>
      <Field label="新增分类" error={error}>
        <Input value={adding} onChange={setAdding} placeholder="如：充电桩" maxLength={MAX_LENGTH} />
      </Field>
      <View className="form__buttons">
        <Button size="small" disabled={busy} onClick={add}>添加</Button>
        <Button type="primary" size="small" loading={busy} disabled={busy || !changed} onClick={() => void save(draft, '已保存，对之后提交的报事生效')}>
          保存
        </Button>
        {isDefault ? null : <Button size="small" disabled={busy} onClick={() => void restoreDefaults()}>恢复默认</Button>}
      </View>
    </View>
  );
}
