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
