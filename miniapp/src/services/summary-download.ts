import Taro from '@tarojs/taro';
import { apiUrl, authHeader, failure, networkFailure } from './request';
import type { ReportQuery, SummaryFormat } from './reports';

// WeChat: download the work summary and open it in WeChat's document viewer, whose menu can
// forward it. H5 variant: summary-download.h5.ts.

/** Formats this platform can hand to the user. */
export const DOWNLOADABLE_FORMATS: SummaryFormat[] = ['docx', 'xlsx'];

export async function getWorkSummary(query: ReportQuery, format: SummaryFormat): Promise<void> {
  let result: Taro.downloadFile.FileSuccessCallbackResult;
  try {
    result = await Taro.downloadFile({
      url: apiUrl('/reports/work-summary', { ...query, format }),
      header: authHeader(),
    });
  } catch {
    throw networkFailure();
  }
  if (result.statusCode !== 200) throw failure(result.statusCode, null);
  await Taro.openDocument({ filePath: result.tempFilePath, fileType: format as 'docx' | 'xlsx', showMenu: true });
}
