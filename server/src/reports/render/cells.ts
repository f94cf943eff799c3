import type { Cell } from '../summary-document';
import { pct } from '../summary-rules';

/** A cell as text: fractions as "50.0%", nothing as "—". */
export function cellText(cell: Cell): string {
  if (cell === null) return '—';
  if (typeof cell === 'object') return pct(cell.pct);
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : cell.toFixed(1);
  return cell;
}
