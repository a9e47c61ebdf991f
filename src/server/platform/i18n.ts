import type { Locale } from '../../shared/enums.ts';
import { ENUM_LABEL_TABLES, enumTables, labelOf, type EnumKind } from '../../shared/labels.ts';
import { ledgerEn, ledgerZh } from './texts/ledger.ts';
import { opinionsEn, opinionsZh } from './texts/opinions.ts';
import { supervisionEn, supervisionZh } from './texts/supervision.messages.ts';
import { campaignsEn, campaignsZh } from './texts/campaigns.ts';
import { membersEn, membersZh } from './texts/members.ts';
import { disclosureEn, disclosureZh } from './texts/disclosure.ts';
import { noticesEn, noticesZh } from './texts/notices.ts';
import { platformEn, platformZh } from './texts/platform.ts';
import { workbenchEn, workbenchZh } from './texts/workbench.ts';

/**
 * Server-side texts: error messages, import problems and the column headers of exports and
 * templates. The web app has its own catalogue in src/web/i18n; these are what the API returns.
 * Enum labels are not here: both sides read them from src/shared/labels.ts (ENUM_LABELS below).
 */
const baseZh = {
  'error.VALIDATION': '提交的内容有误，请检查标出的字段。',
  'error.UNAUTHENTICATED': '请先登录。',
  'error.BAD_CREDENTIALS': '用户名或密码错误。',
  'error.ACCOUNT_LOCKED':
    '登录失败次数过多，已暂停在新的浏览器上登录该账号，请于 {minutes} 分钟后再试。在您以前登录过的浏览器上仍可照常登录，也可请管理员解锁。',
  'error.ACCOUNT_DISABLED': '该账号已停用，请联系管理员。',
  'error.CSRF': '请求缺少有效的安全令牌（X-CSRF-Token），请刷新页面后重试。',
  'error.FORBIDDEN': '您没有执行此操作的权限。',
  'error.NOT_FOUND': '未找到该记录，或不在您的管理范围内。',
  'error.CONFLICT': '该记录已被他人修改或与现有记录冲突：{what}',
  'error.RATE_LIMITED': '请求过于频繁，请稍后再试。',
  'error.ORG_CYCLE': '不能把组织移动到它自己或它的下级组织之下。',
  'error.ORG_LEVEL_ORDER': '组织层级不符：“{child}”不能隶属于“{parent}”。',
  'error.ORG_DISSOLVED': '组织“{name}”已撤销，不能进行此操作。',
  'error.ORG_HAS_ACTIVE_CHILDREN': '该组织还有 {count} 个下级组织，请先撤销或移走。',
  'error.ORG_HAS_MEMBERS': '该组织还有 {count} 名党员，请先转出。',
  'error.ORG_ROOT': '不能移动或撤销顶级组织，也不能移动或撤销您本人被授权的组织。',
  'error.MEMBER_NOT_BRANCH': '党员只能隶属于党支部，“{name}”不是党支部。',
  'error.MEMBER_NOT_ACTIVE': '该党员当前状态为“{status}”，不能进行此操作。',
  'error.POST_TAKEN': '“{post}”一职在{date}已由{holder}担任，同一时间只能有一人任此职；请先填写前任的离任日期。',
  'error.POST_MEMBER_OUTSIDE': '任职的党员须属于本组织或其下级组织，且状态正常。',
  'error.POST_DATES': '离任日期不能早于任职日期。',
  'error.USERNAME_TAKEN': '用户名“{username}”已被使用。',
  'error.PASSWORD_WEAK':
    '密码不够安全：至少 10 位（不计空格），须同时包含字母和数字、至少 5 个不同的字符，不能是常见密码（如 password12、a123456789），也不能包含用户名。',
  'error.PASSWORD_WRONG': '当前密码不正确。',
  'error.IMPORT_INVALID': '导入未完成：共发现 {count} 处错误，所有数据均未导入。请按错误清单修改后重新导入。',
  'error.IMPORT_FILE': '无法读取上传的文件：{reason}',
  'error.PAYLOAD_TOO_LARGE': '上传内容过大（上限 {limit}）。',
  'error.TASK_TRANSITION': '任务当前状态为“{from}”，不能执行“{action}”。',
  'error.COMMENT_REQUIRED': '请填写意见：退回或重新打开时须说明理由。',
  'error.DEADLINE_LOOSEN': '时限只能比上级规定的提前，不能推后：上级规定 {inherited} 前完成，所设为 {due}。',
  'error.CAMPAIGN_CLOSED': '该活动已结束，不能再修改。',
  'error.PERIOD_FROZEN': '{period} 期的报告已审核通过且报告期已过，已封存，不能重新打开。',
  'error.TEMPLATE_INVALID': '活动模板内容有误：{reason}',
  'error.NO_PARTICIPANTS': '按所选层级和类型，本范围内没有参加单位。',
  'error.FILE_TYPE': '不支持的附件类型：{name}。可上传 PDF、Word、Excel、图片、文本或压缩包。',
  'error.NOTICE_SENT': '该通知已发出，不能再修改；如需更正，请另发通知。',
  'error.NOTICE_RECIPIENT_OUTSIDE': '“{name}”不是发文单位“{sender}”的下级组织，不能作为接收单位。',
  'error.NOTICE_NO_RECIPIENTS': '“{sender}”没有可接收通知的下级组织。',
  'error.NOTICE_NOT_RECIPIENT': '“{name}”不是该通知的接收单位，不能标记为已读。',
  'error.INTERNAL': '服务器内部错误，请稍后再试。已记录错误编号 {ref}。',
  'field.required': '必填',
  'field.invalid': '格式不正确',
  'field.after': '翻页位置无效，请从第一页重新加载',
  'field.tooLong': '不能超过 {max} 个字符',
  'field.enum': '取值无效，可选：{options}',
  'field.date': '日期格式应为 YYYY-MM-DD，例如 1985-07-01',
  'field.phone': '手机号应为 11 位数字',
  'field.idNumber': '身份证号应为 18 位（末位可为 X），且校验位正确',
  'field.joinBeforeBirth': '入党日期不能早于出生日期',
  'field.badText': '含有无法保存的字符（空字符或残缺的 Unicode 字符），请删除后重试',
  'field.tooBig': '不能大于 {max}',
  'field.outOfRange': '数值超出允许范围',
  'field.tooLargeToStore': '内容过长，无法保存',
  'conflict.reference': '所引用的记录不存在，或仍被其他记录引用',
  'conflict.duplicate': '已存在相同的记录',
  'import.noSheet': '文件中没有工作表',
  'import.noHeader': '第 {row} 行应为表头，缺少列：{columns}',
  'import.empty': '文件中没有数据行',
  'import.tooMany': '一次最多导入 {max} 行',
  'import.orgNotFound': '找不到所属组织“{name}”（须为本范围内的党支部，可填组织全称或组织代码）',
  'import.orgNotBranch': '所属组织“{name}”不是党支部',
  'import.parentNotFound': '找不到上级组织“{name}”（须为已有组织，或本表中前面的行）',
  'import.duplicateCode': '组织代码“{code}”重复',
  'import.duplicateInFile': '与第 {row} 行重复',
  'import.notXlsx': '请上传 .xlsx 格式的 Excel 文件',
  'import.tooManyRows': '表格共 {rows} 行，超过一次导入的上限 {max} 行，请分批导入。',
  'import.tooManyColumns': '表格共 {columns} 列，超过上限 {max} 列，请删除多余的列后重新导入。',
  'import.tooManyRowsScanned': '表格行数超过一次导入的上限 {max} 行（至少到第 {row} 行），请分批导入。',
  'import.tooManyColumnsScanned': '表格列数超过上限 {max} 列（单元格 {cell}），请删除多余的列后重新导入。',
  'import.tooManyCells': '表格的单元格数超过一次导入的上限 {max} 个，请删除多余的内容或分批导入。',
  'import.tooBig': '表格解压后超过 {max} MB，无法导入，请删除多余的内容或分批导入。',
  'import.tooSlow': '表格内容过多，{seconds} 秒内未能读完，已停止读取，请分批导入。',
  'import.idempotencyReused': '该幂等键（Idempotency-Key）已用于另一次导入，新的导入请使用新的键',
  'field.idempotencyKey': 'Idempotency-Key 应为 8 至 100 位字母、数字、“-”或“_”',
  // Campaign exports (campaigns.export.ts): column headers, sheet names, document texts.
  'cx.col.seq': '序号',
  'cx.col.rank': '排名',
  'cx.col.unit': '单位',
  'cx.col.units': '参加单位数',
  'cx.col.total': '任务总数',
  'cx.col.approved': '已通过',
  'cx.col.submitted': '待审核',
  'cx.col.returned': '已退回',
  'cx.col.draft': '待完成',
  'cx.col.overdue': '逾期',
  'cx.col.due': '未到期',
  'cx.col.ofWhichReturned': '其中：退回',
  'cx.col.rate': '完成率',
  'cx.col.redList': '列入督办单位数',
  'cx.col.phase': '环节',
  'cx.col.dates': '起止日期',
  'cx.col.action': '工作事项',
  'cx.col.kind': '类别',
  'cx.col.period': '报告期',
  'cx.col.dueDate': '截止日期',
  'cx.col.status': '状态',
  'cx.col.overdueDays': '逾期天数',
  'cx.col.submittedAt': '提交时间',
  'cx.col.lastComment': '最近审核意见',
  'cx.col.overdueTasks': '逾期任务数',
  'cx.col.oldestDue': '最早截止日期',
  'cx.kind.prescribed': '规定动作',
  'cx.kind.optional': '自选动作',
  'cx.sheet.progress': '进展情况',
  'cx.sheet.redList': '督办名单',
  'cx.sheet.tasks': '任务清单',
  'cx.total': '合计',
  'cx.none': '无',
  'cx.dateRange': '{start}至{end}',
  'cx.progress.title': '{campaign}进展情况统计表',
  'cx.progress.subtitle': '统计范围：{org}　　统计日期：{date}',
  'cx.progress.overall': '一、总体情况',
  'cx.progress.phases': '二、分环节情况',
  'cx.progress.children': '三、下级单位完成情况排名',
  'cx.progress.noChildren': '无下级参加单位',
  'cx.progress.partition':
    '说明：已通过、待审核、未到期、逾期四项之和为任务总数；被退回的任务按截止日期计入未到期或逾期，“其中：退回”是这两项中的数。',
  'cx.redList.title': '{campaign}督办名单（逾期超过{days}天，截至{date}）',
  'cx.redList.none': '暂无列入督办名单的单位',
  'cx.tasks.title': '{campaign}任务清单（{scope}，截至{date}）',
  'cx.scope.subtree': '{org}及所属单位',
  'cx.file.progress': '进展情况统计表-{org}-{date}.xlsx',
  'cx.file.tasks': '任务清单-{org}-{date}.xlsx',
  'cx.file.notice': '部署通知-{campaign}.docx',
  'cx.file.report': '进展情况报告-{org}-{date}.docx',
  'cx.recurrence.monthly': '（按月报送）',
  'cx.recurrence.quarterly': '（按季度报送）',
  'cx.recurrence.annual': '（按年度报送）',
  'cx.notice.title': '关于开展{campaign}的通知',
  'cx.notice.recipients': '各{units}：',
  'cx.notice.intro': '经研究，决定于{start}至{end}在{org}范围内开展{campaign}。现将有关事项通知如下。',
  'cx.notice.scopeHeading': '参加范围和时间安排',
  'cx.notice.batch': '{batch}：{levels}，{start}至{end}。',
  'cx.notice.phaseDates': '时间安排：{dates}。',
  'cx.notice.phaseBatch': '{batch}{start}至{end}',
  'cx.notice.prescribed': '规定动作：',
  'cx.notice.action': '{n}. {action}{recurrence}。',
  'cx.notice.optional': '自选动作（各单位结合实际选做）：{actions}。',
  'cx.notice.requirementsHeading': '工作要求',
  'cx.notice.requirements':
    '各单位要高度重视，主要负责同志亲自抓、负总责，按照规定时限完成各环节规定动作，并通过系统及时报送材料，由上级审核把关。',
  'cx.notice.escalation': '逾期超过{days}天仍未完成的单位，将列入督办名单并予以通报。',
  'cx.report.title': '{org}关于{campaign}进展情况的报告',
  'cx.report.recipients': '{org}：',
  'cx.report.intro': '按照{campaign}的部署要求，现将截至{date}的进展情况报告如下。',
  'cx.report.overallHeading': '总体进展情况',
  'cx.report.overall':
    '本级及所属共有{units}个单位参加，应完成任务{total}项，其中已审核通过{approved}项，已提交待审核{submitted}项，未到截止日期{due}项，逾期未完成{overdue}项；未完成的任务中有{returned}项被退回待重新提交。完成率{rate}。',
  'cx.report.phasesHeading': '各环节进展情况',
  'cx.report.phase':
    '（{n}）{phase}（{dates}）。应完成任务{total}项，已通过{approved}项，待审核{submitted}项，未到期{due}项，逾期{overdue}项，完成率{rate}。',
  'cx.report.openHeading': '尚未完成的任务',
  'cx.report.open': '目前尚有{count}项任务未完成（含被退回待重新提交的{returned}项），明细如下：',
  'cx.report.openPartial':
    '目前尚有{count}项任务未完成（含被退回待重新提交的{returned}项），以下按截止日期列出其中{shown}项，完整清单见任务清单：',
  'cx.report.openNone': '所有任务均已提交。',
  'cx.report.overdueHeading': '逾期未完成情况',
  'cx.report.overdue': '截至{date}，共有{units}个单位的{count}项任务逾期未完成：',
  'cx.report.overdueUnit': '{unit}：{tasks}。',
  'cx.report.overdueTask': '{action}（截止{due}，逾期{days}天）',
  'cx.report.overdueMore': '另有{count}个单位的逾期任务详见任务清单。',
  'cx.report.overdueMany':
    '截至{date}，共有{count}项任务逾期未完成，涉及单位较多，以下列出其中部分单位，完整情况见任务清单：',
  'cx.report.overdueNone': '目前没有逾期未完成的任务。',
  'cx.report.redList': '其中逾期超过{days}天、已列入督办名单的单位{count}个。',
  'cx.report.closing': '下一步，我们将督促有关单位限期完成，确保各环节规定动作按时保质完成。',
  'cx.report.end': '特此报告。',
} as const;

