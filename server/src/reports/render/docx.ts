import {
  AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType,
} from 'docx';
import type { DocTable, SummaryDocument } from '../summary-document';
import { cellText, plainDocument, textWidth } from './cells';
import { CHART_HEIGHT, CHART_WIDTH, chartSvg, svgToPng } from './charts';

const FONT = { ascii: 'Microsoft YaHei', eastAsia: '宋体', hAnsi: 'Microsoft YaHei' };

/** The text width of the page (twips): A4, 11906 wide, less the default 1440 margins on each side. */
const TEXT_WIDTH = 11906 - 2 * 1440;
/** A column's share grows with its widest text up to this many digit widths; longer texts wrap. */
const MAX_COLUMN_TEXT = 40;
/** Room for a cell's margins, in digit widths. */
const CELL_PADDING = 3;

/**
 * Column widths (twips) filling the page, each by its widest text (header or cell): equal widths
 * squeezed a sentence (a cause, the evidence of a problem) beside a two-character column.
 */
function columnWidths(header: string[], rows: string[][]): number[] {
  const weights = header.map((h, i) => Math.min(MAX_COLUMN_TEXT, Math.max(textWidth(h), ...rows.map((r) => textWidth(r[i] ?? '')))) + CELL_PADDING);
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((TEXT_WIDTH * w) / total));
  widths[widths.length - 1] += TEXT_WIDTH - widths.reduce((a, b) => a + b, 0);
  return widths;
}

function table(t: DocTable): Array<Paragraph | Table> {
  const body = (t.rows.length ? t.rows : [t.columns.map((_, i) => (i === 0 ? '（无）' : ''))]).map((r) => r.map((c) => cellText(c)));
  const widths = columnWidths(t.columns, body);
  const cell = (text: string, i: number, bold = false) => new TableCell({ width: { size: widths[i], type: WidthType.DXA },
    children: [new Paragraph({ children: [new TextRun({ text, bold, size: 18, font: FONT })] })] });
  const rows = [new TableRow({ tableHeader: true, children: t.columns.map((c, i) => cell(c, i, true)) }),
    ...body.map((r) => new TableRow({ children: r.map((text, i) => cell(text, i)) }))];
  return [
    new Paragraph({ children: [new TextRun({ text: t.title, bold: true, font: FONT })], spacing: { before: 120, after: 60 } }),
    new Table({ rows, width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: widths, layout: TableLayoutType.FIXED }),
  ];
}

/** The Word document: charts are embedded as SVG (Word 2016+) with a PNG fallback for older readers. */
export async function renderDocx(source: SummaryDocument): Promise<Buffer> {
  const doc = plainDocument(source);
  const children: Array<Paragraph | Table> = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: doc.title, font: FONT })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: doc.meta, size: 18, color: '666666', font: FONT })] }),
  ];
  for (const section of doc.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun({ text: section.heading, font: FONT })] }));
    for (const block of section.blocks) {
      switch (block.kind) {
        case 'paragraph':
          children.push(new Paragraph({ indent: { firstLine: 480 }, children: [new TextRun({ text: block.text, font: FONT })] }));
          break;
        case 'subheading':
          children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: block.text, font: FONT })] }));
          break;
        case 'list':
          for (const item of block.items) children.push(new Paragraph({ children: [new TextRun({ text: item, font: FONT })] }));
          break;
        case 'table':
          children.push(...table(block.table));
          break;
        case 'chart': {
          const svg = chartSvg(block.chart);
          children.push(new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new ImageRun({
              type: 'svg', data: Buffer.from(svg), transformation: { width: CHART_WIDTH * 0.9, height: CHART_HEIGHT * 0.9 },
              fallback: { type: 'png', data: svgToPng(svg) }, altText: { name: block.chart.title, title: block.chart.title, description: block.chart.title },
            })],
          }));
          children.push(...table({ ...block.chart.table, title: `${block.chart.title}（数据）` }));
          break;
        }
      }
    }
  }
  const document = new Document({ creator: '物业工单闭环', title: doc.name, sections: [{ children }] });
  return Packer.toBuffer(document);
}
