import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCX_TYPE, renderOfficialDocx, type OfficialDocument } from '../src/server/platform/docx.ts';
import { convertToPdf, pdfFonts, pdfText, pdfToPng, waitForSoffice } from './support/office.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, '.tmp', 'docx');

const notice: OfficialDocument = {
  issuer: '中共示范市委党的群众路线教育实践活动领导小组办公室',
  docNumber: '示活办〔2026〕12号',
  title: '关于报送第二批教育实践活动进展情况的通知',
  recipients: '各区县委、市直各单位党组（党委）：',
  body: [
    '为及时掌握第二批教育实践活动开展情况，经市委教育实践活动领导小组同意，现就报送有关进展情况通知如下。',
    { heading: '一、报送内容' },
    '各单位要对照实施方案，重点报送学习教育、听取意见，查摆问题、开展批评，整改落实、建章立制各环节的工作进度和主要成效。',
    { heading: '二、进展统计' },
    {
      table: {
        columns: ['单位', '应参加人数', '已参加人数', '征求意见（条）'],
        rows: [
          ['市委办公室', 86, 84, 132],
          ['市政府办公室', 102, 99, 157],
        ],
      },
    },
    // Both commas below fall just past a full line. With LibreOffice's hanging punctuation they
    // went into the margin, and the one after 张明 vanished from the PDF.
    '各单位要高度重视，主要负责同志亲自研究部署，严格把关，确保材料真实准确、按时报送。',
    '请于2026年11月30日前将书面材料报送市委教育实践活动领导小组办公室，电子版同时发送至指定邮箱。联系人：张明，电话：0000-12345678。',
  ],
  signature: '中共示范市委教育实践活动领导小组办公室',
  date: '2026年11月22日',
  copyTo: '市委各部委，市级国家机关各部门。',
};

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('official document (.docx)', () => {
  let dir: string;
  let docx: Buffer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'massline-docx-'));
    docx = await renderOfficialDocx(notice);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is a Word package whose document carries the Chinese text and the GB/T 9704 page', async () => {
    expect(DOCX_TYPE).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const zip = await JSZip.loadAsync(docx);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain(notice.title);
    expect(xml).toContain(notice.docNumber);
    expect(xml).toContain(notice.issuer);
    expect(xml).toContain('市政府办公室');
    // A4 with margins top 37, bottom 35, left 28, right 26 mm.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    // Red issuer and rule; East Asian fonts named so a reader substitutes a CJK face.
    expect(xml).toContain('w:color w:val="C00000"');
    expect(xml).toMatch(/w:bottom w:val="single" w:color="C00000"/);
    expect(xml).toContain('w:eastAsia="FZXiaoBiaoSong-B05S"');
    expect(xml).toContain('w:eastAsia="FangSong"');
    expect(xml).toContain('w:eastAsia="SimHei"');
    const fonts = await zip.file('word/fontTable.xml')!.async('string');
    expect(fonts).toContain('<w:font w:name="FZXiaoBiaoSong-B05S"><w:altName w:val="SimSun"/><w:charset w:val="86"/>');
    // Page numbers on both odd and even footers.
    const footers = await Promise.all(zip.file(/^word\/footer\d+\.xml$/).map((f) => f.async('string')));
    expect(footers).toHaveLength(2);
    for (const f of footers) expect(f).toMatch(/— <\/w:t>.*PAGE.* —<\/w:t>/s);
  });

  it('uses Latin fonts for Latin text in English and keeps the layout', async () => {
    const en = await renderOfficialDocx({
      ...notice,
      locale: 'en',
      title: 'Notice on Reporting Progress',
      docNumber: 'SMO [2026] No. 12',
    });
    const xml = await (await JSZip.loadAsync(en)).file('word/document.xml')!.async('string');
    expect(xml).toContain('w:ascii="Times New Roman"');
    expect(xml).toContain('w:eastAsia="FangSong"');
    expect(xml).toContain('Notice on Reporting Progress');
    expect(xml).toMatch(/<w:pgMar w:top="2098"/);
  });

  describe('printed through LibreOffice', () => {
    let pdf: string;

    beforeAll(async () => {
      await waitForSoffice();
      const path = join(dir, 'notice.docx');
      await writeFile(path, docx);
      pdf = await convertToPdf(path);
    }, 11 * 60_000);

    it('prints the Chinese title, issuer and page numbers with a CJK font', async () => {
      const text = await pdfText(pdf);
      const flat = text.replace(/\s+/g, '');
      expect(flat).toContain(notice.title);
      expect(flat).toContain(notice.issuer);
      expect(flat).toContain('示活办〔2026〕12号');
      expect(flat).toContain('严格把关，确保'); // no punctuation lost at a line end
      expect(flat).toContain('联系人：张明，电话');
      expect(flat).toContain('抄送：市委各部委');
      expect(flat).toContain('—1—');
      expect(flat).toContain('—2—');
      const fonts = await pdfFonts(pdf);
      expect(fonts.some((f) => /WenQuanYi|CJK|SourceHan|Song|Hei|FangSong|XiaoBiaoSong/i.test(f))).toBe(true);
    }, 120_000);

    it('renders the first page as an A4 image', async () => {
      await mkdir(OUT, { recursive: true });
      const png = await pdfToPng(pdf, join(OUT, 'official-notice'));
      const { width, height } = pngSize(await readFile(png));
      // A4 at 60 dpi: 8.27 × 11.69 in.
      expect(width).toBeGreaterThanOrEqual(495);
      expect(width).toBeLessThanOrEqual(497);
      expect(height).toBeGreaterThanOrEqual(701);
      expect(height).toBeLessThanOrEqual(703);
    }, 120_000);
  });
});
