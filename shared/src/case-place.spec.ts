import { houseLabel, placeOf } from './case-place';

describe('placeOf', () => {
  it('is the house when there is one', () => {
    expect(placeOf({ houseLabel: '3栋 2单元 301', building: null, location: null })).toBe('3栋 2单元 301');
  });

  it('is a public area’s building and location, the building said once when the location starts with it', () => {
    expect(placeOf({ houseLabel: null, building: '3栋', location: '单元门口' })).toBe('3栋 单元门口');
    expect(placeOf({ houseLabel: null, building: '3栋', location: '3栋 电梯厅' })).toBe('3栋 电梯厅');
    expect(placeOf({ houseLabel: null, building: null, location: '南门' })).toBe('南门');
    expect(placeOf({ houseLabel: null, building: null, location: null })).toBeNull();
  });
});

describe('houseLabel', () => {
  it('writes a house as the server writes a case’s house, with or without a unit', () => {
    expect(houseLabel({ building: '2栋', unit: '2单元', room: '102' })).toBe('2栋 2单元 102');
    expect(houseLabel({ building: '5栋', unit: '', room: '801' })).toBe('5栋 801');
    expect(houseLabel({ building: '5栋', unit: null, room: '801' })).toBe('5栋 801');
  });
});
