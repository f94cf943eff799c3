import ExcelJS from 'exceljs';
import type { DocTable, SummaryDocument } from '../summary-document';

/** Excel forbids these in sheet names and caps them at 31 characters. */
const sheetName = (name: string, used: Set<string>): string => {
  const base = name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31);
  let candidate = base;
  for (let i = 2; used.has(candidate); i++) candidate = `${base.slice(0, 28)}(${i})`;
  used.add(candidate);
  return candidate;
};

/** The workbook: a cover sheet with the text, then one sheet per table holding the data behind every figure. */
export async function renderXlsx(doc: SummaryDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '物业工单闭环';
  const used = new Set<string>();
  const cover = wb.addWorksheet(sheetName('总结', used));
  cover.getColumn(1).width = 120;
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
  const seen = new Set<DocTable>();
  for (const t of tables) {
    if (seen.has(t)) continue;
    seen.add(t);
    const ws = wb.addWorksheet(sheetName(t.sheet, used));
    ws.addRow(t.columns).font = { bold: true };
    for (const row of t.rows) {
      const r = ws.addRow(row.map((c) => (c !== null && typeof c === 'object' ? c.pct : c)));
      row.forEach((c, i) => { if (c !== null && typeof c === 'object') r.getCell(i + 1).numFmt = '0.0%'; });
    }
    t.columns.forEach((c, i) => { ws.getColumn(i + 1).width = Math.max(10, Math.min(60, c.length * 2 + 4)); });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
