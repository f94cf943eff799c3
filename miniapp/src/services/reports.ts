import type { MetricsResponse } from '@wuye/shared';
import { request } from './request';

export interface ReportQuery {
  from: string;
  to: string;
  communityId?: string;
}

export const SUMMARY_FORMATS = ['docx', 'xlsx', 'html', 'md'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

export const fetchMetrics = (query: ReportQuery) =>
  request<MetricsResponse>('/reports/metrics', { query: { ...query } });
