import { enumTables } from '../../../shared/labels.ts';

/** Server texts of supervision: errors and enum labels (used in messages, proposals and exports). */
export const supervisionZh = {
  'error.MATERIAL_TRANSITION': '材料当前状态为“{from}”，不能{action}。',
  'error.REVIEW_STALE': '审核的是第 {version} 稿，但当前待审核的是第 {current} 稿，请刷新后再审。',
  'error.REVIEW_INCOMPLETE': '还有审核标准未给出结论：{missing}。',
  'error.REVIEW_FAIL_COMMENT': '判为“不过关”的标准须写明理由：{criteria}。',
  'error.VERSION_CONFLICT':
    '材料已有更新的第 {current} 稿（您是在第 {base} 稿上修改的），为避免覆盖，请先查看最新稿。您的文字仍保留在本机。',
  'error.TEAM_UNIT_OUTSIDE': '“{name}”不是组建单位“{org}”的下级组织，不能分配给该督导组。',
  'error.FORM_TRANSITION': '该单当前状态为“{from}”，不能{action}。',
  'error.LOOKBACK_NOT_SAMPLED': '“{name}”不在本次抽查样本中，督导组只能抽查样本单位。',
  'error.INSPECTION_CIRCULATED': '督查报告已通报，不能再修改。',
  'sv.proposal.criticism.title': '关于{unit}问题整改督办逾期未办结的通报批评',
  'sv.proposal.criticism.content':
    '{unit}对{number}《{title}》（整改时限 {deadline}）逾期未按要求办结。拟予以通报批评，责令限期整改。',
  'sv.proposal.adjustment.title': '关于调整{unit}领导班子的建议',
  'sv.proposal.adjustment.content':
    '{unit}经督办（{number}）、通报批评（{criticism}）后，整改时限 {deadline} 已过仍未办结。拟建议组织部门对该单位领导班子作出组织调整。',
  'sv.proposal.recipient': '组织部',
  'field.noLeader':
    '没有可进行主要负责同志审核的人：本单位书记（书记本人的材料由上级党组织书记审核）空缺、没有账号或就是起草人，请只选择督导组审核',
  'field.unchanged': '退回后尚未修改：请按审核意见修改并保存后再提交',
  'sv.conflict.teamDisbanded': '该督导组已撤销',
  'sv.conflict.reviewed': '该稿已审核',
  'sv.conflict.scored': '该环节已评分',
  'sv.thisTeam': '本督导组',
  'sv.lookback.reopen': '回头看：{description}',
  /** Joins the criteria named in a review error. */
  'sv.separator': '；',
};

export const supervisionEn: Record<keyof typeof supervisionZh, string> = {
  'error.MATERIAL_TRANSITION': 'The material is "{from}": it cannot be {action}.',
  'error.REVIEW_STALE': 'You reviewed draft {version}, but draft {current} is under review: reload and review again.',
  'error.REVIEW_INCOMPLETE': 'Some criteria have no verdict: {missing}.',
  'error.REVIEW_FAIL_COMMENT': 'A failed criterion needs a reason: {criteria}.',
  'error.VERSION_CONFLICT':
    'There is a newer draft {current} (you edited draft {base}); to overwrite nothing, look at the latest draft first. Your text is kept on this device.',
  'error.TEAM_UNIT_OUTSIDE': '"{name}" is not below "{org}", which forms the team: it cannot be assigned.',
  'error.FORM_TRANSITION': 'The form is "{from}": "{action}" is not possible now.',
  'error.LOOKBACK_NOT_SAMPLED':
    '"{name}" is not in this spot-check sample; a supervision team spot-checks sampled units only.',
  'error.INSPECTION_CIRCULATED': 'The inspection report has been circulated and can no longer be changed.',
  'sv.proposal.criticism.title': 'Criticism of {unit} for an overdue rectification order',
  'sv.proposal.criticism.content':
    '{unit} did not complete {number} "{title}" by its deadline {deadline}. Proposed: circulate a criticism and order rectification by a new date.',
  'sv.proposal.adjustment.title': 'Proposal to adjust the leadership of {unit}',
  'sv.proposal.adjustment.content':
    '{unit} was ordered ({number}) and criticised ({criticism}), and the deadline {deadline} has passed with the order still open. Proposed: ask the organization department to adjust the unit’s leadership.',
  'sv.proposal.recipient': 'Organization department',
  'field.noLeader':
    'Nobody can give the leader review: the unit’s secretary (for the secretary’s own material, the secretary of the level above) is vacant, is the author, or has no account. Choose the supervision team only',
  'field.unchanged': 'Not changed since it was returned: revise and save it before submitting',
  'sv.conflict.teamDisbanded': 'the team is disbanded',
  'sv.conflict.reviewed': 'this version has been reviewed already',
  'sv.conflict.scored': 'this stage has been scored already',
  'sv.thisTeam': 'this team',
  'sv.lookback.reopen': 'Look back：{description}',
  'sv.separator': '; ',
};

/** This module's enum labels, [locale][kind][value]: read from the one catalogue, src/shared/labels.ts. */
export const supervisionEnums: Record<'zh-CN' | 'en', Record<string, Record<string, string>>> = enumTables([
  'materialStatus',
  'materialAction',
  'formKind',
  'formShort',
  'formStatus',
  'formAction',
  'lookbackStage',
]);
