/** Server texts of platform (messages, export headings and cells) in zh-CN and en; i18n.ts merges them into the one catalogue. */
export const platformZh = {
  // Field messages services name by key (the error handler translates them).
  'field.grantRequired': '至少需要授予一个角色',
  'field.body': '请求内容无法解析，请检查格式（JSON）后重试',
  'field.contentType': '不支持的请求内容类型',
  'field.tooSmall': '不能小于 {min}',
  'field.tooShort': '至少 {min} 个字符',
  // Official documents (platform/docx.ts): the label of the 版记's copy line.
  'docx.copyTo': '抄送：',
  // Spreadsheets (platform/xlsx.ts): how a list of column names is joined in a message.
  'xlsx.columnSeparator': '、',
} as const satisfies Record<string, string>;

export const platformEn: Record<keyof typeof platformZh, string> = {
  'field.grantRequired': 'At least one role grant is required',
  'field.body': 'The request body could not be read; check its format (JSON) and try again',
  'field.contentType': 'This content type is not accepted',
  'field.tooSmall': 'Must be at least {min}',
  'field.tooShort': 'At least {min} characters',
  'docx.copyTo': 'Cc: ',
  'xlsx.columnSeparator': ', ',
};
