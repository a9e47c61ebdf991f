import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeightRule,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IFontAttributesProperties,
  type IParagraphOptions,
} from 'docx';
import type { Locale } from '../../shared/enums.ts';
import { t } from './i18n.ts';

/** MIME type of a .docx, for Content-Type headers. */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A body table: header row plus data rows, printed with full borders. */
export interface OfficialTable {
  columns: string[];
  rows: Array<Array<string | number>>;
  /** Relative column widths (e.g. [3, 1, 1]); equal when left out. */
  widths?: number[];
  /** Alignment of each column's data cells (headers stay centered); centered when left out. */
  align?: Array<'left' | 'center'>;
}

/**
 * One row of a form's key/value table: the label, the value (each line a paragraph) and optionally
 * the least height of the row in body lines, room left to write in by hand (a reply, a signature).
 */
export type OfficialField = [label: string, value: string, lines?: number];

/** One block of the body: a paragraph, a 黑体 heading ("一、…"), a table or a form's key/value table. */
export type OfficialBlock = string | { heading: string } | { table: OfficialTable } | { fields: OfficialField[] };

/** The parts of a 公文 in the order GB/T 9704-2012 lays them out. */
export interface OfficialDocument {
  /** Red header line, e.g. "中共示范市委党的群众路线教育实践活动领导小组办公室" (发文机关标志) */
  issuer: string;
  /**
   * Millimetres from the top of the 版心 to the 标志: 35 (the room 份号, 密级 and 紧急程度 take)
   * unless told; a form without them, meant to fit on one sheet, may start higher.
   */
  headerSpace?: number;
  /** 文号, e.g. "示活办〔2026〕12号"; optional */
  docNumber?: string;
  /** 标题, centered, 小标宋 二号 */
  title: string;
  /** 主送机关, e.g. "各区县委、市直各单位党组（党委）：" */
  recipients?: string;
  /** 正文: paragraphs (first line indented two characters), headings and tables, in order */
  body: OfficialBlock[];
  /** 落款: the issuing organization */
  signature: string;
  /** 成文日期, e.g. "2026年11月22日" */
  date: string;
  /** Blocks after the 落款, e.g. a form's reply or receipt section (optional) */
  annex?: OfficialBlock[];
  /** 抄送 line of the 版记 at the bottom (optional) */
  copyTo?: string;
  /** en swaps in Latin fonts for Latin text; the layout stays the official one */
  locale?: Locale;
}

// Measures. Word counts font sizes in half-points and most distances in twips (1/20 pt).
const PT = 20;
const TEXT_WIDTH_MM = 210 - 28 - 26; // 156 mm, the 版心 width of GB/T 9704
const TEXT_WIDTH_PT = (TEXT_WIDTH_MM / 25.4) * 72;
// GB/T 9704 asks for 22 lines of 28 characters in a 225 mm-high 版心. An exact line pitch of
// 225 mm / 22 keeps the line count whatever font the reader substitutes, and a slight negative
// letter spacing brings 三号 (16 pt) down to 28 characters across 156 mm instead of 27.
const LINE = Math.floor((((297 - 37 - 35) / 25.4) * 72 * PT) / 22); // 579 twips ≈ 28.9 pt
const BODY_PT = 16; // 三号
const CHAR_SPACING = Math.floor((TEXT_WIDTH_PT / 28 - BODY_PT) * PT); // -5 twips
const CHAR = BODY_PT * PT + CHAR_SPACING; // one 三号 character, for "空二字" style indents
const RED = 'C00000';
/** Millimetres to twips, rounded: docx's own converter truncates and makes A4 11905 wide, not 11906. */
const mm = (v: number) => Math.round((v * 1440) / 25.4);

/**
 * Font stacks: the first name goes into the runs, the second is written to the font table as
 * its alternate. Word on a machine without 方正小标宋 then falls back to 宋体 rather than to a
 * Latin font, and the GB2312 charset tells LibreOffice (and Word) the face is Chinese, so an
 * installed CJK font such as WenQuanYi is substituted instead of printing boxes.
 */
const STACKS = {
  xiaobiaosong: ['FZXiaoBiaoSong-B05S', 'SimSun'],
  fangsong: ['FangSong', 'SimSun'],
  hei: ['SimHei', 'Microsoft YaHei'],
  song: ['SimSun', 'NSimSun'],
} as const;
type Face = keyof typeof STACKS;
const LATIN: Record<Face, string> = {
  xiaobiaosong: 'Times New Roman',
  fangsong: 'Times New Roman',
  hei: 'Arial',
  song: 'Times New Roman',
};

