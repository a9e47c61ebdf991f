/**
 * Upload an .xlsx and show the outcome: "imported N", or the server's message and a table of
 * every faulty sheet/row/column (422 IMPORT_INVALID: nothing was imported).
 */
import { useRef, useState } from 'react';
import { Alert, Button, Space, Table, Typography } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { ImportIssue, ImportResult } from '../../shared/api.ts';
import { ApiError, newIdempotencyKey, type Query } from '../api/client.ts';
import { uploadFile } from '../api/upload.ts';
import { useI18n } from '../i18n/index.tsx';
import { useIsMobile } from './hooks.ts';

interface ImportPanelProps {
  templateHref: string;
  uploadPath: string;
  query: Query;
  /** Test ids: file input, error table, success message. */
  ids: { file: string; errors: string; success: string };
  hint?: string;
  onImported: (r: ImportResult) => void;
}

export function ImportPanel({ templateHref, uploadPath, query, ids, hint, onImported }: ImportPanelProps) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [fileName, setFileName] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<{ message: string; issues: ImportIssue[] } | null>(null);
  // One Idempotency-Key per chosen file; the same file chosen again after an attempt that got no
  // answer (network error, 5xx) is a retry and sends the same key, so it cannot import twice.
  const attempt = useRef<{ id: string; key: string } | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setResult(null);
    setError(null);
    setFileName(file.name);
    const id = `${uploadPath}|${JSON.stringify(query)}|${file.name}|${file.size}|${file.lastModified}`;
    if (attempt.current?.id !== id) attempt.current = { id, key: newIdempotencyKey() };
    try {
      const r = await uploadFile<ImportResult>(uploadPath, file, { query, idempotencyKey: attempt.current.key });
      attempt.current = null;
      setResult(r);
      onImported(r);
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) attempt.current = null;
      if (e instanceof ApiError) setError({ message: e.message, issues: e.importIssues });
      else setError({ message: String(e), issues: [] });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div className="import-panel">
      <ol className="import-steps">
        <li>
          <Space wrap>
            <span>{t('import.step1')}</span>
            <Button icon={<DownloadOutlined />} href={templateHref} size="small" data-testid="import-template">
              {t('import.template')}
            </Button>
          </Space>
        </li>
        <li>
          <Space wrap>
            <span>{t('import.step2')}</span>
            <input
              ref={input}
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              className="visually-hidden"
              data-testid={ids.file}
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void upload(f);
              }}
            />
            <Button type="primary" icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()}>
              {t('import.choose')}
            </Button>
            {fileName && <Typography.Text type="secondary">{fileName}</Typography.Text>}
          </Space>
        </li>
      </ol>
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      {result && (
        <Alert
          type="success"
          showIcon
          data-testid={ids.success}
          title={t('import.success', { n: result.imported })}
          description={
            result.created !== result.imported ? t('import.successCreated', { n: result.created }) : undefined
          }
        />
      )}
      {error && (
        <>
          <Alert
            type="error"
            showIcon
            title={error.message}
            style={{ marginBottom: 12 }}
            data-testid={`${ids.errors}-message`}
          />
          {error.issues.length > 0 && (
            <div data-testid={ids.errors}>
              <Table<ImportIssue & { key: number }>
                size="small"
                bordered
                scroll={{ y: mobile ? 360 : 320 }}
                pagination={error.issues.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
                dataSource={error.issues.map((i, key) => ({ ...i, key }))}
                columns={
                  mobile
                    ? [
                        {
                          title: t('import.where'),
                          key: 'where',
                          width: 110,
                          render: (_: unknown, i) => (
                            <>
                              <div>{t('import.rowN', { n: i.row })}</div>
                              {i.column && <Typography.Text type="secondary">{i.column}</Typography.Text>}
                            </>
                          ),
                        },
                        { title: t('import.message'), dataIndex: 'message' },
                      ]
                    : [
                        { title: t('import.sheet'), dataIndex: 'sheet', width: 110 },
                        { title: t('import.row'), dataIndex: 'row', width: 60, align: 'right' },
                        {
                          title: t('import.column'),
                          dataIndex: 'column',
                          width: 110,
                          render: (v?: string) => v ?? '—',
                        },
                        { title: t('import.message'), dataIndex: 'message' },
                      ]
                }
              />
            </div>
          )}
        </>
      )}
    </div>
  );
}
