/** Server texts of disclosure (messages, export headings and cells) in zh-CN and en; i18n.ts merges them into the one catalogue. */
export const disclosureZh = {} as const satisfies Record<string, string>;

export const disclosureEn: Record<keyof typeof disclosureZh, string> = {};
