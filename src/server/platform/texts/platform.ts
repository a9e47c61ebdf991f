/** Server texts of platform (messages, export headings and cells) in zh-CN and en; i18n.ts merges them into the one catalogue. */
export const platformZh = {} as const satisfies Record<string, string>;

export const platformEn: Record<keyof typeof platformZh, string> = {};
