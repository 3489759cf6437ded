import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, List, Select, Space, Table, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { CHANNELS, type ChannelChoice } from '#src/core/notifications/kinds.ts';
import type { NotificationDto, NotificationListDto, NotificationPreferenceDto, NotificationPreferencesDto, UnreadCountDto } from '#src/core/notifications/dto.ts';
import { api } from '../../lib/api';
import { UNREAD_KEY } from './notification-bell';

type Item = NotificationDto;
type Channel = ChannelChoice;
type Pref = NotificationPreferenceDto;

const dateTime = (iso: string) =>
  new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** The signed-in person's notifications (newest first, mark read) and how they want to be told, per kind. */
export function NotificationsPage() {
  const { t } = useTranslation();
  // accounts: "Tài khoản của tôi" links to the settings tab (?tab=prefs).
  const [params] = useSearchParams();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('notifications.title')}
      </Typography.Title>
      <Tabs
        defaultActiveKey={params.get('tab') === 'prefs' ? 'prefs' : 'list'}
        items={[
          { key: 'list', label: t('notifications.tabList'), children: <NotificationList /> },
          { key: 'prefs', label: t('notifications.tabSettings'), children: <Preferences /> },
        ]}
      />
    </>
  );
}

function NotificationList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['notifications', 'list'], queryFn: () => api<NotificationListDto>('GET', '/api/notifications?limit=100') });
  const done = (r: { unread: number }) => {
    client.setQueryData(UNREAD_KEY, { unread: r.unread });
    return client.invalidateQueries({ queryKey: ['notifications', 'list'] });
  };
  const read = useMutation({ mutationFn: (id: string) => api<UnreadCountDto>('POST', `/api/notifications/${id}/read`), onSuccess: done });
  const readAll = useMutation({ mutationFn: () => api<UnreadCountDto>('POST', '/api/notifications/read-all'), onSuccess: done });
  const open = (n: Item) => {
    if (!n.read) read.mutate(n.id);
    void navigate(n.link);
  };
  return (
    <>
      {list.isError && <Alert type="error" showIcon message={(list.error as Error).message} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Button onClick={() => readAll.mutate()} loading={readAll.isPending} disabled={!list.data?.unread}>
          {t('notifications.markAllRead')}
        </Button>
      </Space>
      <List
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('notifications.empty') }}
        renderItem={(n) => (
          <List.Item
            data-testid="notification"
            actions={n.read ? [] : [<Button key="read" size="small" onClick={() => read.mutate(n.id)}>{t('notifications.markRead')}</Button>]}
          >
            <List.Item.Meta
              title={
                <a href={n.link} onClick={(e) => { e.preventDefault(); open(n); }} style={{ fontWeight: n.read ? 'normal' : 'bold', overflowWrap: 'anywhere' }}>
                  {n.title}
                </a>
              }
              description={dateTime(n.createdAt)}
            />
          </List.Item>
        )}
      />
    </>
  );
}

function Preferences() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const prefs = useQuery({ queryKey: ['notifications', 'prefs'], queryFn: () => api<NotificationPreferencesDto>('GET', '/api/notifications/preferences') });
  const save = useMutation({
    mutationFn: (item: { kind: string; channel: Channel }) => api<NotificationPreferencesDto>('PUT', '/api/notifications/preferences', { items: [item] }),
    onSuccess: (data) => {
      client.setQueryData(['notifications', 'prefs'], data);
      void message.success(t('notifications.saved'));
    },
  });
  const channels: readonly Channel[] = CHANNELS;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('notifications.settingsIntro')}</Typography.Paragraph>
      {save.isError && <Alert type="error" showIcon message={(save.error as Error).message} />}
      <Table
        rowKey="kind"
        loading={prefs.isPending}
        dataSource={prefs.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('notifications.kind'), dataIndex: 'kind', render: (k: string) => t(`notificationKind.${k}`) },
          {
            title: t('notifications.channel'),
            key: 'channel',
            width: 190,
            render: (_, p: Pref) => (
              <Select
                value={p.channel}
                style={{ width: '100%', minWidth: 140 }}
                aria-label={t('notifications.channelFor', { kind: t(`notificationKind.${p.kind}`) })}
                onChange={(channel: Channel) => save.mutate({ kind: p.kind, channel })}
                options={channels.map((c) => ({ value: c, label: t(`notifications.channels.${c}`) }))}
              />
            ),
          },
        ]}
      />
    </>
  );
}
