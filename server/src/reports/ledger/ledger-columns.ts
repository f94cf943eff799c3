import {
  CASE_TYPE_LABELS, caseStatusLabel, CHANNEL_LABELS, FOLLOW_UP_RESULT_LABELS, placeOf, URGENCY_LABELS, verifyAnswerLabel,
} from '@wuye/shared';
import { maskPhone } from '../../cases/case.mapper';
import { plainText, textWidth } from '../render/cells';
import type { LedgerRow } from './case-ledger.query';

type LedgerCell = string | number | null;

/**
 * The ledger's columns, in order: header, width (in digits) and the cell of a case. Codes are
 * written as the mini-program labels them; times in Asia/Shanghai; minutes as numbers, so a sheet
 * can sort and sum them. The contact's phone is masked (138****0000): the file leaves the system.
 */
export const LEDGER_COLUMNS: ReadonlyArray<{ header: string; width: number; cell: (r: LedgerRow) => LedgerCell }> = [
  { header: '工单编号', width: 18, cell: (r) => r.number },
  { header: '小区', width: 14, cell: (r) => r.community },
  { header: '类型', width: 6, cell: (r) => CASE_TYPE_LABELS[r.type] },
  { header: '分类', width: 10, cell: (r) => r.category },
  { header: '渠道', width: 10, cell: (r) => CHANNEL_LABELS[r.channel] },
  { header: '紧急程度', width: 8, cell: (r) => URGENCY_LABELS[r.urgency] },
  { header: '位置', width: 20, cell: (r) => placeOf({ houseLabel: r.houseLabel, building: r.areaBuilding, location: r.location }) ?? '公共区域' },
  { header: '问题描述', width: 40, cell: (r) => r.description },
  { header: '联系人', width: 8, cell: (r) => r.contactName },
  { header: '联系电话', width: 14, cell: (r) => maskPhone(r.contactPhone) },
  { header: '状态', width: 8, cell: (r) => caseStatusLabel(r) },
  { header: '提交时间', width: 17, cell: (r) => r.createdAt },
  { header: '受理时间', width: 17, cell: (r) => r.firstRespondedAt },
  { header: '响应用时（分钟）', width: 10, cell: (r) => r.responseMinutes },
  { header: '响应超时', width: 8, cell: (r) => (r.respondBreached ? '是' : '否') },
  { header: '首次处理完成时间', width: 17, cell: (r) => r.firstResolvedAt },
  { header: '办结用时（分钟，不含挂起）', width: 12, cell: (r) => r.resolutionMinutes },
  { header: '办结超时', width: 8, cell: (r) => (r.resolveBreached ? '是' : '否') },
  { header: '处理人', width: 8, cell: (r) => r.assignee },
  { header: '催办次数', width: 8, cell: (r) => r.urgeCount },
  { header: '重办次数', width: 8, cell: (r) => r.reopenCount },
  {
    header: '业主确认', width: 14,
    cell: (r) => (r.unrated ? '超时自动确认' : r.verification ? verifyAnswerLabel(r.type, r.verification) : null),
  },
  { header: '评分', width: 6, cell: (r) => r.rating },
  { header: '回访结果', width: 8, cell: (r) => (r.followUp ? FOLLOW_UP_RESULT_LABELS[r.followUp] : null) },
  { header: '建议采纳', width: 8, cell: (r) => (r.suggestionAdopted === null ? null : r.suggestionAdopted ? '采纳' : '暂不采纳') },
  { header: '结案时间', width: 17, cell: (r) => r.closedAt },
  { header: '撤销时间', width: 17, cell: (r) => r.cancelledAt },
  { header: '撤销原因', width: 20, cell: (r) => r.cancelReason },
  { header: '重复于', width: 18, cell: (r) => r.duplicateOfNumber },
];

/**
 * A column's width in Excel's digit widths: as set, but never narrower than its header — a Chinese
 * character takes two — plus the filter button.
 */
export const ledgerColumnWidth = (column: { header: string; width: number }): number =>
  Math.max(column.width, textWidth(column.header) + 3);

/** A case's cells; texts without the characters Excel refuses (plainText). */
export const ledgerCells = (row: LedgerRow): LedgerCell[] =>
  LEDGER_COLUMNS.map(({ cell }) => {
    const value = cell(row);
    return typeof value === 'string' ? plainText(value) : value;
  });