/**
 * How a document is set per language (typography, not texts — those are in the catalogue): a
 * Chinese document sets Latin letters in the CJK face, spaces characters to the 28-per-line grid,
 * compresses a long 发文机关标志 and counts digits as slightly wider; an English one uses Latin
 * faces, no grid spacing, a bold title, and lets a Latin issuer's name shrink instead of squeeze.
 */
const TYPESET: Record<
  Locale,
  {
    latinFaces: boolean;
    gridSpacing: boolean;
    squeezeLatinIssuer: boolean;
    boldTitle: boolean;
    signatureLatinEm: number;
    dateLatinEm: number;
    language: string;
  }
> = {
  'zh-CN': {
    latinFaces: false,
    gridSpacing: true,
    squeezeLatinIssuer: true,
    boldTitle: false,
    signatureLatinEm: 0.5,
    dateLatinEm: 0.6,
    language: 'zh-CN',
  },
  en: {
    latinFaces: true,
    gridSpacing: false,
    squeezeLatinIssuer: false,
    boldTitle: true,
    signatureLatinEm: 0.55,
    dateLatinEm: 0.55,
    language: 'en-US',
  },
};
const typeset = (locale: Locale) => TYPESET[locale] ?? TYPESET['zh-CN'];

/** Run fonts for a face: the CJK name for East Asian text always; Latin text per locale. */
function fontsFor(face: Face, locale: Locale): IFontAttributesProperties {
  const cjk = STACKS[face][0];
  const latin = typeset(locale).latinFaces ? LATIN[face] : cjk;
  return { eastAsia: cjk, ascii: latin, hAnsi: latin, cs: latin };
}

/** Width of a string in em: CJK and full-width forms count one, everything else about half. */
function emWidth(text: string, latinEm: number): number {
  let w = 0;
  for (const ch of text) w += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFF60\u3000-\u303F]/.test(ch) ? 1 : latinEm;
  return w;
}

/**
 * Size and horizontal scale for the 发文机关标志 so it stays on one line: 初号 when it fits,
 * otherwise compressed (as printed headers of long organization names are) down to 70 %, and
 * only then a smaller size. Latin names are not compressed (squeezed Latin letters look broken);
 * they shrink to 二号 at most and may wrap. Returns half-points and a percentage.
 */
function issuerFit(issuer: string, locale: Locale): { size: number; scale: number } {
  const em = emWidth(issuer, 0.5);
  const room = TEXT_WIDTH_PT * 0.96; // a little slack: substituted fonts are not all 1 em wide
  const max = 42; // 初号
  if (em * max <= room) return { size: max * 2, scale: 100 };
  if (!typeset(locale).squeezeLatinIssuer && !/[\u2E80-\u9FFF]/.test(issuer))
    return { size: Math.floor(Math.max(22, room / em) * 2), scale: 100 };
  const scale = Math.max(70, Math.floor((room / (em * max)) * 100));
  const pt = Math.min(max, room / (em * (scale / 100)));
  return { size: Math.floor(pt * 2), scale };
}

/**
 * Every paragraph is written with overflowPunct on. That is Word's default already, so Word is
 * unchanged; LibreOffice (7.4) reads the element inverted, and written "on" it stops hanging
 * punctuation, which otherwise pushes a full-width comma after the 28th character into the margin
 * and sometimes loses it from the PDF. 公文 keep punctuation inside the 版心 either way. (docx
 * types the setting for paragraphs only, not for the document defaults.)
 */
const para = (options: IParagraphOptions) => new Paragraph({ overflowPunctuation: true, ...options });

/** n blank lines (空n行) as spacing before, so they keep the 22-line pitch. */
const lines = (n: number) => Math.round(n * LINE);

function bodyRun(text: string, locale: Locale, face: Face = 'fangsong', size = BODY_PT): TextRun {
  return new TextRun({
    text,
    font: fontsFor(face, locale),
    size: size * 2,
    characterSpacing: typeset(locale).gridSpacing ? CHAR_SPACING : undefined,
  });
}

const exactLine = { line: LINE, lineRule: LineRuleType.EXACT };

