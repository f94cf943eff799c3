import Taro from '@tarojs/taro';
import { apiUrl, authHeader, failure, networkFailure, showError } from './request';
import type { ReportQuery, SummaryFormat } from './reports';

// WeChat: download a report file and open it in WeChat's document viewer, whose menu can forward
// it. H5 variant: summary-download.h5.ts.

/** Formats this platform can hand to the user. */
export const DOWNLOADABLE_FORMATS: SummaryFormat[] = ['docx', 'xlsx'];

export const getWorkSummary = (query: ReportQuery, format: SummaryFormat): Promise<void> =>
  open('/reports/work-summary', { ...query, format }, format as 'docx' | 'xlsx');

/** 工单台账: every case of the period, one row each (Excel). */
export const getCaseLedger = (query: ReportQuery): Promise<void> => open('/reports/case-ledger', { ...query }, 'xlsx');

async function open(path: string, params: Record<string, string | undefined>, fileType: 'docx' | 'xlsx'): Promise<void> {
  let result: Taro.downloadFile.FileSuccessCallbackResult;
  try {
    result = await Taro.downloadFile({ url: apiUrl(path, params), header: authHeader() });
  } catch {
    throw networkFailure();
  }
  // A refusal's JSON body (LEDGER_TOO_LARGE names the count and the limit) was saved as the file.
  if (result.statusCode !== 200) throw failure(result.statusCode, readText(result.tempFilePath));
  try {
    await Taro.openDocument({ filePath: result.tempFilePath, fileType, showMenu: true });
  } catch {
    // Downloaded, but this phone's WeChat could not show it (no viewer for the format, low storage).
    showError('文件已下载，但无法打开，请稍后重试或在电脑上导出');
    // Not a RequestError: the server answered, and a retry that downloads again is not what fails.
    throw new Error('文件无法打开');
  }
}

function readText(filePath: string): string | null {
  try {
    return String(Taro.getFileSystemManager().readFileSync(filePath, 'utf8'));
  } catch {
    return null;
  }
}
