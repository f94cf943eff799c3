import type { SummaryFormat } from '../reports.dto';
import type { SummaryDocument } from '../summary-document';
import { renderDocx } from './docx';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { renderXlsx } from './xlsx';

export interface RenderedSummary {
  body: Buffer;
  contentType: string;
  /** The Chinese file name, and an ASCII fallback for old clients. */
  fileName: string;
  asciiName: string;
}

const TYPES: Record<SummaryFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export async function renderSummary(doc: SummaryDocument, format: SummaryFormat): Promise<RenderedSummary> {
  const body = format === 'md' ? Buffer.from(renderMarkdown(doc), 'utf8')
    : format === 'html' ? Buffer.from(renderHtml(doc), 'utf8')
    : format === 'xlsx' ? await renderXlsx(doc)
    : await renderDocx(doc);
  return { body, contentType: TYPES[format], fileName: `${doc.name}.${format}`, asciiName: `work-summary.${format}` };
}
