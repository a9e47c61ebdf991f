import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../src/shared/enums.ts';
import type { FormDetailView, FormKind } from '../src/shared/supervision.ts';
import { formDocxFilename, renderFormDocx } from '../src/server/modules/supervision/forms/forms.docx.ts';
import { convertToPdf, pdfFonts, pdfText, pdfToPng, waitForSoffice } from './support/office.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, '.tmp', 'docx', 'forms');
const DPI = 96;

const FORM_NAMES: Record<FormKind, string> = {
  pre_report: '揭摆问题预报单',
  resolution_report: '解决问题报告单',
  order: '问题整改督办单',
  criticism: '问题通报批评单',
  org_adjustment: '组织调整建议单',
};
const OFFICE = '中共城关区委群众路线教育实践活动领导小组办公室';
const UNIT = '城关区新华街道党工委';
const UNIT_ISSUER = '中共城关区新华街道工作委员会';

function form(
  over: Partial<FormDetailView> & Pick<FormDetailView, 'id' | 'kind' | 'title' | 'content'>,
): FormDetailView {
  return {
    number: null,
    status: 'issued',
    issuerOrgId: 2,
    issuerOrgName: '中共城关区委',
    teamId: null,
    teamName: null,
    subjectOrgId: 21,
    subjectOrgName: UNIT,
    recipientOrgId: 21,
    recipientOrgName: UNIT,
    recipientName: '',
    recipientPerson: null,
    deadline: null,
    reply: '',
    repliedAt: null,
    decisionComment: null,
    escalatedFromId: null,
    escalatedFromNumber: null,
    escalatedFromTitle: null,
    escalationLevel: 0,
    issuedAt: null,
    createdAt: '2026-11-20T02:00:00.000Z',
    overdue: false,
    problems: [],
    events: [],
    can: { edit: false, actions: [] },
    abilities: { edit: false, docx: true, issue: false, dismiss: false, reply: false, accept: false, reject: false },
    ...over,
  };
}

const windowProblems: FormDetailView['problems'] = [
  {
    id: 101,
    seq: 1,
    orgName: UNIT,
    description: '便民服务中心窗口工作人员推诿扯皮，群众办理居住证明需往返三次以上。',
    status: 'in_progress',
  },
  {
    id: 102,
    seq: 2,
    orgName: UNIT,
    description: '社区事务公开栏内容长期未更新，低保、救助等信息公开不及时。',
    status: 'pending',
  },
];

const order = form({
  id: 3,
  kind: 'order',
  number: '督办〔2026〕3号',
  status: 'rejected',
  teamId: 2,
  teamName: '区委第二督导组',
  title: '新华街道便民服务中心窗口推诿扯皮问题',
  content:
    '区委第二督导组在2026年11月10日至12日督导检查中发现，新华街道便民服务中心存在窗口工作人员推诿扯皮、群众办事“多头跑”等问题，群众反映强烈。\n\n' +
    '请你单位对照所列问题逐项制定整改措施，明确责任领导和责任人，按期整改到位，整改情况经党工委主要负责同志签字后书面回复。',
  deadline: '2026-12-31',
  reply:
    '接到督办单后，街道党工委立即召开专题会议研究部署，成立由党工委书记任组长的整改工作小组。\n' +
    '一是推行首问负责制和一次性告知制，对窗口工作人员进行集中培训；二是设立意见箱和监督电话，群众投诉当天受理、三日内反馈。',
  repliedAt: '2026-12-20T02:30:00.000Z',
  decisionComment: '回复未说明长效机制建立情况，公开栏问题未见整改佐证，请补充后重新回复。',
  issuedAt: '2026-11-23T01:00:00.000Z',
  problems: windowProblems,
  events: [
    {
      id: 1,
      action: 'issue',
      fromStatus: 'draft',
      toStatus: 'issued',
      comment: null,
      actorName: '李红梅',
      at: '2026-11-23T01:00:00.000Z',
    },
    {
      id: 2,
      action: 'reply',
      fromStatus: 'issued',
      toStatus: 'answered',
      comment: '见回复',
      actorName: '王建国',
      at: '2026-12-20T02:30:00.000Z',
    },
    {
      id: 3,
      action: 'reject',
      fromStatus: 'answered',
      toStatus: 'rejected',
      comment: '请补充',
      actorName: '李红梅',
      at: '2026-12-22T03:00:00.000Z',
    },
  ],
});

