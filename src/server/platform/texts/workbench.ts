/** Server texts of the workbench (item titles) in zh-CN and en; i18n.ts merges them into the one catalogue. */
export const workbenchZh = {
  'wb.problemSeq': '问题{seq}',
  'wb.material': '《{title}》',
  'wb.materialOf': '《{title}》（{subject}）',
} as const;

export const workbenchEn: Record<keyof typeof workbenchZh, string> = {
  'wb.problemSeq': 'Problem {seq}',
  'wb.material': '“{title}”',
  'wb.materialOf': '“{title}” ({subject})',
};
