import type { DocTable, SummaryDocument } from '../summary-document';
import { cellText } from './cells';

const escapeCell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function table(t: DocTable): string {
  const lines = [`**${t.title}**`, '', `| ${t.columns.map(escapeCell).join(' | ')} |`, `| ${t.columns.map(() => '---').join(' | ')} |`];
  for (const row of t.rows) lines.push(`| ${row.map((c) => escapeCell(cellText(c))).join(' | ')} |`);
  if (!t.rows.length) lines.push(`| ${t.columns.map((_, i) => (i === 0 ? '（无）' : '')).join(' | ')} |`);
  return lines.join('\n');
}

/** Markdown: charts appear as their data tables. */
export function renderMarkdown(doc: SummaryDocument): string {
  const out: string[] = [`# ${doc.title}`, '', `> ${doc.meta}`];
  for (const section of doc.sections) {
    out.push('', `## ${section.heading}`);
    for (const block of section.blocks) {
      out.push('');
      switch (block.kind) {
        case 'paragraph': out.push(block.text); break;
        case 'subheading': out.push(`### ${block.text}`); break;
        case 'list': out.push(block.items.map((i) => (/^\d+\./.test(i) ? i : `- ${i}`)).join('\n')); break;
        case 'table': out.push(table(block.table)); break;
        case 'chart': out.push(table({ ...block.chart.table, title: `${block.chart.title}（图表数据）` })); break;
      }
    }
  }
  return `${out.join('\n')}\n`;
}
