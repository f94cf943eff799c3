import type { DocTable, SummaryDocument } from '../summary-document';
import { cellText, plainDocument } from './cells';
import { chartSvg } from './charts';

/** Everything that came from data (names, descriptions, categories) goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function table(t: DocTable): string {
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = t.rows.length
    ? t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(cellText(c))}</td>`).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${t.columns.length}">（无）</td></tr>`;
  return `<table><caption>${escapeHtml(t.title)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `
  body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; max-width: 900px; margin: 2em auto; color: #222; line-height: 1.7; }
  h1 { text-align: center; font-size: 1.6em; } .meta { text-align: center; color: #666; }
  h2 { border-bottom: 2px solid #3a6fd8; padding-bottom: .2em; margin-top: 2em; } h3 { margin-top: 1.4em; }
  table { border-collapse: collapse; width: 100%; margin: 1em 0; font-size: .9em; }
  caption { font-weight: bold; text-align: left; margin-bottom: .3em; }
  th, td { border: 1px solid #bbb; padding: .3em .5em; text-align: left; } th { background: #eef2fb; }
  figure { margin: 1em 0; page-break-inside: avoid; } figure svg { max-width: 100%; height: auto; }
  @media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } table { page-break-inside: auto; } tr { page-break-inside: avoid; } }`;

/** A printable HTML page; charts are inline SVG drawn on the server. */
export function renderHtml(source: SummaryDocument): string {
  const doc = plainDocument(source);
  const parts: string[] = [];
  for (const section of doc.sections) {
    parts.push(`<h2>${escapeHtml(section.heading)}</h2>`);
    for (const block of section.blocks) {
      switch (block.kind) {
        case 'paragraph': parts.push(`<p>${escapeHtml(block.text)}</p>`); break;
        case 'subheading': parts.push(`<h3>${escapeHtml(block.text)}</h3>`); break;
        case 'list': parts.push(`<ul>${block.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`); break;
        case 'table': parts.push(table(block.table)); break;
        case 'chart':
          parts.push(`<figure id="chart-${escapeHtml(block.chart.id)}">${chartSvg(block.chart)}<figcaption>${escapeHtml(block.chart.title)}</figcaption></figure>`);
          parts.push(table({ ...block.chart.table, title: `${block.chart.title}（数据）` }));
          break;
      }
    }
  }
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(doc.name)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(doc.title)}</h1>
<p class="meta">${escapeHtml(doc.meta)}</p>
${parts.join('\n')}
</body>
</html>
`;
}
