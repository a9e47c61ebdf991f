import type { ThemeConfig } from 'antd';

/** Party red, used only for the header bar and primary buttons; everything else is antd's default. */
export const PARTY_RED = '#c81e1e';

export const theme: ThemeConfig = {
  token: {
    borderRadius: 4,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Zen Hei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Button: { colorPrimary: PARTY_RED, algorithm: true },
    Layout: { headerBg: PARTY_RED, headerHeight: 56, headerPadding: '0 20px', siderBg: '#fff', bodyBg: '#f3f4f6' },
    Table: { headerBg: '#f7f7f8' },
  },
};
