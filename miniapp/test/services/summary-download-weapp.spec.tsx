import Taro from '@tarojs/taro';
import { NETWORK_ERROR_MESSAGE } from '@wuye/shared';
import { sessionStore } from '../../src/services/session';

// The WeChat variant (summary-download.ts): Jest resolves the H5 one first, so this file asks for the
// weapp file by its full name. WeChat downloads the file, then opens it in its document viewer.
const weapp = jest.requireActual<typeof import('../../src/services/summary-download')>('../../src/services/summary-download.ts');

const LEDGER_FILE = 'wxfile://tmp/ledger.xlsx';

/** Scripts WeChat's download: the status it answers with and what the saved file holds. */
function scriptDownload(statusCode: number, content = '') {
  const downloadFile = jest.fn(() => Promise.resolve({ statusCode, tempFilePath: LEDGER_FILE }));
  const openDocument = jest.fn(() => Promise.resolve());
  const readFileSync = jest.fn((path: string) => {
    if (path !== LEDGER_FILE) throw new Error('no such file');
    return content;
  });
  Object.assign(Taro, { downloadFile, openDocument, getFileSystemManager: () => ({ readFileSync }) });
  return { downloadFile, openDocument };
}

describe('report downloads in WeChat', () => {
  beforeEach(() => sessionStore.set({ token: 'tok', user: { id: 's-1', role: 'supervisor', name: '周主管', username: 'supervisor1', communityIds: ['c-hy'] } }));
  afterEach(() => sessionStore.clear());

  it('downloads the case ledger of the period and community with the sign-in, and opens it with its menu (to forward it)', async () => {
    const { downloadFile, openDocument } = scriptDownload(200);
    await weapp.getCaseLedger({ from: '2026-11-01', to: '2026-12-01', communityId: 'c-hy' });
    expect(downloadFile).toHaveBeenCalledWith({
      url: '/api/reports/case-ledger?from=2026-11-01&to=2026-12-01&communityId=c-hy',
      header: { Authorization: 'Bearer tok' },
    });
    expect(openDocument).toHaveBeenCalledWith({ filePath: LEDGER_FILE, fileType: 'xlsx', showMenu: true });
  });

  it('opens the work summary as the Word file asked for', async () => {
    const { downloadFile, openDocument } = scriptDownload(200);
    await weapp.getWorkSummary({ from: '2026-11-01', to: '2026-12-01' }, 'docx');
    expect(downloadFile).toHaveBeenCalledWith(expect.objectContaining({ url: '/api/reports/work-summary?from=2026-11-01&to=2026-12-01&format=docx' }));
    expect(openDocument).toHaveBeenCalledWith(expect.objectContaining({ fileType: 'docx' }));
  });

  it('shows the server’s refusal, read from the file WeChat saved, and opens nothing', async () => {
    const message = '所选期间共 120000 件工单，超过单次导出上限 100000 件，请缩短统计期间或选择单个小区';
    const { openDocument } = scriptDownload(400, JSON.stringify({ statusCode: 400, code: 'LEDGER_TOO_LARGE', message, details: { total: 120000, limit: 100000 } }));
    await expect(weapp.getCaseLedger({ from: '2025-01-01', to: '2026-01-01' })).rejects.toMatchObject({ code: 'LEDGER_TOO_LARGE', message });
    // Too long for a toast's two lines in WeChat: shown whole, in a dialog.
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: message, showCancel: false }));
    expect(openDocument).not.toHaveBeenCalled();
  });

  it('says the network failed when the download does, and opens nothing', async () => {
    const { downloadFile, openDocument } = scriptDownload(200);
    downloadFile.mockImplementation(() => Promise.reject(new Error('downloadFile:fail')));
    await expect(weapp.getCaseLedger({ from: '2026-11-01', to: '2026-12-01' })).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: NETWORK_ERROR_MESSAGE }));
    expect(openDocument).not.toHaveBeenCalled();
  });

  it('says so when the file was downloaded but WeChat cannot open it, instead of nothing happening', async () => {
    const { openDocument } = scriptDownload(200);
    openDocument.mockImplementationOnce(() => Promise.reject({ errMsg: 'openDocument:fail filetype not supported' }));
    await expect(weapp.getWorkSummary({ from: '2026-11-01', to: '2026-12-01' }, 'docx')).rejects.toThrow('文件无法打开');
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '文件已下载，但无法打开，请稍后重试或在电脑上导出' }));
  });
});
