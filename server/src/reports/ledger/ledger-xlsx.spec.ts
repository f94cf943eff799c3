import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import type { LedgerRow } from './case-ledger.query';
import { writeLedgerXlsx } from './ledger-xlsx';

/** A case as the ledger reads it; `i` makes each one different (and the workbook hard to compress). */
const row = (i: number): LedgerRow => ({
  cursor: '', id: String(i), number: `HY-20250301-${String(i).padStart(4, '0')}`, community: '和园', type: 'repair', category: '水电',
  channel: 'miniapp', urgency: 'normal', status: 'closed', followUpRequired: false, houseLabel: `${i % 20}栋 1单元 ${100 + (i % 30)}`,
  areaBuilding: null, location: null, description: `厨房水龙头漏水 ${Math.sin(i).toString(36)} ${Math.cos(i).toString(36)}`, contactName: '业主',
  contactPhone: '13800138000', createdAt: '2025-03-01 10:00', firstRespondedAt: '2025-03-01 10:10', responseMinutes: i % 60,
  respondBreached: false, firstResolvedAt: '2025-03-02 10:00', resolutionMinutes: i, resolveBreached: false, assignee: '张师傅',
  urgeCount: 0, reopenCount: 0, verification: 'yes', unrated: false, rating: 1 + (i % 5), followUp: null, suggestionAdopted: null,
  closedAt: '2025-03-03 10:00', cancelledAt: null, cancelReason: null, duplicateOfNumber: null,
});

/** `count` batches of 1 000 cases, each after a pause as a database read would take; counts what was read. */
function batches(count: number) {
  const read = { batches: 0, stopped: false };
  async function* generate(): AsyncGenerator<LedgerRow[]> {
    try {
      for (let b = 0; b < count; b++) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        read.batches++;
        yield Array.from({ length: 1000 }, (_, i) => row(b * 1000 + i));
      }
    } finally {
      read.stopped = true;
    }
  }
  return { read, rows: generate() };
}

describe('writeLedgerXlsx', () => {
  it('writes the header and every case, and resolves once the file is complete', async () => {
    const chunks: Buffer[] = [];
    const sink = new Writable({ write(chunk: Buffer, _encoding, done) { chunks.push(chunk); done(); } });
    const { rows } = batches(3);
    await expect(writeLedgerXlsx(sink, '和园工单台账', rows)).resolves.toBe(3000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(Buffer.concat(chunks)).buffer);
    const ws = wb.getWorksheet('工单台账')!;
    expect(ws.rowCount).toBe(3001);
    expect(ws.getRow(1).getCell(1).value).toBe('工单编号');
    expect(ws.getRow(3001).getCell(1).value).toBe('HY-20250301-2999');
  });

  it('reads no further while the client takes nothing, and stops reading when it goes away', async () => {
    // A client that accepts the first chunks and then stalls, as a phone on a dead connection does.
    let accepted = 0;
    const client = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        accepted += chunk.length;
        if (accepted < 64 * 1024) done();
      },
    });
    const { read, rows } = batches(40);
    const writing = writeLedgerXlsx(client, '和园工单台账', rows);
    writing.catch(() => undefined);
    // Once the client's buffer is full (it takes no more), at most the batch in hand is finished:
    // no further one is read however long it stays so. Reading on regardless would take all 40.
    for (const started = Date.now(); !client.writableNeedDrain; ) {
      if (Date.now() - started > 20_000) throw new Error('the client never filled up');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const whileStalled = read.batches;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(read.batches).toBeLessThanOrEqual(whileStalled + 1);
    expect(read.batches).toBeLessThan(40);
    client.destroy();
    await expect(writing).rejects.toThrow();
    expect(read.batches).toBeLessThanOrEqual(whileStalled + 2);
    expect(read.stopped).toBe(true);
  });
});
