/** Server texts of notices (messages, export headings and cells) in zh-CN and en; i18n.ts merges them into the one catalogue. */
export const noticesZh = {} as const satisfies Record<string, string>;

export const noticesEn: Record<keyof typeof noticesZh, string> = {};
