/**
 * Tin tức: edit a post drafted from an activity (title, summary, body, photos from the
 * activity's evidence) and publish it; take a published post off the portal with a reason and
 * publish it again at the same address (docs/decisions/0031). This page and its editor are one lazily loaded chunk.
 */
import { Alert, App as AntApp, Breadcrumb, Button, Card, Checkbox, Image, Input, Modal, Popconfirm, Skeleton, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '#src/core/vn/format.ts';
import { ApiError } from '../../lib/api';
import { StateTag } from '../../components/state-tag';
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
  const [unpublishing, setUnpublishing] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);

  const run = async (publish: boolean) => {
    setError(null);
    try {
      await save.mutateAsync({ id: post.id, patch: { title, summary, bodyHtml: body.current, photoFileIds: photos } });
      if (publish) await save.mutateAsync({ id: post.id, publish: true });
      void message.success(t(publish ? (current.status === 'withdrawn' ? 'news.republishedMessage' : 'news.publishedMessage') : 'news.savedMessage'));
    } catch (e) {
      setError(e instanceof ApiError ? { message: e.message, field: e.field } : { message: t('errors.network') });
    }
  };
  const current = save.data ?? post;
  const editable = current.actions.includes('edit');

  const unpublish = async () => {
    if (reason.trim().length < 3) {
      setReasonError(t('news.reasonRequired'));
      return;
    }
    setReasonError(null);
    try {
      await save.mutateAsync({ id: post.id, unpublish: { reason } });
      setUnpublishing(false);
      setReason('');
      void message.success(t('news.unpublishedMessage'));
    } catch (e) {
      if (e instanceof ApiError && e.field === 'reason') setReasonError(e.message);
      else {
        setUnpublishing(false);
        setError(e instanceof ApiError ? { message: e.message, field: e.field } : { message: t('errors.network') });
      }
    }
  };

  return (
    <>
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/app/activities">{t('activities.nav')}</Link> }, { title: <Link to={`/app/activities/${post.activityId}`}>{post.activityTitle}</Link> }, { title: t('news.card') }]} />
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('news.editTitle')}
        </Typography.Title>
        {/* AA contrast: antd's preset green and orange tags are too light for their text */}
        <span data-testid="news-status">
          <StateTag tone={current.status === 'published' ? 'success' : current.status === 'withdrawn' ? 'warning' : 'neutral'}>{t(`news.status.${current.status}`)}</StateTag>
        </span>
        {current.publicPath && current.status === 'published' && (
          <a href={current.publicPath} target="_blank" rel="noreferrer" data-testid="news-public-link">
            {t('news.viewPublic')}
          </a>
        )}
      </Space>
      {current.status === 'withdrawn' ? (
        <Alert
          style={{ marginBottom: 12 }}
          type="warning"
          showIcon
          data-testid="news-withdrawn"
          message={t('news.withdrawnHint', { at: formatDateTime(new Date(current.withdrawnAt!)), reason: current.withdrawnReason })}
        />
      ) : (
        <Typography.Paragraph type="secondary">{current.status === 'published' ? t('news.publishedHint', { at: formatDateTime(new Date(current.publishedAt!)) }) : t('news.draftEditHint')}</Typography.Paragraph>
      )}
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
              {current.status !== 'published' && current.actions.includes('publish') && (
                <Popconfirm
                  title={t(current.status === 'withdrawn' ? 'news.republishConfirm' : 'news.publishConfirm')}
                  okText={t(current.status === 'withdrawn' ? 'news.republish' : 'news.publish')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => run(true)}
                >
                  <Button type="primary" loading={save.isPending}>
                    {t(current.status === 'withdrawn' ? 'news.republish' : 'news.publish')}
                  </Button>
                </Popconfirm>
              )}
              {current.actions.includes('unpublish') && (
                <Button danger onClick={() => setUnpublishing(true)}>
                  {t('news.unpublish')}
                </Button>
              )}
            </Space>
          )}
        </Space>
      </Card>
      <Modal
        open={unpublishing}
        title={t('news.unpublishTitle')}
        okText={t('news.unpublish')}
        okButtonProps={{ danger: true, loading: save.isPending }}
        cancelText={t('common.cancel')}
        onOk={() => void unpublish()}
        onCancel={() => setUnpublishing(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('news.unpublishHint')}</Typography.Paragraph>
        <label htmlFor="news-unpublish-reason" style={{ fontWeight: 600 }}>
          {t('news.reason')}
        </label>
        <Input.TextArea
          id="news-unpublish-reason"
          value={reason}
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 4 }}
          status={reasonError ? 'error' : ''}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? 'news-unpublish-reason-error' : undefined}
          onChange={(e) => setReason(e.target.value.replace(/\s*\n\s*/gu, ' '))}
        />
        {reasonError && (
          <Typography.Text type="danger" id="news-unpublish-reason-error" role="alert">
            {reasonError}
          </Typography.Text>
        )}
      </Modal>
    </>
  );
}