/** Each module past the foundation keeps its texts in ./texts/<module>.ts; they merge here. */
const zh = {
  ...baseZh,
  ...ledgerZh,
  ...opinionsZh,
  ...supervisionZh,
  ...campaignsZh,
  ...membersZh,
  ...disclosureZh,
  ...noticesZh,
  ...platformZh,
  ...workbenchZh,
};
export type MessageKey = keyof typeof zh;
type BaseKey = keyof typeof baseZh;

const baseEn: Record<BaseKey, string> = {
  'error.VALIDATION': 'Some fields are not valid; please check the marked fields.',
  'error.UNAUTHENTICATED': 'Please sign in first.',
  'error.BAD_CREDENTIALS': 'Wrong username or password.',
  'error.ACCOUNT_LOCKED':
    'Too many failed sign-ins: signing in to this account from new browsers is paused. Try again in {minutes} minutes. A browser you signed in from before still works, or ask an administrator to unlock it.',
  'error.ACCOUNT_DISABLED': 'This account is disabled; please contact an administrator.',
  'error.CSRF': 'The request lacks a valid security token (X-CSRF-Token); reload the page and try again.',
  'error.FORBIDDEN': 'You are not allowed to do this.',
  'error.NOT_FOUND': 'Not found, or outside the organizations you are responsible for.',
  'error.CONFLICT': 'This conflicts with an existing record: {what}',
  'error.RATE_LIMITED': 'Too many requests; please try again later.',
  'error.ORG_CYCLE': 'An organization cannot be moved under itself or one of its own subordinates.',
  'error.ORG_LEVEL_ORDER': 'Level mismatch: "{child}" cannot be placed under "{parent}".',
  'error.ORG_DISSOLVED': 'The organization "{name}" is dissolved; this is not possible.',
  'error.ORG_HAS_ACTIVE_CHILDREN':
    'The organization still has {count} subordinate organizations; dissolve or move them first.',
  'error.ORG_HAS_MEMBERS': 'The organization still has {count} members; transfer them first.',
  'error.ORG_ROOT':
    'The top organization, and the organizations you were granted yourself, cannot be moved or dissolved.',
  'error.MEMBER_NOT_BRANCH': 'Members belong to Party branches only; "{name}" is not a branch.',
  'error.MEMBER_NOT_ACTIVE': 'The member\'s status is "{status}"; this is not possible.',
  'error.POST_TAKEN':
    'The post "{post}" is held by {holder} on {date}; one person holds it at a time. Enter the end date of the previous holder first.',
  'error.POST_MEMBER_OUTSIDE': 'The holder must be an active member of this organization or of one below it.',
  'error.POST_DATES': 'The end date cannot be before the start date.',
  'error.USERNAME_TAKEN': 'The username "{username}" is already taken.',
  'error.PASSWORD_WEAK':
    'This password is not safe enough: it needs at least 10 characters (not counting spaces), letters and digits, at least 5 different characters, and must not be a common password (such as password12) or contain the username.',
  'error.PASSWORD_WRONG': 'The current password is not correct.',
  'error.IMPORT_INVALID': 'Nothing was imported: {count} problems were found. Fix every listed row and import again.',
  'error.IMPORT_FILE': 'The uploaded file cannot be read: {reason}',
  'error.PAYLOAD_TOO_LARGE': 'The upload is too large (limit {limit}).',
  'error.TASK_TRANSITION': 'The task is "{from}"; "{action}" is not possible now.',
  'error.COMMENT_REQUIRED': 'Please write a comment: returning or reopening a task needs a reason.',
  'error.DEADLINE_LOOSEN':
    'A deadline may only be brought forward, never put back: the level above requires {inherited}, you set {due}.',
  'error.CAMPAIGN_CLOSED': 'This campaign has ended and can no longer be changed.',
  'error.PERIOD_FROZEN':
    'The report for {period} was approved and its period is over: it is frozen and cannot be reopened.',
  'error.TEMPLATE_INVALID': 'The campaign template is not valid: {reason}',
  'error.NO_PARTICIPANTS': 'No unit in this scope matches the chosen levels and kinds.',
  'error.FILE_TYPE': 'Attachment type not accepted: {name}. Upload PDF, Word, Excel, images, text or archives.',
  'error.NOTICE_SENT': 'This notice has been sent and can no longer be changed; send a new notice to correct it.',
  'error.NOTICE_RECIPIENT_OUTSIDE':
    '"{name}" is not below the sending organization "{sender}" and cannot receive this notice.',
  'error.NOTICE_NO_RECIPIENTS': '"{sender}" has no subordinate organization to send this notice to.',
  'error.NOTICE_NOT_RECIPIENT': '"{name}" is not a recipient of this notice, so it cannot be marked as read.',
  'error.INTERNAL': 'Internal server error; please try again later. Reference {ref}.',
  'field.required': 'Required',
  'field.invalid': 'Invalid format',
  'field.after': 'This page position is not valid; reload the list from the first page',
  'field.tooLong': 'At most {max} characters',
  'field.enum': 'Invalid value; choose one of: {options}',
  'field.date': 'Dates are written YYYY-MM-DD, e.g. 1985-07-01',
  'field.phone': 'A mobile number has 11 digits',
  'field.idNumber': 'An ID number has 18 characters (the last may be X) and a valid check digit',
  'field.joinBeforeBirth': 'The joining date cannot be before the date of birth',
  'field.badText':
    'Contains characters that cannot be saved (a NUL character or a broken Unicode character); remove them and try again',
  'field.tooBig': 'At most {max}',
  'field.outOfRange': 'The number is out of the allowed range',
  'field.tooLargeToStore': 'Too long to be saved',
  'conflict.reference': 'a record it refers to does not exist, or it is still referred to by another record',
  'conflict.duplicate': 'the same record exists already',
  'import.noSheet': 'The file has no worksheet',
  'import.noHeader': 'Row {row} should be the header; missing columns: {columns}',
  'import.empty': 'The file has no data rows',
  'import.tooMany': 'At most {max} rows can be imported at once',
  'import.orgNotFound': 'Organization "{name}" not found (it must be a branch in your scope, by full name or code)',
  'import.orgNotBranch': 'Organization "{name}" is not a Party branch',
  'import.parentNotFound': 'Parent organization "{name}" not found (an existing one, or an earlier row of this sheet)',
  'import.duplicateCode': 'Organization code "{code}" is used twice',
  'import.duplicateInFile': 'Duplicate of row {row}',
  'import.notXlsx': 'Please upload an Excel .xlsx file',
  'import.tooManyRows':
    'The sheet has {rows} rows, more than the {max} that can be imported at once; please import it in several parts.',
  'import.tooManyColumns':
    'The sheet has {columns} columns, more than the limit of {max}; please delete the extra columns and import again.',
  'import.tooManyRowsScanned':
    'The sheet has more rows than the {max} that can be imported at once (it goes down to row {row} at least); please import it in several parts.',
  'import.tooManyColumnsScanned':
    'The sheet has more columns than the limit of {max} (cell {cell}); please delete the extra columns and import again.',
  'import.tooManyCells':
    'The sheet has more cells than the {max} that can be imported at once; please delete what is not needed or import it in several parts.',
  'import.tooBig':
    'Uncompressed, the workbook is larger than {max} MB and cannot be imported; please delete what is not needed or import it in several parts.',
  'import.tooSlow':
    'The sheet could not be read within {seconds} seconds and reading was stopped; please import it in several parts.',
  'import.idempotencyReused':
    'this Idempotency-Key was already used for another import; use a new key for a new import',
  'field.idempotencyKey': 'Idempotency-Key must be 8 to 100 letters, digits, "-" or "_"',
  'cx.col.seq': 'No.',
  'cx.col.rank': 'Rank',
  'cx.col.unit': 'Unit',
  'cx.col.units': 'Units',
  'cx.col.total': 'Tasks',
  'cx.col.approved': 'Approved',
  'cx.col.submitted': 'Submitted',
  'cx.col.returned': 'Returned',
  'cx.col.draft': 'To do',
  'cx.col.overdue': 'Overdue',
  'cx.col.due': 'Not yet due',
  'cx.col.ofWhichReturned': 'Of which returned',
  'cx.col.rate': 'Completion rate',
  'cx.col.redList': 'Units on the red list',
  'cx.col.phase': 'Phase',
  'cx.col.dates': 'Dates',
  'cx.col.action': 'Action',
  'cx.col.kind': 'Kind',
  'cx.col.period': 'Period',
  'cx.col.dueDate': 'Due date',
  'cx.col.status': 'Status',
  'cx.col.overdueDays': 'Days overdue',
  'cx.col.submittedAt': 'Submitted at',
  'cx.col.lastComment': 'Last comment',
  'cx.col.overdueTasks': 'Overdue tasks',
  'cx.col.oldestDue': 'Oldest due date',
  'cx.kind.prescribed': 'Prescribed',
  'cx.kind.optional': 'Optional',
  'cx.sheet.progress': 'Progress',
  'cx.sheet.redList': 'Red list',
  'cx.sheet.tasks': 'Tasks',
  'cx.total': 'Total',
  'cx.none': 'None',
  'cx.dateRange': '{start} to {end}',
  'cx.progress.title': '{campaign}: progress',
  'cx.progress.subtitle': 'Scope: {org}    As of {date}',
  'cx.progress.overall': '1. Overall',
  'cx.progress.phases': '2. By phase',
  'cx.progress.children': '3. Subordinate units ranked by completion',
  'cx.progress.noChildren': 'No subordinate units take part',
  'cx.progress.partition':
    'Approved, submitted, not yet due and overdue add up to the tasks. A returned task counts as not yet due or overdue by its due date; "of which returned" is part of those two.',
  'cx.redList.title': '{campaign}: red list (overdue more than {days} days, as of {date})',
  'cx.redList.none': 'No unit is on the red list',
  'cx.tasks.title': '{campaign}: tasks ({scope}, as of {date})',
  'cx.scope.subtree': '{org} and its subordinate units',
  'cx.file.progress': 'progress-{org}-{date}.xlsx',
  'cx.file.tasks': 'tasks-{org}-{date}.xlsx',
  'cx.file.notice': 'notice-{campaign}.docx',
  'cx.file.report': 'progress-report-{org}-{date}.docx',
  'cx.recurrence.monthly': ' (reported monthly)',
  'cx.recurrence.quarterly': ' (reported quarterly)',
  'cx.recurrence.annual': ' (reported yearly)',
  'cx.notice.title': 'Notice on launching the {campaign}',
  'cx.notice.recipients': 'To the participating units ({units}):',
  'cx.notice.intro':
    'It has been decided to carry out the {campaign} throughout {org} from {start} to {end}. The arrangements are as follows.',
  'cx.notice.scopeHeading': 'Participants and timetable',
  'cx.notice.batch': '{batch}: {levels}, {start} to {end}.',
  'cx.notice.phaseDates': 'Timetable: {dates}.',
  'cx.notice.phaseBatch': '{batch} {start} to {end}',
  'cx.notice.prescribed': 'Prescribed actions:',
  'cx.notice.action': '{n}. {action}{recurrence}.',
  'cx.notice.optional': 'Optional actions (each unit chooses as fits): {actions}.',
  'cx.notice.requirementsHeading': 'Requirements',
  'cx.notice.requirements':
    'Every unit shall give this work priority, with its principal leader personally responsible, complete the prescribed actions of each phase by the set dates and submit its materials through the system for review by the level above.',
  'cx.notice.escalation':
    'Units still overdue more than {days} days will be placed on the red list and named in a circular.',
  'cx.report.title': 'Report of {org} on the progress of the {campaign}',
  'cx.report.recipients': 'To {org}:',
  'cx.report.intro': 'As required by the deployment of the {campaign}, we report the progress as of {date} as follows.',
  'cx.report.overallHeading': 'Overall progress',
  'cx.report.overall':
    '{units} units take part here and below, with {total} tasks: {approved} approved, {submitted} submitted for review, {due} not yet due and {overdue} overdue; {returned} of the open ones were returned for resubmission. The completion rate is {rate}.',
  'cx.report.phasesHeading': 'Progress by phase',
  'cx.report.phase':
    '({n}) {phase} ({dates}). {total} tasks: {approved} approved, {submitted} submitted, {due} not yet due, {overdue} overdue; completion rate {rate}.',
  'cx.report.openHeading': 'Tasks still open',
  'cx.report.open': '{count} tasks are still open (including {returned} returned for resubmission):',
  'cx.report.openPartial':
    '{count} tasks are still open (including {returned} returned for resubmission); {shown} of them are listed by due date, the full list is in the task export:',
  'cx.report.openNone': 'Every task has been submitted.',
  'cx.report.overdueHeading': 'Overdue tasks',
  'cx.report.overdue': 'As of {date}, {count} tasks of {units} units are overdue:',
  'cx.report.overdueUnit': '{unit}: {tasks}.',
  'cx.report.overdueTask': '{action} (due {due}, {days} days overdue)',
  'cx.report.overdueMore': 'The overdue tasks of {count} further units are in the task export.',
  'cx.report.overdueMany':
    'As of {date}, {count} tasks are overdue, in many units; some of them are named below, the full list is in the task export:',
  'cx.report.overdueNone': 'No task is overdue.',
  'cx.report.redList': 'Of these, {count} units are overdue more than {days} days and on the red list.',
  'cx.report.closing':
    'We will press the units concerned to finish within a set time, so that every prescribed action is completed on time and to standard.',
  'cx.report.end': 'We hereby submit this report.',
};

