/** One saved version of a material, read in a drawer. */
import { Drawer, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { materialsApi } from './api.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { useApiData } from '../../../components/hooks.ts';
import { fmtDateTime } from '../../../components/format.ts';

export function VersionDrawer({
  materialId,
  version,
  mobile,
  onClose,
}: {
  materialId: number;
  version: number;
  mobile: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const v = useApiData(() => materialsApi.version(materialId, version), [materialId, version]);
  return (
    <Drawer
      open
      onClose={onClose}
      size={mobile ? '100%' : 720}
      title={t('sv.material.versionN', { n: version })}
      data-testid="version-drawer"
    >
      {v.error ? (
        <Empty description={v.error.message} />
      ) : !v.data ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <>
          <Space size={[8, 4]} wrap style={{ marginBottom: 12 }}>
            {v.data.submitted && <Tag color="processing">{t('sv.material.submittedTag')}</Tag>}
            <Typography.Text type="secondary">
              {v.data.authorName} · {fmtDateTime(v.data.createdAt)}
            </Typography.Text>
          </Space>
          <div className="sv-paper pre-wrap" data-testid="version-body">
            {v.data.body || <span className="muted">{t('sv.material.emptyBody')}</span>}
          </div>
        </>
      )}
    </Drawer>
  );
}
