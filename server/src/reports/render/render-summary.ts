import type { SummaryFormat } from '../reports.dto';
import type { SummaryDocument } from '../summary-document';
import { renderMarkdown } from './markdown';

export interface RenderedSummary {
  body: Buffer;
  contentType: string;
  /** The Chinese file name, and an ASCII fallback for old clients. */
  fileName: string;
  asciiName: string;
}

/** The content type of each document format (the case ledger's workbook too). */
export const CONTENT_TYPES: Record<SummaryFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * The HTML, Excel and Word renderers (ECharts, resvg, exceljs, docx) are loaded at their first use,
 * not at start: together they were 0.4 s of the embedded start's 3 s (docs/performance.md).
 */
export async function renderSummary(doc: SummaryDocument, format: SummaryFormat): Promise<RenderedSummary> {
  const body = format === 'md' ? Buffer.from(renderMarkdown(doc), 'utf8')
    : format === 'html' ? Buffer.from((await import('./html')).renderHtml(doc), 'utf8')
    : format === 'xlsx' ? await (await import('./xlsx')).renderXlsx(doc)
    : await (await import('./docx')).renderDocx(doc);
  return { body, contentType: CONTENT_TYPES[format], fileName: `${doc.name}.${format}`, asciiName: `work-summary.${format}` };
}
