/** Server texts of the opinions module and the public pages (意见建议、公示). */
export const opinionsZh = {} as const;
export const opinionsEn: Record<keyof typeof opinionsZh, string> = {};
export const opinionsEnums: Record<'zh-CN' | 'en', Record<string, Record<string, string>>> = { 'zh-CN': {}, en: {} };
