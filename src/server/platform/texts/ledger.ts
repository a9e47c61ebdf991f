/** Server texts of the problem ledger: errors, enum labels (also used by the ledger exports). */
export const ledgerZh = {
  'error.PROBLEM_TRANSITION': '问题当前状态为“{from}”，不能执行“{action}”。',
  'error.PROBLEM_INCOMPLETE': '问题还不满足“五个明确”，缺少：{missing}。',
  'error.PROBLEM_NO_EVIDENCE': '申请验收前须上传整改佐证材料。',
  'error.PROBLEM_NO_EFFECT': '申请验收前须填写整改成效。',
  'error.PROBLEM_MILESTONES_OPEN': '还有 {count} 个整改节点未完成（{titles}），不能申请验收。',
  'error.PROBLEM_NOT_DRAFT': '问题已确认，只有草稿状态才能修改问题要素。',
  'error.PROBLEM_CLOSED': '问题已销号，不能修改。',
} as const;

export const ledgerEn: Record<keyof typeof ledgerZh, string> = {
  'error.PROBLEM_TRANSITION': 'The problem is "{from}"; "{action}" is not possible now.',
  'error.PROBLEM_INCOMPLETE': 'The problem is not yet "five clear"; missing: {missing}.',
  'error.PROBLEM_NO_EVIDENCE': 'Upload evidence of the rectification before asking for verification.',
  'error.PROBLEM_NO_EFFECT': 'State the effect of the rectification before asking for verification.',
  'error.PROBLEM_MILESTONES_OPEN': '{count} milestones are not done yet ({titles}); verification cannot be asked for.',
  'error.PROBLEM_NOT_DRAFT': 'The problem is confirmed; its particulars can be changed only in draft.',
  'error.PROBLEM_CLOSED': 'The problem is closed and cannot be changed.',
};

export const ledgerEnums: Record<'zh-CN' | 'en', Record<string, Record<string, string>>> = {
  'zh-CN': {
    problemSource: { opinion: '征求意见', self_inspection: '自查自纠', meeting: '民主生活会', supervision: '督导反馈', higher_level: '上级交办', import: '台账导入' },
    problemCategory: { formalism: '形式主义', bureaucratism: '官僚主义', hedonism: '享乐主义', extravagance: '奢靡之风', discipline: '纪律作风', service: '服务群众', other: '其他' },
    problemSubject: { leading_body: '领导班子', leader: '领导个人', unit: '单位' },
    problemKind: { immediate: '立行立改', phased: '阶段性整改', long_term: '长期整改' },
    problemStatus: { draft: '草稿', pending: '待整改', in_progress: '整改中', awaiting: '已整改待验收', closed: '已销号' },
    problemAction: { confirm: '确认', start: '开始整改', report: '报告进展', finish: '申请验收', verify: '验收销号', return: '退回', reopen: '重新整改' },
    fiveClear: { content: '问题内容', owner: '责任领导和责任人', standard: '整改标准', measures: '整改措施', deadline: '整改时限' },
  },
  en: {
    problemSource: { opinion: 'Opinions', self_inspection: 'Self-inspection', meeting: 'Democratic life meeting', supervision: 'Supervision feedback', higher_level: 'Sent down from above', import: 'Imported ledger' },
    problemCategory: { formalism: 'Formalism', bureaucratism: 'Bureaucratism', hedonism: 'Hedonism', extravagance: 'Extravagance', discipline: 'Discipline', service: 'Serving the masses', other: 'Other' },
    problemSubject: { leading_body: 'Leading body', leader: 'Individual leader', unit: 'Unit' },
    problemKind: { immediate: 'Rectify at once', phased: 'Phased', long_term: 'Long-term' },
    problemStatus: { draft: 'Draft', pending: 'To rectify', in_progress: 'Rectifying', awaiting: 'Awaiting verification', closed: 'Closed' },
    problemAction: { confirm: 'confirmed', start: 'started', report: 'reported progress', finish: 'asked for verification', verify: 'verified and closed', return: 'returned', reopen: 'reopened' },
    fiveClear: { content: 'content', owner: 'responsible leader and person', standard: 'standard', measures: 'measures', deadline: 'deadline' },
  },
};
