import { addDays } from '../utils/format';
import { apiUrl, authHeader, failure, networkFailure } from './request';
import type { ReportQuery, SummaryFormat } from './reports';

// Browser: fetch with the bearer token, then save the blob through a temporary link.

export const DOWNLOADABLE_FORMATS: SummaryFormat[] = ['docx', 'xlsx', 'html', 'md'];

export async function getWorkSummary(query: ReportQuery, format: SummaryFormat): Promise<void> {
  let response: Response;
  try {
    response = await fetch(apiUrl('/reports/work-summary', { ...query, format }), { headers: authHeader() });
  } catch {
    throw networkFailure();
  }
  if (!response.ok) throw failure(response.status, await response.json().catch(() => null));
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName(response.headers.get('Content-Disposition'), query, format);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/**
 * The server's name for the file ("和园2026年11月物业交流服务工作总结.docx", from `filename*`), or,
 * without one, a name with the period's first and last days — `to` is exclusive, so its day is not in
 * the summary (11-01 to 12-01 is November).
 */
export function fileName(disposition: string | null, query: ReportQuery, format: SummaryFormat): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A malformed name: fall back to the period's.
    }
  }
  return `物业交流服务工作总结-${query.from}-${addDays(query.to, -1)}.${format}`;
}
