/**
 * Importing an office's own .xlsx ledger (导入台账): choose the file, read the preview (which row
 * holds the header, which column is which field, the first rows as they will be imported, every
 * faulty cell), correct the column mapping if needed, then import — all or nothing.
 */
import { useRef, useState } from 'react';
import { Alert, Button, Descriptions, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { ImportIssue } from '../../../shared/api.ts';
import type {
  LedgerField,
  LedgerImportPreview,
  LedgerImportResult,
  LedgerMapping,
  LedgerSampleRow,
} from '../../../shared/ledger-excel.ts';
import { LEDGER_FIELDS, LEDGER_REQUIRED_FIELDS } from '../../../shared/ledger-excel.ts';
import type { ProblemCategory, ProblemSource } from '../../../shared/ledger.ts';
import { PROBLEM_CATEGORIES, PROBLEM_SOURCES } from '../../../shared/ledger.ts';
import { apiUrl, ApiError, newIdempotencyKey } from '../../api/client.ts';
import { uploadFile } from '../../api/upload.ts';
import { enumLabel, enumOptions, useI18n } from '../../i18n/index.tsx';
import { useIsMobile } from '../../components/hooks.ts';
import { deadlineLabel } from './format.ts';

const colLetter = (i: number): string =>
  i < 26 ? String.fromCharCode(65 + i) : colLetter(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26));

