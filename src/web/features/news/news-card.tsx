/** The activity page's news card: the post of the activity (open it, see it in public) or the one-click draft. */
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../lib/api';
import { StateTag } from '../../components/state-tag';
import { usePolicy } from '../auth/use-policy';
import { useActivityNews, useDraftNews } from './news-api';

export function NewsCard({ activityId, held }: { activityId: string; held: boolean }) {
  const { t } = useTranslation();
  const policy = usePolicy();
  const navigate = useNavigate();
  const post = useActivityNews(activityId);
  const draft = useDraftNews();
  const [error, setError] = useState<string | null>(null);
  const mayDraft = policy.mayEver('news.draft');
  if (post.isPending || (!post.data && !(held && mayDraft))) return null;
  const onDraft = async () => {
    setError(null);
    try {
      const made = await draft.mutateAsync(activityId);
      void navigate(`/app/news/${made.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };
  return (
    <Card size="small" title={t('news.card')} style={{ marginBottom: 16 }}>
      {post.data ? (
        <Space direction="vertical">
          <Space wrap>
            <Link to={`/app/news/${post.data.id}`}>{post.data.title}</Link>
            <StateTag tone={post.data.status === 'published' ? 'success' : post.data.status === 'withdrawn' ? 'warning' : 'neutral'}>{t(`news.status.${post.data.status}`)}</StateTag>
          </Space>
          {post.data.publicPath && (
            <a href={post.data.publicPath} target="_blank" rel="noreferrer">
              {t('news.viewPublic')}
            </a>
          )}
        </Space>
      ) : (
        <Space direction="vertical">
          <Typography.Text type="secondary">{t('news.draftHint')}</Typography.Text>
          <Button type="primary" loading={draft.isPending} onClick={() => void onDraft()}>
            {t('news.draft')}
          </Button>
        </Space>
      )}
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" message={error} />}
    </Card>
  );
}
