import { getCaseLedger, getWorkSummary } from '../../src/services/summary-download';

// The browser's download of the work summary (summary-download.h5.ts, which jest picks first).

/** Downloads with the server answering `disposition`; returns the name the browser saves under. */
async function savedName(disposition: string | null): Promise<string> {
  const headers = new Map(disposition ? [['content-disposition', disposition]] : []);
  global.fetch = jest.fn().mockResolvedValue({
    ok: true, status: 200, blob: async () => new Blob(['x']), headers: { get: (k: string) => headers.get(k.toLowerCase()) ?? null },
  }) as unknown as typeof fetch;
  URL.createObjectURL = jest.fn(() => 'blob:summary');
  URL.revokeObjectURL = jest.fn();
  let name = '';
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    name = this.download;
  });
  await getWorkSummary({ from: '2026-11-01', to: '2026-12-01', communityId: 'c-hy' }, 'html');
  click.mockRestore();
  return name;
}

describe('the work summary download on H5', () => {
  it('saves the file under the server’s name for it', async () => {
    const name = '和园2026年11月物业交流服务工作总结.html';
    expect(await savedName(`attachment; filename="work-summary.html"; filename*=UTF-8''${encodeURIComponent(name)}`)).toBe(name);
  });

  it('without one, names the period’s last day, not the day after it', async () => {
    expect(await savedName(null)).toBe('物业交流服务工作总结-2026-11-01-2026-11-30.html');
  });
});

describe('the case ledger download on H5', () => {
  it('asks for the period and community chosen and saves under the server’s name, or the period’s', async () => {
    const requested: string[] = [];
    const names: string[] = [];
    for (const disposition of [`attachment; filename*=UTF-8''${encodeURIComponent('工单台账-和园-2026-11-01至2026-11-30.xlsx')}`, null]) {
      global.fetch = jest.fn(async (url: string) => {
        requested.push(url);
        return { ok: true, status: 200, blob: async () => new Blob(['x']), headers: { get: () => disposition } };
      }) as unknown as typeof fetch;
      URL.createObjectURL = jest.fn(() => 'blob:ledger');
      URL.revokeObjectURL = jest.fn();
      const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        names.push(this.download);
      });
      await getCaseLedger({ from: '2026-11-01', to: '2026-12-01', communityId: 'c-hy' });
      click.mockRestore();
    }
    expect(requested[0]).toMatch(/\/api\/reports\/case-ledger\?from=2026-11-01&to=2026-12-01&communityId=c-hy$/);
    expect(names).toEqual(['工单台账-和园-2026-11-01至2026-11-30.xlsx', '工单台账-2026-11-01-2026-11-30.xlsx']);
  });

  it('shows the server’s refusal (too many cases) and saves nothing', async () => {
    const message = '所选期间共 120000 件工单，超过单次导出上限 100000 件，请缩短统计期间或选择单个小区';
    global.fetch = jest.fn().mockResolvedValue({
      ok: false, status: 400, json: async () => ({ statusCode: 400, code: 'LEDGER_TOO_LARGE', message }),
    }) as unknown as typeof fetch;
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click');
    await expect(getCaseLedger({ from: '2025-01-01', to: '2026-01-01' })).rejects.toMatchObject({ code: 'LEDGER_TOO_LARGE', message });
    expect(click).not.toHaveBeenCalled();
    click.mockRestore();
  });
});

describe('a download cut short on H5', () => {
  it('says the network failed and saves nothing', async () => {
    global.fetch = jest.fn().mockResolvedValue({
      ok: true, status: 200, blob: async () => { throw new TypeError('network error'); }, headers: { get: () => null },
    }) as unknown as typeof fetch;
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click');
    await expect(getCaseLedger({ from: '2026-11-01', to: '2026-12-01' })).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(click).not.toHaveBeenCalled();
    click.mockRestore();
  });
});