function bodyParagraph(text: string, locale: Locale, keepNext = false): Paragraph {
  return para({
    keepNext,
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: 2 * CHAR },
    spacing: exactLine,
    children: [bodyRun(text, locale)],
  });
}

function headingParagraph(text: string, locale: Locale): Paragraph {
  return para({
    indent: { firstLine: 2 * CHAR },
    spacing: exactLine,
    outlineLevel: 0, // shows in Word's navigation pane without Word's blue built-in heading style
    keepNext: true,
    children: [bodyRun(text, locale, 'hei')],
  });
}

function tableBlock(table: OfficialTable, locale: Locale): Table {
  const cols = Math.max(1, table.columns.length);
  const width = mm(TEXT_WIDTH_MM);
  const weights = table.widths?.length === cols ? table.widths : Array.from({ length: cols }, () => 1);
  const sum = weights.reduce((a, b) => a + b, 0);
  const colWidths = weights.map((w) => Math.floor((width * w) / sum));
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const cell = (value: string | number, header: boolean, i: number) =>
    new TableCell({
      verticalAlign: VerticalAlignTable.CENTER,
      width: { size: colWidths[i], type: WidthType.DXA },
      margins: { left: 80, right: 80, top: 40, bottom: 40 },
      children: [
        para({
          alignment: !header && table.align?.[i] === 'left' ? AlignmentType.JUSTIFIED : AlignmentType.CENTER,
          spacing: { line: 300, lineRule: LineRuleType.AUTO },
          children: [
            new TextRun({ text: String(value), font: fontsFor(header ? 'hei' : 'fangsong', locale), size: 24 }),
          ], // 小四: tables need the room
        }),
      ],
    });
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: colWidths,
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: table.columns.map((c, i) => cell(c, true, i)) }),
      ...table.rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: Array.from({ length: cols }, (_, i) => cell(r[i] ?? '', false, i)),
          }),
      ),
    ],
  });
}

/**
 * A form's key/value table across the 版心: labels in 黑体 centered in a column as wide as the
 * longest label (two to seven characters; longer ones wrap), values in 仿宋 beside them, both 四号.
 * A value's lines are its paragraphs, indented two characters like body text when there are
 * several, or when a row left for writing holds prose. Rows of a few lines are kept on one page;
 * taller ones may break.
 */
function fieldsBlock(fields: OfficialField[], locale: Locale): Table {
  const size = 14; // 四号
  const line = 22 * PT;
  const pad = { left: 120, right: 120, top: 80, bottom: 80 };
  const width = mm(TEXT_WIDTH_MM);
  const labelEm = Math.min(7, Math.max(2, ...fields.map(([label]) => emWidth(label, 0.55))));
  const labelWidth = Math.ceil(labelEm * size * PT + 40) + pad.left + pad.right; // 40: slack for substituted fonts
  const valueWidth = width - labelWidth;
  const perLine = (valueWidth - pad.left - pad.right) / (size * PT);
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const text = (
    value: string,
    face: Face,
    alignment: (typeof AlignmentType)[keyof typeof AlignmentType],
    indent = false,
  ) =>
    para({
      alignment,
      indent: indent ? { firstLine: 2 * size * PT } : undefined,
      spacing: { line, lineRule: LineRuleType.EXACT },
      children: value ? [new TextRun({ text: value, font: fontsFor(face, locale), size: size * 2 })] : [],
    });
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: [labelWidth, valueWidth],
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows: fields.map(([label, value, minLines]) => {
      const parts = value
        .split(/\r\n?|\n/)
        .map((p) => p.replace(/^[ \t]+|[ \t]+$/g, ''))
        .filter(Boolean);
      const paras = parts.length ? parts : [''];
      const height = Math.max(
        minLines ?? 1,
        paras.reduce((n, p) => n + Math.max(1, Math.ceil(emWidth(p, 0.5) / perLine)), 0),
      );
      return new TableRow({
        cantSplit: height <= 8,
        height: minLines ? { value: minLines * line + pad.top + pad.bottom, rule: HeightRule.ATLEAST } : undefined,
        children: [
          new TableCell({
            width: { size: labelWidth, type: WidthType.DXA },
            margins: pad,
            verticalAlign: VerticalAlignTable.CENTER,
            children: [text(label, 'hei', AlignmentType.CENTER)],
          }),
          new TableCell({
            width: { size: valueWidth, type: WidthType.DXA },
            margins: pad,
            verticalAlign: minLines ? VerticalAlignTable.TOP : VerticalAlignTable.CENTER,
            children: paras.map((p) =>
              text(
                p,
                'fangsong',
                AlignmentType.JUSTIFIED,
                paras.length > 1 || (minLines !== undefined && emWidth(p, 0.5) > perLine),
              ),
            ),
          }),
        ],
      });
    }),
  });
}

