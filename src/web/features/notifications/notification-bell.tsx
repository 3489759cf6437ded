import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { UnreadCountDto } from '#src/core/notifications/dto.ts';
import { api } from '../../lib/api';

export const UNREAD_KEY = ['notifications', 'unread'] as const;

/**
 * The bell in the header: the unread count, kept live by the server's event stream (a change
 * on any app node reaches it); the browser reconnects the stream by itself after a break.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const unread = useQuery({ queryKey: UNREAD_KEY, queryFn: () => api<UnreadCountDto>('GET', '/api/notifications/unread-count') });
  useEffect(() => {
    const source = new EventSource('/api/notifications/stream');
    source.addEventListener('unread', (e) => {
      const { unread: n } = JSON.parse((e as MessageEvent<string>).data) as { unread: number };
      client.setQueryData(UNREAD_KEY, { unread: n });
      void client.invalidateQueries({ queryKey: ['notifications', 'list'] });
    });
    return () => source.close();
  }, [client]);
  const n = unread.data?.unread ?? 0;
  return (
    <Badge count={n} size="small" offset={[-4, 4]}>
      <Button
        type="text"
        className="app-bell"
        icon={<BellOutlined style={{ fontSize: 18 }} />}
        aria-label={n ? t('notifications.bellUnread', { count: n }) : t('notifications.bell')}
        data-testid="bell"
        data-unread={n}
        onClick={() => navigate('/app/notifications')}
      />
    </Badge>
  );
}
