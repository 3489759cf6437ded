import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, InputNumber, Space, Typography } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { MouContent } from '#src/core/mou/types.ts';

/** Inline markup of MoU texts: `*italic*`, `**bold**` (as the documents render it). */
export function InlineText({ text }: { text: string }) {
  const parts = text.split(/(\*\*[^*]+\*\*|\*[^*]+\*)/u).filter(Boolean);
  return (
    <>
      {parts.map((p, i) =>
        p.startsWith('**') ? <strong key={i}>{p.slice(2, -2)}</strong> : p.startsWith('*') && p.length > 2 ? <em key={i}>{p.slice(1, -1)}</em> : <Fragment key={i}>{p}</Fragment>,
      )}
    </>
  );
}

/** The preamble and articles of an MoU, read-only. */
export function MouTextView({ content }: { content: MouContent }) {
  return (
    <div className="mou-text" lang="vi">
      {content.preamble.map((p, i) => (
        <p key={`p${i}`} className="mou-preamble">
          <InlineText text={p} />
        </p>
      ))}
      {content.articles.map((a) => (
        <section key={a.number} aria-label={`Điều ${a.number}. ${a.title}`}>
          <p className="mou-article-title">
            <strong>
              Điều {a.number}. <InlineText text={a.title} />
            </strong>
          </p>
          {a.clauses.map((c, i) => (
            <p key={i} className="mou-clause">
              {a.clauses.length > 1 ? `${i + 1}. ` : ''}
              <InlineText text={c} />
            </p>
          ))}
        </section>
      ))}
    </div>
  );
}

/**
 * Edits the preamble and the articles (title and clauses) of an MoU or of a
 * campaign's template. Controlled: the caller keeps the value.
 */
export function MouContentEditor({ value, onChange, idPrefix }: { value: MouContent; onChange: (v: MouContent) => void; idPrefix: string }) {
  const { t } = useTranslation();
  const setPreamble = (i: number, text: string) => onChange({ ...value, preamble: value.preamble.map((p, k) => (k === i ? text : p)) });
  const setArticle = (ai: number, patch: Partial<MouContent['articles'][number]>) =>
    onChange({ ...value, articles: value.articles.map((a, k) => (k === ai ? { ...a, ...patch } : a)) });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Text type="secondary">{t('mou.markupHint')}</Typography.Text>
      <Typography.Text type="secondary">{t('phases.placeholdersHint')}</Typography.Text>
      <Card size="small" title={t('mou.preamble')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {value.preamble.map((p, i) => (
            <Space.Compact key={i} style={{ width: '100%' }}>
              <Input.TextArea
                id={`${idPrefix}-preamble-${i}`}
                aria-label={t('mou.preambleItem', { n: i + 1 })}
                autoSize={{ minRows: 1, maxRows: 6 }}
                value={p}
                onChange={(e) => setPreamble(i, e.target.value)}
              />
              <Button aria-label={t('mou.removePreamble', { n: i + 1 })} icon={<DeleteOutlined />} onClick={() => onChange({ ...value, preamble: value.preamble.filter((_, k) => k !== i) })} />
            </Space.Compact>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => onChange({ ...value, preamble: [...value.preamble, 'Căn cứ '] })}>
            {t('mou.addPreamble')}
          </Button>
        </Space>
      </Card>
      {value.articles.map((a, ai) => (
        <Card
          key={ai}
          size="small"
          title={
            <Space wrap>
              <span>{t('mou.article')}</span>
              <InputNumber aria-label={t('mou.articleNumber')} min={1} max={99} value={a.number} onChange={(n) => setArticle(ai, { number: Number(n ?? a.number) })} style={{ width: 70 }} />
              <Input aria-label={t('mou.articleTitle', { n: a.number })} value={a.title} onChange={(e) => setArticle(ai, { title: e.target.value })} style={{ minWidth: 280 }} />
            </Space>
          }
          extra={
            <Button danger aria-label={t('mou.removeArticle', { n: a.number })} icon={<DeleteOutlined />} onClick={() => onChange({ ...value, articles: value.articles.filter((_, k) => k !== ai) })} />
          }
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            {a.clauses.map((c, ci) => (
              <Space.Compact key={ci} style={{ width: '100%' }}>
                <span className="mou-clause-no" aria-hidden="true">
                  {ci + 1}.
                </span>
                <Input.TextArea
                  aria-label={t('mou.clauseLabel', { article: a.number, n: ci + 1 })}
                  autoSize={{ minRows: 1, maxRows: 8 }}
                  value={c}
                  onChange={(e) => setArticle(ai, { clauses: a.clauses.map((x, k) => (k === ci ? e.target.value : x)) })}
                />
                <Button aria-label={t('mou.removeClause', { article: a.number, n: ci + 1 })} icon={<DeleteOutlined />} onClick={() => setArticle(ai, { clauses: a.clauses.filter((_, k) => k !== ci) })} />
              </Space.Compact>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => setArticle(ai, { clauses: [...a.clauses, ''] })}>
              {t('mou.addClause')}
            </Button>
          </Space>
        </Card>
      ))}
      <Button
        icon={<PlusOutlined />}
        onClick={() =>
          onChange({ ...value, articles: [...value.articles, { number: Math.max(0, ...value.articles.map((a) => a.number)) + 1, title: '', clauses: [''] }] })
        }
      >
        {t('mou.addArticle')}
      </Button>
    </Space>
  );
}
