import { Modal } from 'antd';
import type { ImportResult } from '../../../shared/api.ts';
import { opinionsApi } from './api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ImportPanel } from '../../components/ImportPanel.tsx';

/** Bulk entry of opinions: template download (current language) and upload to POST /api/opinions/import?org=id. */
export function OpinionImportModal({
  org,
  onClose,
  onImported,
}: {
  org: { id: number; name: string };
  onClose: () => void;
  onImported: (r: ImportResult) => void;
}) {
  const { t, locale } = useI18n();
  return (
    <Modal
      open
      title={t('op.import.title', { org: org.name })}
      onCancel={onClose}
      footer={null}
      width={760}
      destroyOnHidden
      data-testid="opinion-import-modal"
    >
      <ImportPanel
        templateHref={opinionsApi.importTemplateHref(locale)}
        uploadPath={opinionsApi.importPath}
        query={{ org: org.id }}
        ids={{ file: 'opinion-import-file', errors: 'import-errors', success: 'import-success' }}
        hint={t('op.import.hint')}
        onImported={onImported}
      />
    </Modal>
  );
}
