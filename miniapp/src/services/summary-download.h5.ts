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
  link.download = `物业交流服务工作总结-${query.from}-${query.to}.${format}`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
