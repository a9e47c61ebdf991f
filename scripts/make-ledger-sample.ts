/**
 * `npx tsx scripts/make-ledger-sample.ts [out.xlsx]` — writes test/fixtures/ledger-sample.xlsx: a
 * bureau's rectification ledger (整改台账) laid out the way offices keep them, which the import must
 * read as it is. The output is committed; run this again only to change the sample.
 *
 * Layout: a merged title row, a subtitle row (填报单位 / 填报时间), a two-row header whose
 * 责任主体 group header spans 责任领导 / 责任部门 / 责任人 while the other headers are merged
 * vertically, 12 problems (deadlines written "2014年5月底前", "2014年6月20日前", "长期坚持",
 * "立行立改", one real Excel date; measures numbered "1.", "（1）", "①" or one per line; a 完成情况
 * column), a blank row among them, a "合计" row and footnotes (备注：…, 填表人：…) below.
 */
import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? `${ROOT}/test/fixtures/ledger-sample.xlsx`);

type Row = [
  desc: string,
  category: string,
  measures: string,
  target: string,
  leader: string,
  dept: string,
  person: string,
  deadline: string | Date,
  progress: string,
  remark: string,
];

/** The problems, as a bureau would write them after its democratic life meeting. */
export const SAMPLE_ROWS: Row[] = [
  [
    '会议偏多偏长，有的会议议题不集中，以会议落实会议。',
    '形式主义',
    '1.严格控制会议数量和规模，能合并的合并召开；\n2.会议时间一般不超过1.5小时；\n3.推行无会日制度。',
    '会议数量比上年减少30%以上',
    '王建国',
    '办公室',
    '李明',
    '2014年5月底前',
    '已制定会议管理办法，4月份会议减少5个。',
    '',
  ],
  [
    '文件简报多，有的文件照抄照转上级文件，针对性不强。',
    '形式主义',
    '（1）清理现有简报，保留一种；（2）严格文件审核把关，没有实质内容的一律不发。',
    '发文数量减少20%',
    '王建国',
    '办公室',
    '赵丽',
    '2014年6月20日前',
    '正在清理简报',
    '',
  ],
  [
    '深入基层调研不够，调研报告质量不高，有的调研走马观花。',
    '官僚主义',
    '1.班子成员每年到基层调研不少于30天\n2.每人每年形成1篇有分量的调研报告',
    '调研成果转化为工作举措',
    '张卫东',
    '政策法规科',
    '孙强',
    '长期坚持',
    '',
    '领导班子成员',
  ],
  [
    '服务窗口办事效率不高，个别工作人员态度生硬，群众办事“门难进、脸难看”。',
    '官僚主义',
    '①公开办事流程和时限；②实行首问负责制和限时办结制；③开展窗口作风明察暗访。',
    '群众满意率达到95%以上',
    '张卫东',
    '行政审批科',
    '周涛',
    '立行立改',
    '已完成。窗口已公开全部办事流程。',
    '',
  ],
  [
    '行政审批环节多、时间长，个别事项群众跑多次。',
    '官僚主义',
    '精简审批环节，审批时限压缩三分之一以上。',
    '审批时限压缩三分之一',
    '刘志强',
    '行政审批科',
    '周涛',
    new Date(Date.UTC(2014, 8, 30)),
    '',
    '涉及3个审批事项',
  ],
  [
    '公务用车管理不严，存在公车私用现象。',
    '享乐主义',
    '1.公务用车统一调度，建立派车登记台账\n2.节假日公车封存\n3.定期通报用车情况',
    '杜绝公车私用',
    '刘志强',
    '办公室',
    '李明',
    '立行立改',
    '已完成',
    '',
  ],
  [
    '办公用房超标，个别领导干部办公用房面积超过规定标准。',
    '享乐主义',
    '按照标准对办公用房进行清理腾退，超标部分一律腾退。',
    '全部达到规定标准',
    '王建国',
    '办公室',
    '赵丽',
    '2014年5月底前',
    '已腾退2间',
    '',
  ],
  [
    '有的干部工作作风漂浮，上班迟到早退，工作日午间饮酒。',
    '享乐主义',
    '严格考勤制度\n开展作风纪律专项检查\n违者通报批评',
    '机关作风明显好转',
    '陈红',
    '人事科',
    '吴敏',
    '长期坚持',
    '每月检查一次',
    '',
  ],
  [
    '公务接待标准偏高，存在超标准接待问题。',
    '奢靡之风',
    '1.严格执行公务接待标准；2.实行接待审批单和清单制度；3.每季度公开接待费用。',
    '接待费用下降30%',
    '陈红',
    '计划财务科',
    '郑芳',
    '2014年6月底前',
    '',
    '',
  ],
  [
    '节日期间互送贺卡、购买发放节日礼品。',
    '奢靡之风',
    '明令禁止用公款购买赠送贺卡、年货节礼。',
    '',
    '陈红',
    '计划财务科',
    '郑芳',
    '立行立改',
    '已完成',
    '',
  ],
  [
    '联系服务群众不够紧密，对群众反映的问题回应不及时。',
    '其他',
    '1.建立群众来信来访办理台账\n2.对群众诉求限时答复',
    '群众诉求按时答复率100%',
    '张卫东',
    '信访科',
    '冯军',
    '2014年10月',
    '',
    '',
  ],
  [
    '制度建设滞后，部分制度多年未修订，执行不到位。',
    '形式主义方面',
    '全面梳理现有制度，该废止的废止，该修订的修订，该新建的新建。',
    '形成制度汇编',
    '刘志强',
    '政策法规科',
    '孙强',
    '2014年12月底前',
    '',
    '建章立制',
  ],
];