const en: Record<MessageKey, string> = {
  ...baseEn,
  ...ledgerEn,
  ...opinionsEn,
  ...supervisionEn,
  ...campaignsEn,
  ...membersEn,
  ...disclosureEn,
  ...noticesEn,
  ...platformEn,
  ...workbenchEn,
};
const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, en };

/** Translates a key, filling {placeholders}; zh-CN is the default language. */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = catalogs[locale]?.[key] ?? zh[key];
  if (text === undefined) {
    reportI18nProblem(`missing catalogue key "${String(key)}"`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] === undefined ? `{${k}}` : String(params[k])));
}

/** True when `key` is in the server catalogue (zh-CN holds every key; en is typed to match). */
export function isMessageKey(key: unknown): key is MessageKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(zh, key);
}

/** Every key of the server catalogue (the error-message test compares answers with them). */
export function messageKeys(): MessageKey[] {
  return Object.keys(zh) as MessageKey[];
}

/**
 * A text that looks like a catalogue key (`field.noLeader`, `lx.err.mapping`) or a bare
 * identifier (`file`, `orgIds`) rather than words: what reaches a client when a key was never
 * translated. Real texts have spaces, punctuation or CJK.
 */
export function looksLikeKey(s: string): boolean {
  if (!/^[a-z]+(\.[A-Za-z0-9_]+)+$/.test(s) && !/^[a-z][A-Za-z0-9_]*$/.test(s)) return false;
  catalogueTexts ??= new Set(Object.values(catalogs).flatMap((c) => Object.values(c)));
  return !catalogueTexts.has(s);
}
let catalogueTexts: Set<string> | null = null;

