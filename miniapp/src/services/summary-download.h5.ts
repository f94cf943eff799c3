import { addDays } from '../utils/format';
import { apiUrl, authHeader, failure, networkFailure } from './request';
import type { ReportQuery, SummaryFormat } from './reports';

// Browser: fetch with the bearer token, then save the blob through a temporary link.

export const DOWNLOADABLE_FORMATS: SummaryFormat[] = ['docx', 'xlsx', 'html', 'md'];

export const getWorkSummary = (query: ReportQuery, format: SummaryFormat): Promise<void> =>
  save('/reports/work-summary', { ...query, format }, `物业交流服务工作总结-${query.from}-${addDays(query.to, -1)}.${format}`);

/** 工单台账: every case of the period, one row each (Excel). */
export const getCaseLedger = (query: ReportQuery): Promise<void> =>
  save('/reports/case-ledger', { ...query }, `工单台账-${query.from}-${addDays(query.to, -1)}.xlsx`);

async function save(path: string, params: Record<string, string | undefined>, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, params), { headers: authHeader() });
  } catch {
    throw networkFailure();
  }
  if (!response.ok) throw failure(response.status, await response.json().catch(() => null));
  let blob: Blob;
  try {
    // The server cuts a file it cannot finish (the ledger streams): the body then fails here.
    blob = await response.blob();
  } catch {
    throw networkFailure();
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName(response.headers.get('Content-Disposition'), fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/**
 * The server's name for the file ("和园2026年11月物业交流服务工作总结.docx", from `filename*`), or,
 * without one, `fallback`: a name with the period's first and last days — `to` is exclusive, so its
 * day is not in the report (11-01 to 12-01 is November).
 */
export function fileName(disposition: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A malformed name: fall back to the period's.
    }
  }
  return fallback;
}
