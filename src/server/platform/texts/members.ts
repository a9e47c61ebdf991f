/** Server texts of members (messages, export headings and cells) in zh-CN and en; i18n.ts merges them into the one catalogue. */
export const membersZh = {} as const satisfies Record<string, string>;

export const membersEn: Record<keyof typeof membersZh, string> = {};