const criticism = form({
  id: 9,
  kind: 'criticism',
  number: '通报〔2027〕1号',
  recipientOrgId: 2,
  recipientOrgName: '中共城关区委',
  title: '新华街道党工委督办问题逾期未整改',
  content:
    '2026年11月23日，区委教育实践活动领导小组办公室向新华街道党工委下发问题整改督办单，要求于2026年12月31日前整改到位。截至目前，该街道仍未按期办结，整改工作敷衍应付，造成不良影响。\n' +
    '经区委教育实践活动领导小组同意，现对新华街道党工委予以通报批评。\n' +
    '各单位要引以为戒、举一反三，对照检查本单位问题整改情况，坚决防止整改走过场。',
  escalatedFromId: 3,
  escalationLevel: 1,
  issuedAt: '2027-01-06T01:00:00.000Z',
  problems: windowProblems,
});

const orgAdjustment = form({
  id: 12,
  kind: 'org_adjustment',
  status: 'proposed',
  recipientOrgId: null,
  recipientOrgName: null,
  recipientName: '中共示范市委组织部',
  title: '建议对新华街道党工委领导班子进行组织调整',
  content:
    '新华街道党工委对督办问题整改不力，经通报批评后仍未整改到位，反映出领导班子履职尽责不到位、作风建设抓得不实。\n' +
    '根据教育实践活动“三制五单”有关规定，建议对新华街道党工委领导班子进行组织调整，对党工委主要负责同志进行诫勉谈话。',
  escalatedFromId: 3,
  escalationLevel: 2,
  problems: windowProblems,
});

const preReport = form({
  id: 5,
  kind: 'pre_report',
  number: '新街预〔2026〕2号',
  issuerOrgId: 21,
  issuerOrgName: UNIT,
  recipientOrgId: 2,
  recipientOrgName: '中共城关区委',
  title: '征求意见中揭摆出的突出问题',
  content:
    '按照区委教育实践活动领导小组部署，街道党工委通过召开座谈会、发放征求意见表、个别访谈等方式广泛听取党员群众意见，共征求意见建议42条，梳理归纳出突出问题3个。\n' +
    '现将有关问题预报如下。我们将逐项制定整改措施，明确整改时限，确保整改到位。',
  issuedAt: '2026-11-18T01:00:00.000Z',
  problems: [
    {
      id: 201,
      seq: 1,
      orgName: '新华街道和平社区党委',
      description: '社区干部联系服务群众不经常，入户走访记录流于形式。',
      status: 'pending',
    },
    {
      id: 202,
      seq: 2,
      orgName: '新华街道便民服务中心党支部',
      description: '窗口工作人员服务意识不强，办事群众反映“门难进、脸难看”。',
      status: 'pending',
    },
    { id: 203, seq: 3, orgName: UNIT, description: '会议文件偏多，部分会议以会议落实会议。', status: 'in_progress' },
  ],
});

const resolutionReport = form({
  id: 7,
  kind: 'resolution_report',
  number: '新街报〔2026〕5号',
  status: 'closed',
  issuerOrgId: 21,
  issuerOrgName: UNIT,
  recipientOrgId: 2,
  recipientOrgName: '中共城关区委',
  title: '便民服务窗口问题整改完成情况',
  content:
    '经过集中整改，我街道预报的便民服务窗口推诿扯皮等2个问题已整改完成，经区委第二督导组验收同意销号。\n' +
    '佐证材料：1.《新华街道便民服务中心首问负责制实施办法》；2.窗口工作人员培训签到表及照片12张；3.群众满意度测评表（满意率96.5%）。',
  issuedAt: '2026-12-28T01:00:00.000Z',
  problems: windowProblems.map((p) => ({ ...p, status: 'closed' as const })),
  events: [
    {
      id: 11,
      action: 'issue',
      fromStatus: 'draft',
      toStatus: 'issued',
      comment: null,
      actorName: '王建国',
      at: '2026-12-28T01:00:00.000Z',
    },
    {
      id: 12,
      action: 'accept',
      fromStatus: 'issued',
      toStatus: 'closed',
      comment: '已签收，佐证材料齐全。',
      actorName: '李红梅',
      at: '2026-12-29T02:00:00.000Z',
    },
  ],
});

interface Case {
  name: string;
  form: FormDetailView;
  locale: Locale;
  issuerName: string;
  escalatedFromNumber?: string;
  /** The 文号 as printed, or the (拟) mark. */
  number: string;
  /** A sentence of the content as it must come out of the PDF. */
  sentence: string;
  /** Further texts the document must carry (labels, recipients, problems, reply). */
  more: string[];
  /** Tables: the form's fields, the problems, the reply or receipt part. */
  tables: number;
  /** 成文日期 as printed (blank to write in for a proposal not yet issued). */
  date: string;
}