/**
 * Paragraphs, headings and tables of the body (or of the annex after the 落款), in order. With
 * keepLast the last paragraph stays with what follows (the signature).
 */
function bodyBlocks(blocks: OfficialBlock[], locale: Locale, keepLast: boolean): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [];
  const isTable = (b: OfficialBlock | undefined) => typeof b === 'object' && ('table' in b || 'fields' in b);
  blocks.forEach((block, i) => {
    // A 落款 must not stand alone on a page; a paragraph introducing a table stays with the
    // table's first rows.
    if (typeof block === 'string')
      out.push(bodyParagraph(block, locale, (keepLast && i === blocks.length - 1) || isTable(blocks[i + 1])));
    else if ('heading' in block) out.push(headingParagraph(block.heading, locale));
    else {
      out.push('table' in block ? tableBlock(block.table, locale) : fieldsBlock(block.fields, locale));
      // A blank line between a table and the next block; the signature brings its own.
      if (i < blocks.length - 1) out.push(para({ spacing: exactLine, children: [] }));
    }
  });
  return out;
}

/**
 * Left indents (in characters) of the 发文机关署名 and 成文日期 for a document without seal
 * (GB/T 9704-2012 §7.3.5.2): the signature ends two characters from the right margin and the date,
 * one line below, starts two characters right of the signature; when the date is the longer one it
 * ends two characters from the margin and the signature moves left instead. Both are placed by
 * their start, not right-aligned, because only the signature's width can be known here: the
 * date's digits and the automatic space around them vary with the font.
 */
function signatureIndents(signature: string, date: string, locale: Locale): { signature: number; date: number } {
  const perLine = 28;
  const s = emWidth(signature, typeset(locale).signatureLatinEm);
  const d = emWidth(date, typeset(locale).dateLatinEm);
  const sigStart = s - d >= 2 ? perLine - 2 - s : perLine - 4 - d;
  const start = Math.max(0, Math.floor(sigStart * 2) / 2);
  return { signature: start, date: Math.min(start + 2, perLine - 2) };
}

/**
 * 版记 with the 抄送 line: thick rules (≈ 0.35 mm) across the full 版心 above and below, the text
 * in 四号 one character in from each side. A one-cell table, because a paragraph's borders would
 * shrink with its indents.
 */
function copyToBlock(copyTo: string, locale: Locale): Table {
  const width = mm(TEXT_WIDTH_MM);
  const thick = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const label = t(locale, 'docx.copyTo');
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: [width],
    borders: { top: thick, bottom: thick, left: none, right: none, insideHorizontal: none, insideVertical: none },
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({
            width: { size: width, type: WidthType.DXA },
            margins: { left: 14 * PT, right: 14 * PT, top: 60, bottom: 60 },
            children: [
              para({
                spacing: { line: 400, lineRule: LineRuleType.EXACT },
                children: [bodyRun(label + copyTo, locale, 'fangsong', 14)],
              }),
            ],
          }),
        ],
      }),
    ],
  });
}

/** "— 1 —" page number: 4号 宋体, 单页码居右空一字, 双页码居左空一字. */
function pageNumberFooter(side: 'odd' | 'even', locale: Locale): Footer {
  const font = fontsFor('song', locale);
  const run = (children: Array<string | (typeof PageNumber)[keyof typeof PageNumber]>) =>
    new TextRun({ font, size: 28, children });
  return new Footer({
    children: [
      para({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: 28 * PT } : { left: 28 * PT },
        children: [run(['— ', PageNumber.CURRENT, ' —'])],
      }),
    ],
  });
}

