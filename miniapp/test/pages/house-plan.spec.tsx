import { MAX_HOUSES, planHouses } from '../../src/pages/staff/communities/house-plan';

const plan = (over: Partial<Parameters<typeof planHouses>[0]> = {}) =>
  planHouses({ building: '5栋', units: '1单元 2单元', fromFloor: '1', toFloor: '3', perFloor: '2', ...over });

describe('planning a building’s houses', () => {
  it('numbers rooms by floor and position in every unit: 101, 102 … 302', () => {
    const { houses, problems } = plan();
    expect(problems).toEqual({});
    expect(houses.map((h) => `${h.unit} ${h.room}`)).toEqual([
      '1单元 101', '1单元 102', '1单元 201', '1单元 202', '1单元 301', '1单元 302',
      '2单元 101', '2单元 102', '2单元 201', '2单元 202', '2单元 301', '2单元 302',
    ]);
    expect(new Set(houses.map((h) => h.building))).toEqual(new Set(['5栋']));
  });

  it('gives high floors four-digit rooms, and a building without units one list', () => {
    const { houses } = plan({ units: ' ', fromFloor: '11', toFloor: '12', perFloor: '1' });
    expect(houses).toEqual([{ building: '5栋', unit: '', room: '1101' }, { building: '5栋', unit: '', room: '1201' }]);
  });

  it('reads units separated by commas or 、, each once', () => {
    expect(new Set(plan({ units: '1单元，2单元、1单元,3单元', toFloor: '1', perFloor: '1' }).houses.map((h) => h.unit)))
      .toEqual(new Set(['1单元', '2单元', '3单元']));
  });

  it('names every problem at once and plans nothing', () => {
    expect(plan({ building: ' ', fromFloor: '0', toFloor: 'x', perFloor: '100' })).toEqual({
      houses: [],
      problems: { building: '请填写楼栋，如：5栋', fromFloor: '起始楼层为 1–99 的整数', toFloor: '最高楼层为 1–99 的整数', perFloor: '每层户数为 1–99 的整数' },
    });
    expect(plan({ fromFloor: '9', toFloor: '3' }).problems).toEqual({ toFloor: '最高楼层不能低于起始楼层' });
  });

  it('refuses more houses than the server takes at once', () => {
    const units = Array.from({ length: 30 }, (_, i) => `${i + 1}单元`).join(' ');
    const tooMany = plan({ units, fromFloor: '1', toFloor: '99', perFloor: '2' }); // 30 × 99 × 2
    expect(tooMany.houses).toEqual([]);
    expect(tooMany.problems.perFloor).toBe(`一次最多添加 ${MAX_HOUSES} 户，请分楼栋或分单元添加`);
  });
});