const cases: Case[] = [
  {
    name: 'pre_report',
    date: '2026年11月18日',
    tables: 3,
    form: preReport,
    locale: 'zh-CN',
    issuerName: UNIT_ISSUER,
    number: '新街预〔2026〕2号',
    sentence: '共征求意见建议42条，梳理归纳出突出问题3个。',
    more: [
      '揭摆问题预报单',
      '预报单位',
      '中共城关区委：',
      '新华街道和平社区党委',
      '会议文件偏多，部分会议以会议落实会议。',
      '签收意见',
      '2026年11月18日',
    ],
  },
  {
    name: 'resolution_report',
    date: '2026年12月28日',
    tables: 3,
    form: resolutionReport,
    locale: 'zh-CN',
    issuerName: UNIT_ISSUER,
    number: '新街报〔2026〕5号',
    sentence: '群众满意度测评表（满意率96.5%）。',
    more: ['解决问题报告单', '报告单位', '已销号', '已签收，佐证材料齐全。', '李红梅', '2026年12月29日'],
  },
  {
    name: 'order',
    date: '2026年11月23日',
    tables: 3,
    form: order,
    locale: 'zh-CN',
    issuerName: OFFICE,
    number: '督办〔2026〕3号',
    sentence: '群众办事“多头跑”等问题，群众反映强烈。',
    more: [
      '被督办单位',
      '整改时限',
      '2026年12月31日',
      '区委第二督导组',
      '办理情况',
      '成立由党工委书记任组长的整改工作小组。',
      '王建国',
      '2026年12月20日',
      '审核意见',
      '请于2026年12月31日前将整改落实情况书面回复。',
    ],
  },
  {
    name: 'criticism',
    date: '2027年1月6日',
    tables: 2,
    form: criticism,
    locale: 'zh-CN',
    issuerName: OFFICE,
    escalatedFromNumber: '督办〔2026〕3号',
    number: '通报〔2027〕1号',
    sentence: '现对新华街道党工委予以通报批评。',
    more: [
      '问题通报批评单',
      '被通报单位',
      '中共城关区委所属各级党组织：',
      '问题整改督办单（督办〔2026〕3号）逾期未办结',
      '2027年1月6日',
    ],
  },
  {
    name: 'org_adjustment',
    date: '年　　月　　日',
    tables: 3,
    form: orgAdjustment,
    locale: 'zh-CN',
    issuerName: OFFICE,
    escalatedFromNumber: '督办〔2026〕3号',
    number: '（拟）',
    sentence: '对党工委主要负责同志进行诫勉谈话。',
    more: ['组织调整建议单', '建议调整单位', '中共示范市委组织部：', '经通报批评仍未整改到位', '组织部门意见'],
  },
  {
    name: 'order-en',
    date: '23 November 2026',
    tables: 3,
    form: order,
    locale: 'en',
    issuerName: OFFICE,
    number: '督办〔2026〕3号',
    sentence: '群众办事“多头跑”等问题，群众反映强烈。',
    more: [
      'Rectification Supervision Order',
      'Unit',
      'Subject',
      'Deadline',
      '31 December 2026',
      'Team',
      'Reply',
      'Replied by',
      'Decision',
      'Reply in writing on the rectification by 31 December 2026.',
    ],
  },
];

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Text of a Word package's document.xml, tags dropped, for looking up what it says. */
async function documentText(docx: Buffer): Promise<{ xml: string; text: string }> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  return { xml, text: xml.replace(/<w:p[ >]/g, '\n$&').replace(/<[^>]+>/g, '') };
}

