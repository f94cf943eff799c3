import ExcelJS from 'exceljs';
import type { Cell, DocTable, SummaryDocument } from '../summary-document';
import { cellText, plainDocument, textWidth } from './cells';

/** Excel forbids these in sheet names and caps them at 31 characters. */
const sheetName = (name: string, used: Set<string>): string => {
  const base = name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31);
  let candidate = base;
  for (let i = 2; used.has(candidate); i++) candidate = `${base.slice(0, 28)}(${i})`;
  used.add(candidate);
  return candidate;
};

/**
 * A cell's value and number format: fractions as numbers formatted `0.0%`, amounts as numbers
 * formatted with their unit (`0" 件"`), other numbers with one decimal unless whole — so the sheet
 * shows what the text says (both round half up from the same value).
 */
function cellValue(cell: Cell): { value: string | number | null; numFmt?: string } {
  if (cell === null || typeof cell === 'string') return { value: cell };
  const decimals = (n: number) => (Number.isInteger(n) ? '0' : '0.0');
  if (typeof cell === 'number') return { value: cell, numFmt: decimals(cell) };
  if ('pct' in cell) return { value: cell.pct, numFmt: '0.0%' };
  return { value: cell.amount, numFmt: cell.amount === null ? undefined : `${decimals(cell.amount)}" ${cell.unit}"` };
}

/** The widest a column gets; longer texts (thresholds, evidence, causes, descriptions) wrap inside it. */
const MAX_COLUMN_WIDTH = 60;

/** The workbook: a cover sheet with the text, then one sheet per table holding the data behind every figure. */
export async function renderXlsx(source: SummaryDocument): Promise<Buffer> {
  const doc = plainDocument(source);
  const wb = new ExcelJS.Workbook();
  wb.creator = '物业工单闭环';
  const used = new Set<string>();
  const cover = wb.addWorksheet(sheetName('总结', used));
  cover.getColumn(1).width = 120;
  const wrap = { wrapText: true, vertical: 'top' } as const;
  cover.addRow([doc.title]).font = { bold: true, size: 16 };
  cover.addRow([doc.meta]);
  const tables: DocTable[] = [];
  for (const section of doc.sections) {
    cover.addRow([]);
    cover.addRow([section.heading]).font = { bold: true, size: 13 };
    for (const block of section.blocks) {
      if (block.kind === 'paragraph' || block.kind === 'subheading') cover.addRow([block.text]).font = { bold: block.kind === 'subheading' };
      else if (block.kind === 'list') block.items.forEach((i) => cover.addRow([i]));
      else if (block.kind === 'table') { tables.push(block.table); cover.addRow([`见工作表「${block.table.sheet}」：${block.table.title}`]); }
      else { tables.push(block.chart.table); cover.addRow([`图：${block.chart.title}（数据见工作表「${block.chart.table.sheet}」）`]); }
    }
  }
  // The cover's paragraphs run to a few hundred characters: they wrap inside the column, not off the page.
  cover.getColumn(1).alignment = wrap;
  const seen = new Set<DocTable>();
  for (const t of tables) {
    if (seen.has(t)) continue;
    seen.add(t);
    const ws = wb.addWorksheet(sheetName(t.sheet, used));
    ws.addRow(t.columns).font = { bold: true };
    for (const row of t.rows) {
      const cells = row.map(cellValue);
      const r = ws.addRow(cells.map((c) => c.value));
      cells.forEach((c, i) => { if (c.numFmt) r.getCell(i + 1).numFmt = c.numFmt; });
    }
    // Each column as wide as its widest text (header or cell, as shown), so a threshold or a cause is not cut
    // off by the next column; beyond MAX_COLUMN_WIDTH the text wraps.
    t.columns.forEach((c, i) => {
      const column = ws.getColumn(i + 1);
      const widest = Math.max(textWidth(c), ...t.rows.map((row) => textWidth(cellText(row[i] ?? null)))) + 2;
      column.width = Math.max(10, Math.min(MAX_COLUMN_WIDTH, widest));
      if (widest > MAX_COLUMN_WIDTH) column.alignment = wrap;
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
