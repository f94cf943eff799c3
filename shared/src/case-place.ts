/**
 * A house as people write it, 3栋 2单元 301 (no unit: 3栋 301) — as the server's SQL writes a case's
 * `houseLabel` (`concat_ws(' ', building, nullif(unit, ''), room)`), so a house reads the same on
 * the owner's home page, in a form's choices and on a case.
 */
export function houseLabel(house: { building: string; unit?: string | null; room: string }): string {
  return [house.building, house.unit, house.room].filter(Boolean).join(' ');
}

/**
 * Where a case is, as people write it: its house (3栋 2单元 301), or a public area's building and
 * location (3栋 单元门口; a location that already starts with its building, 3栋电梯厅, reads it once).
 * The mini-program's cards and the server's case ledger say it the same way.
 */
export function placeOf(c: { houseLabel: string | null; building?: string | null; location: string | null }): string | null {
  if (c.houseLabel) return c.houseLabel;
  const building = c.building && !c.location?.replace(/\s/g, '').startsWith(c.building) ? c.building : null;
  return [building, c.location].filter(Boolean).join(' ') || null;
}