describe('supervision forms (.docx)', () => {
  const files = new Map<string, Buffer>();

  beforeAll(async () => {
    for (const c of cases)
      files.set(
        c.name,
        await renderFormDocx(
          { ...c.form, escalatedFromNumber: c.escalatedFromNumber ?? c.form.escalatedFromNumber },
          c.locale,
          { issuerName: c.issuerName },
        ),
      );
  });

  it('names the files by form and 文号, in safe characters', () => {
    expect(formDocxFilename(order, 'zh-CN')).toBe('问题整改督办单-督办〔2026〕3号.docx');
    expect(formDocxFilename(order, 'en')).toBe('Rectification Supervision Order-督办〔2026〕3号.docx');
    expect(formDocxFilename(orgAdjustment, 'zh-CN')).toBe('组织调整建议单-城关区新华街道党工委（拟）.docx');
    expect(formDocxFilename({ ...order, number: '督办/2026:3?号' }, 'zh-CN')).toBe(
      '问题整改督办单-督办_2026_3_号.docx',
    );
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s is a Word package carrying the form', async (_name, c) => {
    const docx = files.get(c.name)!;
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    const zip = await JSZip.loadAsync(docx);
    expect(Object.keys(zip.files)).toEqual(
      expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/fontTable.xml']),
    );
    const { xml, text } = await documentText(docx);
    if (c.locale === 'zh-CN') expect(text).toContain(FORM_NAMES[c.form.kind]);
    expect(text).toContain(c.issuerName);
    expect(text).toContain(c.number);
    expect(text).toContain(c.form.subjectOrgName);
    expect(text).toContain(c.form.title); // 事由
    expect(text).toContain(c.sentence);
    for (const s of c.more) expect(text).toContain(s);
    // Red 发文机关标志, A4 page.
    expect(xml).toContain('w:color w:val="C00000"');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml.match(/<w:tbl>/g)?.length).toBe(c.tables);
  });

  it('prints each problem once with its status, and leaves an order without reply blank to fill in', async () => {
    const { text } = await documentText(files.get('pre_report')!);
    for (const p of preReport.problems) expect(text.split(p.description)).toHaveLength(2);
    expect(text).toContain('待整改');
    expect(text).toContain('整改中');
    const fresh = await renderFormDocx(
      { ...order, status: 'issued', reply: '', repliedAt: null, decisionComment: null, events: [] },
      'zh-CN',
      { issuerName: OFFICE, date: '2026-11-23' },
    );
    const blank = await documentText(fresh);
    expect(blank.text).toContain('办理情况');
    expect(blank.text).not.toContain('审核意见');
    expect(blank.text).toContain('2026年11月23日');
    expect(blank.text).toContain('回复日期\n　　　　年　　月　　日'); // the label's cell, then the date left blank
    expect(blank.xml).toMatch(/<w:trHeight w:val="\d+" w:hRule="atLeast"\/>/);
  });

  describe('printed through LibreOffice', () => {
    const pdfs = new Map<string, string>();

    beforeAll(async () => {
      await waitForSoffice();
      // convertToPdf takes one file per soffice run (with a profile of its own): one after another.
      await mkdir(OUT, { recursive: true });
      for (const c of cases) {
        // Kept next to the PNGs under .tmp, for a person to open.
        const path = join(OUT, `${c.name}.docx`);
        await writeFile(path, files.get(c.name)!);
        pdfs.set(c.name, await convertToPdf(path));
      }
    }, 11 * 60_000);

    it.each(cases.map((c) => [c.name, c] as const))(
      '%s opens with the Chinese text intact and a CJK font',
      async (_name, c) => {
        const text = await pdfText(pdfs.get(c.name)!);
        const flat = text.replace(/\s+/g, '');
        expect(flat).toContain(c.locale === 'en' ? 'RectificationSupervisionOrder' : FORM_NAMES[c.form.kind]);
        expect(flat).toContain(c.number);
        expect(flat).toContain(c.form.subjectOrgName);
        expect(flat).toContain(c.issuerName);
        expect(flat).toContain(c.sentence);
        expect(flat).toContain(c.date.replace(/\s+/g, ''));
        // Nothing lost to a font without the glyphs: no replacement characters, boxes or question marks.
        expect(text).not.toMatch(/[?\uFFFD\u25A1\u25AF]/);
        const fonts = await pdfFonts(pdfs.get(c.name)!);
        expect(fonts.some((f) => /WenQuanYi|CJK|SourceHan|Song|Hei|FangSong|XiaoBiaoSong/i.test(f))).toBe(true);
      },
    );

    it('prints the English labels of the English order', async () => {
      const flat = (await pdfText(pdfs.get('order-en')!)).replace(/\s+/g, ' ');
      for (const label of [
        'Rectification Supervision Order',
        'Unit',
        'Subject',
        'Deadline',
        '31 December 2026',
        'Team',
        'Reply',
        'Replied by',
        'Reply date',
        'Decision',
      ])
        expect(flat).toContain(label);
      expect(flat).not.toMatch(/被督办单位|整改时限|办理情况/);
    });

    it.each(cases.map((c) => [c.name] as const))('%s renders its first page as an A4 image', async (name) => {
      const png = await pdfToPng(pdfs.get(name)!, join(OUT, name), DPI);
      const { width, height } = pngSize(await readFile(png));
      // A4 at 96 dpi: 8.27 × 11.69 in.
      expect(Math.abs(width - 794)).toBeLessThanOrEqual(1);
      expect(Math.abs(height - 1123)).toBeLessThanOrEqual(1);
    });
  });
});