async function main() {
  const wb = new ExcelJS.Workbook();
  wb.creator = '市住房和城乡建设局';
  const ws = wb.addWorksheet('整改台账', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = [6, 34, 10, 38, 18, 9, 12, 8, 14, 22, 10].map((width) => ({ width }));
  const N = 11;
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };

  ws.mergeCells(1, 1, 1, N);
  ws.getCell(1, 1).value = '市住房和城乡建设局党的群众路线教育实践活动整改台账';
  ws.getCell(1, 1).font = { name: '方正小标宋简体', size: 18 };
  ws.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 40;
  ws.mergeCells(2, 1, 2, N);
  ws.getCell(2, 1).value =
    '填报单位（盖章）：市住房和城乡建设局党组　　　　　　　　　　　　　　填报时间：2014年4月10日';
  ws.getRow(2).height = 22;

  // Two header rows: 责任主体 over 责任领导 / 责任部门 / 责任人; the others span both rows.
  const heads = ['序号', '存在问题', '问题类别', '整改措施', '整改目标', '', '', '', '整改时限', '完成情况', '备注'];
  heads.forEach((h, i) => {
    if (!h) return;
    ws.mergeCells(3, i + 1, 4, i + 1);
    ws.getCell(3, i + 1).value = h;
  });
  ws.mergeCells(3, 6, 3, 8);
  ws.getCell(3, 6).value = '责任主体';
  ws.getCell(4, 6).value = '责任领导';
  ws.getCell(4, 7).value = '责任部门';
  ws.getCell(4, 8).value = '责任人';
  for (const r of [3, 4]) {
    for (let c = 1; c <= N; c++) {
      const cell = ws.getCell(r, c);
      cell.font = { name: '黑体', size: 11 };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = border;
    }
  }

  let r = 5;
  SAMPLE_ROWS.forEach((p, i) => {
    if (i === 6) r++; // a blank row left in the middle, as happens
    const [desc, category, measures, target, leader, dept, person, deadline, progress, remark] = p;
    const row = ws.getRow(r++);
    row.values = [i + 1, desc, category, measures, target, leader, dept, person, deadline, progress, remark];
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      if (c > N) return;
      cell.border = border;
      cell.alignment = { vertical: 'middle', wrapText: true, horizontal: c === 1 || c === 3 ? 'center' : 'left' };
    });
    if (deadline instanceof Date) row.getCell(9).numFmt = 'yyyy"年"m"月"d"日"';
  });
  ws.mergeCells(r, 1, r, 2);
  ws.getCell(r, 1).value = '合计';
  ws.getCell(r, 3).value = `${SAMPLE_ROWS.length}个问题`;
  r += 2;
  ws.mergeCells(r, 1, r, N);
  ws.getCell(r, 1).value =
    '备注：1.整改时限为“立行立改”的问题须在一个月内整改到位；2.“长期坚持”的问题每季度报告一次进展。';
  r++;
  ws.mergeCells(r, 1, r, N);
  ws.getCell(r, 1).value = '3.本表一式两份，报活动办一份。';
  r++;
  ws.getCell(r, 1).value = '填表人：李明';
  ws.getCell(r, 6).value = '审核人：王建国';

  mkdirSync(dirname(out), { recursive: true });
  await wb.xlsx.writeFile(out);
  console.log(`wrote ${out}: ${SAMPLE_ROWS.length} problems`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
