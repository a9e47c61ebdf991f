import { Button, Result } from 'antd';
import type { ApiError } from '../../../api/client.ts';
import { useRouter } from '../../../app/router.tsx';
import { useI18n } from '../../../i18n/index.tsx';

/**
 * A supervision page whose item did not load: not found (404, or an address whose id is not a
 * number), not allowed (403) or another failure, with the server's message and a way back to the
 * supervision hub (or `back`).
 */
export function LoadFailed({
  error,
  missing,
  notFound,
  back = '/supervision',
}: {
  error?: ApiError;
  missing?: boolean;
  notFound: string;
  back?: string;
}) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const gone = !!missing || error?.status === 404;
  return (
    <Result
      status={gone ? '404' : error?.status === 403 ? '403' : 'error'}
      title={gone ? notFound : t('common.loadFailed')}
      subTitle={error?.message}
      extra={<Button onClick={() => navigate(back)}>{t('sv.backHome')}</Button>}
    />
  );
}
