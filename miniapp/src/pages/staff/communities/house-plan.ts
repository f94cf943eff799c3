/** One house as the API takes it (POST /api/communities/:id/houses). */
export interface PlannedHouse {
  building: string;
  unit: string;
  room: string;
}

/** What an admin types to add a building's houses: floors × rooms per floor, in each unit. */
export interface HousePlanInput {
  building: string;
  /** Unit names separated by spaces, commas or 、 (e.g. "1单元 2单元"); empty for a building without units. */
  units: string;
  fromFloor: string;
  toFloor: string;
  perFloor: string;
}

/** The API's limits (CreateHousesDto, HouseInput). */
export const MAX_HOUSES = 5000;
const MAX_NAME = 50;
const MAX_FLOOR = 99;
const MAX_PER_FLOOR = 99;

export type HousePlan = { houses: PlannedHouse[]; problems: Partial<Record<keyof HousePlanInput, string>> };

const whole = (text: string): number | null => (/^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : null);

/**
 * The houses of a building as Chinese residential buildings number them: room = floor and a
 * two-digit position (3 floors × 2 per floor: 101, 102, 201, 202, 301, 302; floor 12: 1201), in
 * each unit given. Every problem is named at once, each under its own field; with any, no houses.
 */
export function planHouses(input: HousePlanInput): HousePlan {
  const problems: HousePlan['problems'] = {};
  const building = input.building.trim();
  if (!building) problems.building = '请填写楼栋，如：5栋';
  else if (building.length > MAX_NAME) problems.building = `楼栋最多 ${MAX_NAME} 个字`;
  const units = [...new Set(input.units.split(/[\s,，、]+/).map((u) => u.trim()).filter(Boolean))];
  if (units.some((u) => u.length > MAX_NAME)) problems.units = `单元名称最多 ${MAX_NAME} 个字`;
  const from = whole(input.fromFloor);
  const to = whole(input.toFloor);
  const perFloor = whole(input.perFloor);
  if (from === null || from < 1 || from > MAX_FLOOR) problems.fromFloor = `起始楼层为 1–${MAX_FLOOR} 的整数`;
  if (to === null || to < 1 || to > MAX_FLOOR) problems.toFloor = `最高楼层为 1–${MAX_FLOOR} 的整数`;
  else if (from !== null && to < from) problems.toFloor = '最高楼层不能低于起始楼层';
  if (perFloor === null || perFloor < 1 || perFloor > MAX_PER_FLOOR) problems.perFloor = `每层户数为 1–${MAX_PER_FLOOR} 的整数`;
  if (Object.keys(problems).length) return { houses: [], problems };

  const houses: PlannedHouse[] = [];
  for (const unit of units.length ? units : ['']) {
    for (let floor = from as number; floor <= (to as number); floor++) {
      for (let n = 1; n <= (perFloor as number); n++) houses.push({ building, unit, room: `${floor}${String(n).padStart(2, '0')}` });
    }
  }
  if (houses.length > MAX_HOUSES) return { houses: [], problems: { perFloor: `一次最多添加 ${MAX_HOUSES} 户，请分楼栋或分单元添加` } };
  return { houses, problems };
}
