import { getWorkSummary } from '../../src/services/summary-download';

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
