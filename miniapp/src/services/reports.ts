import type { MetricsResponse, ReportQuery, ReportTargetResponse, SaveTargetsRequest } from '@wuye/shared';
import { request, type Quiet } from './request';

// Imported only by staff pages (the dashboard, 目标设置): nothing here reaches the owners' main package.

export type { ReportQuery };

export const SUMMARY_FORMATS = ['docx', 'xlsx', 'html', 'md'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

export const fetchMetrics = (query: ReportQuery, { silent }: Quiet = {}) =>
  request<MetricsResponse>('/reports/metrics', { query: { ...query }, silent });

/** The targets saved for the period and scope (empty when none were). */
export const listTargets = (query: ReportQuery, { silent }: Quiet = {}) =>
  request<ReportTargetResponse[]>('/reports/targets', { query: { ...query }, silent });

/** The targets the previous period's work summary suggests: what saveTargets without a list saves. */
export const listSuggestedTargets = (query: ReportQuery, { silent }: Quiet = {}) =>
  request<ReportTargetResponse[]>('/reports/targets/suggested', { query: { ...query }, silent });

/** Saves targets (without a list: adopts the suggested ones); answers every target then saved for the period. */
export const saveTargets = (body: SaveTargetsRequest, { silent }: Quiet = {}) =>
  request<ReportTargetResponse[]>('/reports/targets', { method: 'POST', data: body, silent });
