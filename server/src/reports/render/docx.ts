import {
  AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx';
import type { DocTable, SummaryDocument } from '../summary-document';
import { cellText, plainDocument } from './cells';
import { CHART_HEIGHT, CHART_WIDTH, chartSvg, svgToPng } from './charts';

const FONT = { ascii: 'Microsoft YaHei', eastAsia: '宋体', hAnsi: 'Microsoft YaHei' };

function table(t: DocTable): Array<Paragraph | Table> {
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, size: 18, font: FONT })] })] });
  const rows = [new TableRow({ tableHeader: true, children: t.columns.map((c) => cell(c, true)) }),
    ...(t.rows.length ? t.rows : [t.columns.map((_, i) => (i === 0 ? '（无）' : ''))]).map((r) => new TableRow({ children: r.map((c) => cell(cellText(c))) }))];
  return [
    new Paragraph({ children: [new TextRun({ text: t.title, bold: true, font: FONT })], spacing: { before: 120, after: 60 } }),
    new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }),
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