/** fontTable.xml declaring each face as Chinese with its fallback, see STACKS. */
function fontTableXml(): string {
  const family: Record<Face, string> = { xiaobiaosong: 'roman', fangsong: 'modern', hei: 'modern', song: 'roman' };
  const fonts = (Object.keys(STACKS) as Face[])
    .map((f) => {
      const [name, alt] = STACKS[f];
      return `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="${family[f]}"/><w:pitch w:val="variable"/></w:font>`;
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts}` +
    '<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>' +
    '<w:font w:name="Arial"><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>' +
    '</w:fonts>'
  );
}

/**
 * Renders a 公文 as .docx in the GB/T 9704-2012 layout: A4, 版心 156 × 225 mm, red 发文机关标志
 * and 分隔线, 小标宋 title, 仿宋 三号 body at 22 lines a page, signature and date placed by the
 * no-seal rule, 版记 with 抄送, "— n —" page numbers alternating sides.
 */
export async function renderOfficialDocx(doc: OfficialDocument): Promise<Buffer> {
  const locale: Locale = doc.locale ?? 'zh-CN';
  const fit = issuerFit(doc.issuer, locale);
  const redRule = { style: BorderStyle.SINGLE, size: 12, color: RED, space: 11 }; // 1.5 pt line, 4 mm below the 文号
  const children: Array<Paragraph | Table> = [];

  // 版头. The 标志's top edge sits 35 mm (or headerSpace) below the top of the 版心 (the room
  // 份号/密级 take in a full header); the spacing is that less what a single-spaced line leaves
  // above its glyphs.
  const headerSpace = ((doc.headerSpace ?? 35) / 25.4) * 72;
  children.push(
    para({
      alignment: AlignmentType.CENTER,
      spacing: {
        before: Math.max(0, Math.round((headerSpace - 0.15 * (fit.size / 2)) * PT)),
        line: 240,
        lineRule: LineRuleType.AUTO,
      },
      border: doc.docNumber ? undefined : { bottom: redRule },
      children: [
        new TextRun({
          text: doc.issuer,
          font: fontsFor('xiaobiaosong', locale),
          size: fit.size,
          scale: fit.scale === 100 ? undefined : fit.scale,
          color: RED,
        }),
      ],
    }),
  );
  if (doc.docNumber) {
    children.push(
      para({
        alignment: AlignmentType.CENTER,
        spacing: { ...exactLine, before: lines(2) },
        border: { bottom: redRule },
        children: [bodyRun(doc.docNumber, locale)],
      }),
    );
  }

  // 主体. Title two lines below the red rule, 主送机关 one line below the title.
  children.push(
    para({
      alignment: AlignmentType.CENTER,
      spacing: { before: lines(2), line: 36 * PT, lineRule: LineRuleType.EXACT },
      keepNext: true,
      children: [
        new TextRun({
          text: doc.title,
          font: fontsFor('xiaobiaosong', locale),
          size: 44,
          bold: typeset(locale).boldTitle || undefined,
        }),
      ], // 二号
    }),
  );
  if (doc.recipients) {
    children.push(para({ spacing: { ...exactLine, before: lines(1) }, children: [bodyRun(doc.recipients, locale)] }));
  } else {
    children.push(para({ spacing: exactLine, children: [] }));
  }
  children.push(...bodyBlocks(doc.body, locale, true));

  const at = signatureIndents(doc.signature, doc.date, locale);
  children.push(
    para({
      indent: { left: Math.round(at.signature * CHAR) },
      spacing: { ...exactLine, before: lines(1) },
      keepNext: true,
      children: [bodyRun(doc.signature, locale)],
    }),
    para({ indent: { left: Math.round(at.date * CHAR) }, spacing: exactLine, children: [bodyRun(doc.date, locale)] }),
  );
  if (doc.annex?.length)
    children.push(para({ spacing: exactLine, children: [] }), ...bodyBlocks(doc.annex, locale, false));

  if (doc.copyTo) children.push(para({ spacing: exactLine, children: [] }), copyToBlock(doc.copyTo, locale));

  const document = new Document({
    creator: doc.signature,
    title: doc.title,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: {
            font: fontsFor('fangsong', locale),
            size: BODY_PT * 2,
            language: { value: typeset(locale).language, eastAsia: 'zh-CN' },
          },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: {
              top: mm(37),
              bottom: mm(35),
              left: mm(28),
              right: mm(26),
              header: mm(15),
              // The page number's 一字线 stands 7 mm below the 版心: 35 − 7 mm minus the 4号 line.
              footer: mm(35 - 7 - 6),
            },
          },
        },
        footers: { default: pageNumberFooter('odd', locale), even: pageNumberFooter('even', locale) },
        children,
      },
    ],
  });
  return Packer.toBuffer(document, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}
