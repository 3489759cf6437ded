/**
 * Tin tức: edit a post drafted from an activity (title, summary, body, photos from the
 * activity's evidence) and publish it. This page and its editor are one lazily loaded chunk.
 */
import { Alert, App as AntApp, Breadcrumb, Button, Card, Checkbox, Image, Input, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '#src/core/vn/format.ts';
import { ApiError } from '../../lib/api';
import { useNews, useNewsMutation, type NewsPost } from './news-api';
import { RichTextEditor } from './rich-text-editor';
import './news-editor.css';

export function NewsEditorPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const post = useNews(id);
  if (post.isError) return <Alert type="error" showIcon message={post.error instanceof ApiError ? post.error.message : t('errors.network')} />;
  if (!post.data) return <Skeleton active />;
  return <NewsEditor key={post.data.id} post={post.data} />;
}

function NewsEditor({ post }: { post: NewsPost }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const save = useNewsMutation();
  const [title, setTitle] = useState(post.title);
  const [summary, setSummary] = useState(post.summary);
  const [photos, setPhotos] = useState<string[]>(post.photoFileIds);
  const body = useRef(post.bodyHtml);
  const [error, setError] = useState<{ message: string; field?: string | undefined } | null>(null);
  const editable = post.actions.includes('edit');

  const run = async (publish: boolean) => {
    setError(null);
    try {
      await save.mutateAsync({ id: post.id, patch: { title, summary, bodyHtml: body.current, photoFileIds: photos } });
      if (publish) await save.mutateAsync({ id: post.id, publish: true });
      void message.success(t(publish ? 'news.publishedMessage' : 'news.savedMessage'));
    } catch (e) {
      setError(e instanceof ApiError ? { message: e.message, field: e.field } : { message: t('errors.network') });
    }
  };
  const current = save.data ?? post;

  return (
    <>
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/app/activities">{t('activities.nav')}</Link> }, { title: <Link to={`/app/activities/${post.activityId}`}>{post.activityTitle}</Link> }, { title: t('news.card') }]} />
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('news.editTitle')}
        </Typography.Title>
        <Tag color={current.status === 'published' ? 'green' : 'default'}>{t(`news.status.${current.status}`)}</Tag>
        {current.publicPath && (
          <a href={current.publicPath} target="_blank" rel="noreferrer" data-testid="news-public-link">
            {t('news.viewPublic')}
          </a>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{current.status === 'published' ? t('news.publishedHint', { at: formatDateTime(new Date(current.publishedAt!)) }) : t('news.draftEditHint')}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <div>
            <label htmlFor="news-title" style={{ fontWeight: 600 }}>
              {t('news.title')}
            </label>
            <Input id="news-title" value={title} maxLength={300} disabled={!editable} status={error?.field === 'title' ? 'error' : ''} onChange={(e) => setTitle(e.target.value)} />
          </div>
          <div>
            <label htmlFor="news-summary" style={{ fontWeight: 600 }}>
              {t('news.summary')}
            </label>
            <Input.TextArea id="news-summary" value={summary} maxLength={300} autoSize={{ minRows: 2, maxRows: 4 }} disabled={!editable} onChange={(e) => setSummary(e.target.value.replace(/\s*\n\s*/gu, ' '))} />
          </div>
          <div>
            <div id="news-body-label" style={{ fontWeight: 600, marginBottom: 4 }}>
              {t('news.body')}
            </div>
            <RichTextEditor initialHtml={post.bodyHtml} labelledBy="news-body-label" editable={editable} onChange={(html) => (body.current = html)} />
          </div>
          <div>
            <div style={{ fontWeight: 600, marginBottom: 4 }}>{t('news.photos')}</div>
            {post.photoOptions.length === 0 ? (
              <Typography.Text type="secondary">{t('news.noPhotos')}</Typography.Text>
            ) : (
              <Checkbox.Group value={photos} onChange={(v) => setPhotos(v)} disabled={!editable} style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
                {post.photoOptions.map((p) => (
                  <Checkbox key={p.fileId} value={p.fileId} aria-label={p.fileName}>
                    <Image width={120} height={90} style={{ objectFit: 'cover' }} preview={false} src={`/api/activities/${post.activityId}/files/${p.fileId}?thumbnail=true`} alt={p.fileName} />
                  </Checkbox>
                ))}
              </Checkbox.Group>
            )}
          </div>
          {error && <Alert type="error" showIcon role="alert" message={error.message} />}
          {editable && (
            <Space wrap>
              <Button onClick={() => void run(false)} loading={save.isPending}>
                {t('news.save')}
              </Button>
              {current.status === 'draft' && current.actions.includes('publish') && (
                <Popconfirm title={t('news.publishConfirm')} okText={t('news.publish')} cancelText={t('common.cancel')} onConfirm={() => run(true)}>
                  <Button type="primary" loading={save.isPending}>
                    {t('news.publish')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          )}
        </Space>
      </Card>
    </>
  );
}
