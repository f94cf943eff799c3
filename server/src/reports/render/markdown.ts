import type { DocTable, SummaryDocument } from '../summary-document';
import { cellText, plainDocument } from './cells';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text as Markdown that shows exactly that text: `<`, `>` and `&` become entities (no raw HTML such
 * as `<img onerror=…>` from an owner's description reaches a Markdown viewer), the punctuation that
 * makes links, emphasis, code, headings or table cells is backslash-escaped, and line breaks and
 * tabs become spaces (a line break could start a heading or a new table row). Control characters
 * are already gone (plainDocument).
 */
export const escapeMarkdown = (text: string): string =>
  text.replace(/[&<>]/g, (c) => ESCAPES[c]).replace(/[\\`*_[\]#~|]/g, '\\$&').replace(/[\r\n\t]+/g, ' ');

function table(t: DocTable): string {
  const lines = [`**${escapeMarkdown(t.title)}**`, '', `| ${t.columns.map(escapeMarkdown).join(' | ')} |`, `| ${t.columns.map(() => '---').join(' | ')} |`];
  for (const row of t.rows) lines.push(`| ${row.map((c) => escapeMarkdown(cellText(c))).join(' | ')} |`);
  if (!t.rows.length) lines.push(`| ${t.columns.map((_, i) => (i === 0 ? '（无）' : '')).join(' | ')} |`);
  return lines.join('\n');
}

/** Markdown: charts appear as their data tables; every text from the document is escaped (escapeMarkdown). */
export function renderMarkdown(source: SummaryDocument): string {
  const doc = plainDocument(source);
  const out: string[] = [`# ${escapeMarkdown(doc.title)}`, '', `> ${escapeMarkdown(doc.meta)}`];
  for (const section of doc.sections) {
    out.push('', `## ${escapeMarkdown(section.heading)}`);
    for (const block of section.blocks) {
      out.push('');
      switch (block.kind) {
        case 'paragraph': out.push(escapeMarkdown(block.text)); break;
        case 'subheading': out.push(`### ${escapeMarkdown(block.text)}`); break;
        case 'list': out.push(block.items.map((i) => (/^\d+\./.test(i) ? escapeMarkdown(i) : `- ${escapeMarkdown(i)}`)).join('\n')); break;
        case 'table': out.push(table(block.table)); break;
        case 'chart': out.push(table({ ...block.chart.table, title: `${block.chart.title}（图表数据）` })); break;
      }
    }
  }
  return `${out.join('\n')}\n`;
}