export function LedgerImportModal({
  org,
  onClose,
  onImported,
}: {
  org: { id: number; name: string };
  onClose: () => void;
  onImported: (r: LedgerImportResult) => void;
}) {
  const { t, locale } = useI18n();
  const mobile = useIsMobile();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [category, setCategory] = useState<ProblemCategory | undefined>(undefined);
  const [source, setSource] = useState<ProblemSource | undefined>(undefined);
  const [mapping, setMapping] = useState<LedgerMapping | null>(null);
  const [preview, setPreview] = useState<LedgerImportPreview | null>(null);
  const [busy, setBusy] = useState<null | 'preview' | 'import'>(null);
  const [error, setError] = useState<{ message: string; issues: ImportIssue[] } | null>(null);
  const [result, setResult] = useState<LedgerImportResult | null>(null);
  // One Idempotency-Key per chosen file: pressing import again after a failure retries with it.
  const idempotencyKey = useRef<string>('');

  /** The import options, sent as form fields before the file (mapping as JSON). */
  const fieldsOf = (m: LedgerMapping | null) => ({ mapping: m, category, source });

  const runPreview = async (f: File, m: LedgerMapping | null) => {
    setBusy('preview');
    setError(null);
    setResult(null);
    try {
      const p = await uploadFile<LedgerImportPreview>(`/orgs/${org.id}/ledger/import/preview`, f, {
        fields: fieldsOf(m),
      });
      setPreview(p);
      setMapping(p.mapping);
    } catch (e) {
      setPreview(null);
      setError(
        e instanceof ApiError ? { message: e.message, issues: e.importIssues } : { message: String(e), issues: [] },
      );
    } finally {
      setBusy(null);
    }
  };

  const runImport = async () => {
    if (!file) return;
    setBusy('import');
    setError(null);
    try {
      const r = await uploadFile<LedgerImportResult>(`/orgs/${org.id}/ledger/import`, file, {
        fields: fieldsOf(mapping),
        idempotencyKey: idempotencyKey.current,
      });
      setResult(r);
      onImported(r);
    } catch (e) {
      setError(
        e instanceof ApiError ? { message: e.message, issues: e.importIssues } : { message: String(e), issues: [] },
      );
    } finally {
      setBusy(null);
    }
  };

  const choose = (f: File) => {
    idempotencyKey.current = newIdempotencyKey();
    setFile(f);
    setMapping(null);
    void runPreview(f, null);
  };

  const remap = (field: LedgerField, col: number | null) => {
    if (!file) return;
    const next = { ...(mapping ?? {}), [field]: col };
    setMapping(next);
    void runPreview(file, next);
  };

  const columnOptions = (preview?.columns ?? []).map((c) => ({
    value: c.index,
    label: `${colLetter(c.index)} · ${c.group ? `${c.group} / ` : ''}${c.header || '—'}`,
  }));
  const canImport = !!file && !!preview && preview.errorCount === 0 && !result && busy === null;

  return (
    <Modal
      open
      width={mobile ? '100%' : 960}
      title={t('ledgerImport.title', { org: org.name })}
      onCancel={onClose}
      footer={
        <Space wrap>
          <Button onClick={onClose}>{result ? t('ledgerImport.close') : t('common.cancel')}</Button>
          {!result && (
            <Button
              type="primary"
              disabled={!canImport}
              loading={busy === 'import'}
              onClick={() => void runImport()}
              data-testid="ledger-import-submit"
            >
              {preview ? t('ledgerImport.submit', { n: preview.rowCount }) : t('ledgerImport.submitIdle')}
            </Button>
          )}
        </Space>
      }
    >
      <ol className="import-steps">
        <li>
          <Space wrap>
            <span>{t('ledgerImport.step1')}</span>
            <Button
              icon={<DownloadOutlined />}
              size="small"
              href={apiUrl('/ledger/import-template.xlsx', { lang: locale })}
              data-testid="ledger-import-template"
            >
              {t('import.template')}
            </Button>
          </Space>
        </li>
        <li>
          <Space wrap>
            <span>{t('ledgerImport.step2')}</span>
            <Select
              allowClear
              size="small"
              className="import-default"
              placeholder={t('ledgerImport.defaultCategory')}
              popupMatchSelectWidth={false}
              value={category}
              onChange={setCategory}
              options={enumOptions(t, 'problemCategory', PROBLEM_CATEGORIES)}
            />
            <Select
              allowClear
              size="small"
              className="import-default"
              placeholder={t('ledgerImport.source')}
              popupMatchSelectWidth={false}
              value={source}
              onChange={setSource}
              options={enumOptions(t, 'problemSource', PROBLEM_SOURCES)}
            />
          </Space>
        </li>
        <li>
          <Space wrap>
            <span>{t('ledgerImport.step3')}</span>
            <input
              ref={input}
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              className="visually-hidden"
              data-testid="ledger-import-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) choose(f);
                e.target.value = '';
              }}
            />
            <Button
              type="primary"
              ghost
              icon={<UploadOutlined />}
              loading={busy === 'preview'}
              onClick={() => input.current?.click()}
            >
              {file ? t('ledgerImport.chooseAgain') : t('ledgerImport.choose')}
            </Button>
            {file && <Typography.Text type="secondary">{file.name}</Typography.Text>}
          </Space>
        </li>
      </ol>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('ledgerImport.hint')}
      </Typography.Paragraph>

      {result && (
        <Alert
          type="success"
          showIcon
          data-testid="ledger-import-success"
          title={t('ledgerImport.done', { n: result.imported, first: result.firstSeq, last: result.lastSeq })}
          description={result.linked ? t('ledgerImport.linked', { n: result.linked }) : undefined}
          style={{ marginBottom: 12 }}
        />
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          title={error.message}
          style={{ marginBottom: 12 }}
          data-testid="ledger-import-error"
        />
      )}
      {error && error.issues.length > 0 && <IssueTable issues={error.issues} />}

      {preview && !result && (
        <div className="ledger-preview" data-testid="ledger-import-preview">
          <Alert
            type={preview.errorCount > 0 ? 'warning' : 'info'}
            showIcon
            style={{ marginBottom: 12 }}
            title={
              preview.errorCount > 0
                ? t('ledgerImport.previewErrors', { rows: preview.rowCount, errors: preview.errorCount })
                : t('ledgerImport.previewOk', { rows: preview.rowCount })
            }
            description={t('ledgerImport.layout', {
              sheet: preview.sheet,
              header: preview.headerRows.join('–'),
              data: preview.dataRow,
            })}
          />
          <Typography.Title level={5}>{t('ledgerImport.mapping')}</Typography.Title>
          <Descriptions size="small" bordered column={mobile ? 1 : 2} className="ledger-mapping">
            {LEDGER_FIELDS.map((field) => (
              <Descriptions.Item
                key={field}
                label={
                  <span>
                    {t(`ledgerField.${field}`)}
                    {LEDGER_REQUIRED_FIELDS.includes(field) && <span className="text-danger"> *</span>}
                  </span>
                }
              >
                <Select
                  size="small"
                  allowClear
                  style={{ width: '100%' }}
                  placeholder={t('ledgerImport.notInFile')}
                  value={mapping?.[field] ?? undefined}
                  onChange={(v?: number) => remap(field, v ?? null)}
                  options={columnOptions}
                  disabled={busy !== null}
                  data-testid={`ledger-map-${field}`}
                />
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('ledgerImport.sample', { n: preview.sample.length })}
          </Typography.Title>
          <Table<LedgerSampleRow>
            size="small"
            rowKey="row"
            pagination={false}
            scroll={{ x: 820, y: 320 }}
            dataSource={preview.sample}
            columns={[
              { title: t('import.row'), dataIndex: 'row', width: 56, align: 'right' },
              {
                title: t('ledgerField.description'),
                key: 'description',
                render: (_, r) => <span className="cell-clamp">{r.values.description ?? ''}</span>,
              },
              {
                title: t('ledgerField.responsible_person'),
                key: 'person',
                width: 110,
                render: (_, r) => r.values.responsible_person ?? '',
              },
              {
                title: t('problem.category'),
                key: 'category',
                width: 100,
                render: (_, r) => (r.parsed ? enumLabel(t, 'problemCategory', r.parsed.category) : ''),
              },
              {
                title: t('problem.kind'),
                key: 'kind',
                width: 110,
                render: (_, r) => (r.parsed ? enumLabel(t, 'problemKind', r.parsed.kind) : ''),
              },
              {
                title: t('problem.deadline'),
                key: 'deadline',
                width: 120,
                render: (_, r) =>
                  r.parsed ? deadlineLabel(t, r.parsed.deadline, r.parsed.kind) : (r.values.deadline ?? ''),
              },
              {
                title: t('problem.measures'),
                key: 'measures',
                width: 80,
                align: 'right',
                render: (_, r) => r.parsed?.measures.length ?? '',
              },
              {
                title: t('problem.status'),
                key: 'status',
                width: 110,
                render: (_, r) =>
                  r.parsed ? (
                    enumLabel(t, 'problemStatus', r.parsed.status)
                  ) : (
                    <Tag color="red">{t('ledgerImport.rowError')}</Tag>
                  ),
              },
            ]}
          />
          {preview.errors.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('ledgerImport.errors', { n: preview.errorCount })}
              </Typography.Title>
              <IssueTable issues={preview.errors} />
            </>
          )}
          {(preview.unmatched?.length ?? 0) > 0 && (
            <div data-testid="ledger-import-unmatched">
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('ledgerImport.unmatched', { n: preview.unmatchedCount })}
              </Typography.Title>
              <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                {t('ledgerImport.unmatchedHelp')}
              </Typography.Paragraph>
              <ul className="ledger-unmatched" style={{ maxHeight: 200, overflowY: 'auto', paddingLeft: 20 }}>
                {preview.unmatched.map((u) => (
                  <li key={`${u.row}-${u.column}`}>{u.message}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </Modal>
  );
}

function IssueTable({ issues }: { issues: ImportIssue[] }) {
  const { t } = useI18n();
  return (
    <div data-testid="ledger-import-issues">
      <Table<ImportIssue & { key: number }>
        size="small"
        bordered
        scroll={{ y: 280 }}
        pagination={issues.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
        dataSource={issues.map((i, key) => ({ ...i, key }))}
        columns={[
          { title: t('import.row'), dataIndex: 'row', width: 64, align: 'right' },
          { title: t('import.column'), dataIndex: 'column', width: 130, render: (v?: string) => v ?? '—' },
          { title: t('import.message'), dataIndex: 'message' },
        ]}
      />
    </div>
  );
}
