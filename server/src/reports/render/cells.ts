import type { Block, Cell, DocTable, SummaryDocument } from '../summary-document';
import { num, pct } from '../summary-rules';

/** A cell as text: fractions as "50.0%", numbers with one decimal unless whole, amounts with their unit ("6 件"), nothing as "—". */
export function cellText(cell: Cell): string {
  if (cell === null) return '—';
  if (typeof cell === 'object') return 'pct' in cell ? pct(cell.pct) : num(cell.amount, ` ${cell.unit}`);
  if (typeof cell === 'number') return num(cell);
  return cell;
}

/** Room a text takes in a table column, in widths of a digit: a Chinese (full-width) character takes two. */
export const textWidth = (text: string): number => [...text].reduce((w, ch) => w + (ch.codePointAt(0)! > 0x2e7f ? 2 : 1), 0);

/**
 * Characters no reader should get and XML 1.0 forbids (Word and Excel refuse a file holding them):
 * C0 controls but tab, newline and carriage return; DEL and the C1 controls; unpaired surrogates;
 * U+FFFE and U+FFFF. Owners' descriptions can carry them (an ESC from a pasted terminal colour code).
 */
// eslint-disable-next-line no-control-regex
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters above. */
export const plainText = (text: string): string => text.replace(NOT_TEXT, '');

const plainCell = (cell: Cell): Cell => (typeof cell === 'string' ? plainText(cell) : cell);

/**
 * The document with every text stripped of plainText's characters: each renderer starts from it,
 * so no format carries them (and the .docx and .xlsx stay valid XML). A table shown twice stays
 * one object (the workbook gives each table one sheet).
 */
export function plainDocument(doc: SummaryDocument): SummaryDocument {
  const tables = new Map<DocTable, DocTable>();
  const plainTable = (t: DocTable): DocTable => {
    let clean = tables.get(t);
    if (!clean) {
      clean = { ...t, sheet: plainText(t.sheet), title: plainText(t.title), columns: t.columns.map(plainText), rows: t.rows.map((r) => r.map(plainCell)) };
      tables.set(t, clean);
    }
    return clean;
  };
  const plainBlock = (block: Block): Block => {
    switch (block.kind) {
      case 'paragraph':
      case 'subheading':
        return { ...block, text: plainText(block.text) };
      case 'list':
        return { ...block, items: block.items.map(plainText) };
      case 'table':
        return { ...block, table: plainTable(block.table) };
      case 'chart':
        return { ...block, chart: { ...block.chart, title: plainText(block.chart.title), categories: block.chart.categories.map(plainText),
          series: block.chart.series.map((s) => ({ ...s, name: plainText(s.name) })), table: plainTable(block.chart.table) } };
    }
  };
  return {
    title: plainText(doc.title),
    name: plainText(doc.name),
    meta: plainText(doc.meta),
    sections: doc.sections.map((s) => ({ heading: plainText(s.heading), blocks: s.blocks.map(plainBlock) })),
  };
}
