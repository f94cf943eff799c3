import { render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { CommunityResponse, HouseResponse } from '@wuye/shared';
import { HouseSelect } from '../../src/components/house-select';
import { chooseChip, fakeApi, ok, tapButton } from '../helpers';

const communities: CommunityResponse[] = [
  { id: 'c-hy', name: '和园', code: 'HY', categories: [] },
  { id: 'c-new', name: '新苑', code: 'XY', categories: [] },
];
const house = (room: string) => ({ id: `h-${room}`, communityId: 'c-hy', building: '1栋', unit: '1单元', room }) as HouseResponse;

/** The picker as a form uses it: the community is the form's state. */
function Picker() {
  const [communityId, setCommunityId] = useState<string | null>(null);
  const [value, setValue] = useState<HouseResponse | null>(null);
  return <HouseSelect communities={communities} communityId={communityId} onCommunityChange={setCommunityId} value={value} onChange={setValue} />;
}

describe('HouseSelect', () => {
  it('says a community without houses has none, instead of loading for ever', async () => {
    fakeApi({ 'GET /communities/c-new/buildings': ok([]) });
    render(<Picker />);
    chooseChip('小区', '新苑');
    expect(await screen.findByText('该小区暂无房屋')).toBeInTheDocument();
    expect(screen.queryByText('加载中…')).not.toBeInTheDocument();
  });

  it('offers 重试 when the buildings fail to load (no toast on top), then the rooms', async () => {
    const api = fakeApi({ 'GET /communities/c-hy/buildings': 'offline' });
    render(<Picker />);
    chooseChip('小区', '和园');
    expect(await screen.findByText('加载失败')).toBeInTheDocument();
    expect(screen.getByText('网络异常，请稍后重试')).toBeInTheDocument();
    expect(Taro.showToast).not.toHaveBeenCalled();

    api.answer('GET /communities/c-hy/buildings', ok(['1栋']));
    api.answer('GET /communities/c-hy/houses', ok([house('102'), house('101')]));
    tapButton('重试');
    await screen.findByText('1栋');
    chooseChip('楼栋', '1栋');
    expect(await screen.findByText('101')).toBeInTheDocument();
    expect(screen.queryByText('加载失败')).not.toBeInTheDocument();
  });

  it('offers 重试 when the rooms of a building fail to load', async () => {
    const api = fakeApi({ 'GET /communities/c-hy/buildings': ok(['1栋']), 'GET /communities/c-hy/houses': 'offline' });
    render(<Picker />);
    chooseChip('小区', '和园');
    await screen.findByText('1栋');
    chooseChip('楼栋', '1栋');
    expect(await screen.findByText('加载失败')).toBeInTheDocument();
    api.answer('GET /communities/c-hy/houses', ok([house('101')]));
    tapButton('重试');
    expect(await screen.findByText('101')).toBeInTheDocument();
  });
});
