import { useState } from 'react';
import { Input, Modal } from 'antd';

/**
 * The reason that goes with a decision (return, reopen, a progress report) — required unless
 * `optional` (a milestone's note). Closes itself only when `onOk` has finished.
 */
export function CommentModal({
  title,
  placeholder,
  okText,
  optional,
  onCancel,
  onOk,
}: {
  title: string;
  placeholder: string;
  okText: string;
  optional?: boolean;
  onCancel: () => void;
  onOk: (comment: string) => Promise<void>;
}) {
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={title}
      onCancel={onCancel}
      okText={okText}
      okButtonProps={{ disabled: !optional && !comment.trim(), id: 'comment-ok', 'data-testid': 'comment-ok' } as never}
      confirmLoading={busy}
      onOk={async () => {
        setBusy(true);
        try {
          await onOk(comment.trim());
        } finally {
          setBusy(false);
        }
      }}
    >
      <Input.TextArea
        rows={4}
        maxLength={optional ? 1000 : 2000}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={placeholder}
        data-testid="comment-input"
        autoFocus
      />
    </Modal>
  );
}