/** The `{param}` placeholders left in a translated text (none when every param was given). */
export function unreplacedParams(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

/** Texts the server should have translated but could not, in non-production runs (newest last). */
export const i18nProblems: string[] = [];
const strictI18n = process.env.NODE_ENV !== 'production';

/**
 * The guard against raw keys and unfilled placeholders reaching a client: outside production it
 * logs loudly (console.error, so a test run shows it) and records the problem in `i18nProblems`,
 * which test/error-messages.test.ts asserts empty; in production it stays silent (the answer
 * carries a generic text instead, see localizeError in errors.ts).
 */
export function reportI18nProblem(problem: string): void {
  if (!strictI18n) return;
  if (i18nProblems.length < 1000) i18nProblems.push(problem);
  console.error(`[i18n] ${problem}`);
}

/** Picks zh-CN or en from an Accept-Language header; Chinese first. */
export function localeFromHeader(header: string | undefined): Locale {
  if (!header) return 'zh-CN';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

/**
 * Labels of enum values for exports, templates and messages, as [locale][kind][value] — an
 * adapter over the one catalogue in src/shared/labels.ts, which the web's enumLabel reads too.
 * `level`, `kind`, `category` and `status` are the members' and orgs' older names for orgLevel,
 * orgKind, memberCategory and memberStatus.
 */
export const ENUM_LABELS: Record<Locale, Record<string, Record<string, string>>> = enumTables({
  ...Object.fromEntries((Object.keys(ENUM_LABEL_TABLES) as EnumKind[]).map((k) => [k, k])),
  level: 'orgLevel',
  kind: 'orgKind',
  category: 'memberCategory',
  status: 'memberStatus',
});

/** The label of one enum value (the same function the web's enumLabel calls). */
export function enumLabel(locale: Locale, kind: EnumKind, value: string | null | undefined): string {
  return labelOf(locale, kind, value);
}
