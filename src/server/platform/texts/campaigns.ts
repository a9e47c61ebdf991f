/** Server texts of campaigns (messages, export headings and cells) in zh-CN and en; i18n.ts merges them into the one catalogue. */
export const campaignsZh = {
  /** TEMPLATE_INVALID reasons: a phase or optional action the campaign's template does not have. */
  'cx.template.unknownPhase': '没有阶段“{key}”',
  'cx.template.unknownOptional': '没有可选动作“{key}”',
  /** The name of a cloned template, in each of its two languages. */
  'campaign.template.copyName': '{name}（副本）',
  /** The action named in TASK_TRANSITION when a unit edits a task that is not open. */
  'campaign.task.edit': '修改',
  /** Page footer of the printed progress sheet (Excel header/footer codes). */
  'cx.xlsx.footer': '&C第 &P 页，共 &N 页',
  /** A number as headings and phase lists write it: Chinese numerals ({zh}) or digits ({n}). */
  'cx.numeral': '{zh}',
  /** A first-level heading number before the heading text. */
  'cx.headingNo': '{n}、',
  /** Between the items of an enumeration (levels, kinds, optional actions). */
  'cx.sep.list': '、',
  /** Between clauses (dates per batch, a unit's overdue tasks). */
  'cx.sep.clause': '；',
  /** An action's line followed by its description. */
  'cx.notice.actionWithDescription': '{line}{description}',
  /** An aside after a text, e.g. the org kinds of a batch. */
  'cx.paren': '（{text}）',
  /** An action's name with its reporting period: 整改进展月报告（2026-12）. */
  'cx.withPeriod': '{name}（{period}）',
  /** A task status marked overdue. */
  'cx.statusOverdue': '{status}（逾期）',
} as const satisfies Record<string, string>;

export const campaignsEn: Record<keyof typeof campaignsZh, string> = {
  'cx.template.unknownPhase': 'there is no phase "{key}"',
  'cx.template.unknownOptional': 'there is no optional action "{key}"',
  'campaign.template.copyName': '{name} (copy)',
  'campaign.task.edit': 'Edit',
  'cx.xlsx.footer': '&CPage &P of &N',
  'cx.numeral': '{n}',
  'cx.headingNo': '{n}. ',
  'cx.sep.list': ', ',
  'cx.sep.clause': '; ',
  'cx.notice.actionWithDescription': '{line} {description}',
  'cx.paren': ' ({text})',
  'cx.withPeriod': '{name} ({period})',
  'cx.statusOverdue': '{status} (overdue)',
};
