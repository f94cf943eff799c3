import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { LEDGER_COLUMNS, ledgerCells } from './ledger-columns';
import type { LedgerRow } from './case-ledger.query';

/**
 * Writes the ledger workbook to `out` as its rows arrive: exceljs's streaming writer commits each
 * row, so memory stays flat however many cases the period holds (the whole workbook is never built).
 * One sheet 工单台账: a frozen header row with filters, one row per case. No cell styles: with them
 * exceljs looks up a style for every cell, which took 6.2 s instead of 2.3 s for 100 000 rows
 * (docs/performance.md, "Case ledger").
 */
export async function writeLedgerXlsx(out: Writable, title: string, batches: AsyncIterable<LedgerRow[]>): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  wb.creator = '物业工单闭环';
  wb.title = title;
  const ws = wb.addWorksheet('工单台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = LEDGER_COLUMNS.map(({ header, width }) => ({ header, width }));
  ws.getRow(1).commit();
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } };
  let written = 0;
  for await (const rows of batches) {
    for (const row of rows) {
      ws.addRow(ledgerCells(row)).commit();
      written++;
    }
  }
  ws.commit();
  await wb.commit();
  return written;
}
