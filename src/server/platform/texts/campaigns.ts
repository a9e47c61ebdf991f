/** Server texts of campaigns (messages, export headings and cells) in zh-CN and en; i18n.ts merges them into the one catalogue. */
export const campaignsZh = {} as const satisfies Record<string, string>;

export const campaignsEn: Record<keyof typeof campaignsZh, string> = {};
