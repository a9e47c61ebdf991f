import { Modal } from 'antd';
import type { ImportResult, OrgDetailView } from '../../../shared/api.ts';
import { membersApi } from './api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ImportPanel } from '../../components/ImportPanel.tsx';

/** Template download (in the current language) and upload to POST /api/members/import?org=id. */
export function MemberImportModal({
  org,
  open,
  onClose,
  onImported,
}: {
  org: OrgDetailView;
  open: boolean;
  onClose: () => void;
  onImported: (r: ImportResult) => void;
}) {
  const { t, locale } = useI18n();
  return (
    <Modal
      open={open}
      title={t('members.importTitle', { org: org.name })}
      onCancel={onClose}
      footer={null}
      width={760}
      destroyOnHidden
    >
      <ImportPanel
        templateHref={membersApi.importTemplateHref(locale)}
        uploadPath={membersApi.importPath}
        query={{ org: org.id }}
        ids={{ file: 'member-import-file', errors: 'import-errors', success: 'import-success' }}
        hint={`${t('members.importHint')} ${t('members.importPostsHint')}`}
        onImported={onImported}
      />
    </Modal>
  );
}
