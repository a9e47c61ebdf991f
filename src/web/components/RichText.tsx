/**
 * A small rich-text editor for deliverables: paragraphs, bold, italic, lists and headings — the
 * subset the server keeps (platform/html.ts sanitizeHtml, allow-list in shared/richtext.ts). It
 * is a contentEditable div, so it works on a phone keyboard; the value is HTML. Stored HTML is
 * sanitized again in the browser (safeHtml) before it goes into the DOM; links open in a new tab
 * with rel="noopener noreferrer", and links to another site are marked (a.external).
 */
import { useEffect, useRef } from 'react';
import { Button, Space, Tooltip } from 'antd';
import { BoldOutlined, ItalicOutlined, OrderedListOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/index.tsx';
import { safeHtml } from './safeHtml.ts';

export function RichText({
  value,
  onChange,
  readOnly,
  placeholder,
  testId,
}: {
  value: string;
  onChange?: (html: string) => void;
  readOnly?: boolean;
  placeholder?: string;
  testId?: string;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);

  // Only push outside changes into the DOM: rewriting it while typing would move the caret.
  // An outside value (stored text) is sanitized first: it is never inserted as it came.
  useEffect(() => {
    if (ref.current && ref.current.innerHTML !== value) ref.current.innerHTML = safeHtml(value);
  }, [value]);

  const exec = (cmd: string, arg?: string) => {
    ref.current?.focus();
    document.execCommand(cmd, false, arg);
    if (ref.current) onChange?.(ref.current.innerHTML);
  };

  return (
    <div className={`richtext${readOnly ? ' richtext-readonly' : ''}`}>
      {!readOnly && (
        <Space size={2} className="richtext-toolbar">
          <Tooltip title={t('editor.bold')}>
            <Button
              size="small"
              type="text"
              icon={<BoldOutlined />}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => exec('bold')}
            />
          </Tooltip>
          <Tooltip title={t('editor.italic')}>
            <Button
              size="small"
              type="text"
              icon={<ItalicOutlined />}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => exec('italic')}
            />
          </Tooltip>
          <Tooltip title={t('editor.bullets')}>
            <Button
              size="small"
              type="text"
              icon={<UnorderedListOutlined />}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => exec('insertUnorderedList')}
            />
          </Tooltip>
          <Tooltip title={t('editor.numbers')}>
            <Button
              size="small"
              type="text"
              icon={<OrderedListOutlined />}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => exec('insertOrderedList')}
            />
          </Tooltip>
          <Button
            size="small"
            type="text"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => exec('formatBlock', 'h3')}
          >
            {t('editor.heading')}
          </Button>
        </Space>
      )}
      <div
        ref={ref}
        className="richtext-body"
        contentEditable={!readOnly}
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        data-placeholder={placeholder}
        data-testid={testId}
        onFocus={() => document.execCommand('defaultParagraphSeparator', false, 'p')}
        onInput={() => ref.current && onChange?.(ref.current.innerHTML)}
      />
    </div>
  );
}
