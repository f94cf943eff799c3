import ExcelJS from 'exceljs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { LEDGER_COLUMNS, ledgerCells, ledgerColumnWidth } from './ledger-columns';
import type { LedgerRow } from './case-ledger.query';

/**
 * Writes the ledger workbook to `out` as its rows arrive: exceljs's streaming writer commits each
 * row, so the whole workbook is never built. One sheet 工单台账: a frozen header row with filters, one
 * row per case. No cell styles: with them exceljs looks up a style for every cell, which took 6.2 s
 * instead of 2.3 s for 100 000 rows (docs/performance.md, "Case ledger").
 *
 * exceljs never waits for `out` (its zip buffers whatever it is given), so between batches this
 * waits while `out` has more than it can take — a slow client slows the reading down instead of
 * filling memory — and gives up as soon as `out` is closed (the client went away): no more batches
 * are read, and the promise rejects. It resolves, with the number of cases written, once `out` has
 * finished.
 */
export async function writeLedgerXlsx(out: Writable, title: string, batches: AsyncIterable<LedgerRow[]>): Promise<number> {
  // Settles when `out` finishes, or rejects when it is closed or fails first.
  const ended = finished(out);
  ended.catch(() => undefined);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  wb.creator = '物业工单闭环';
  wb.title = title;
  const ws = wb.addWorksheet('工单台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = LEDGER_COLUMNS.map((column) => ({ header: column.header, width: ledgerColumnWidth(column) }));
  ws.getRow(1).commit();
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } };
  let written = 0;
  for await (const rows of batches) {
    if (out.destroyed) throw new Error('the ledger download was closed before its end');
    if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), ended]);
    if (out.destroyed) throw new Error('the ledger download was closed before its end');
    for (const row of rows) {
      ws.addRow(ledgerCells(row)).commit();
      written++;
    }
  }
  ws.commit();
  // exceljs's commit waits for `finish` only; a client gone meanwhile closes `out` without one.
  await Promise.race([wb.commit(), ended]);
  await ended;
  return written;
}
