import { SendOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Empty, Input, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MouContent } from '#src/core/mou/types.ts';
import { formatDate, formatDateTime } from '#src/core/vn/format.ts';
import { InlineText, MouContentEditor } from '../../components/mou-text';
import { DateInput } from '../../components/date-input';
import { ApiError, api } from '../../lib/api';
import { DownloadButtons, VerifyLink } from './document-links';
import { usePairMutation, type Notice, type PairDetail } from './pairs-api';

/** Written notices (Điều 5): the only way to amend, supplement or cancel an MoU in force. */
export function NoticesSection({ pair }: { pair: PairDetail }) {
  const { t } = useTranslation();
  const [sending, setSending] = useState(false);
  const nameOf = (id: string) => pair.members.find((m) => m.schoolId === id)?.name ?? '';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('mou.notices.explain')}</Typography.Paragraph>
      {pair.actions.includes('sendNotice') && (
        <Button type="primary" icon={<SendOutlined />} onClick={() => setSending(true)}>
          {t('mou.notices.send')}
        </Button>
      )}
      {pair.notices.length === 0 && <Empty description={t('mou.notices.none')} />}
      {pair.notices.map((n) => (
        <NoticeCard key={n.id} pair={pair} notice={n} nameOf={nameOf} />
      ))}
      {sending && pair.mou.current && <SendNoticeDialog pair={pair} current={pair.mou.current.content} onClose={() => setSending(false)} />}
    </Space>
  );
}

function NoticeCard({ pair, notice: n, nameOf }: { pair: PairDetail; notice: Notice; nameOf: (id: string) => string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const respond = usePairMutation(pair.id, (body: { decision: 'accept' | 'reject'; note?: string }) => api<Notice>('POST', `/api/pairs/${pair.id}/notices/${n.id}/responses`, body));
  const withdraw = usePairMutation(pair.id, () => api<Notice>('POST', `/api/pairs/${pair.id}/notices/${n.id}/withdraw`));
  // The server says what the caller may do to this notice (the routes' own policy and state checks).
  const canAnswer = n.actions.includes('respond');
  const canWithdraw = n.actions.includes('withdraw');
  const answer = async (decision: 'accept' | 'reject') => {
    setError(null);
    try {
      await respond.mutateAsync({ decision, ...(note.trim() ? { note: note.trim() } : {}) });
      void message.success(t(`mou.notices.answered.${decision}`));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };
  return (
    <Card
      size="small"
      title={`${t(`mou.notices.kind.${n.kind}`)} — ${t('mou.notices.numberLine', { number: n.number ?? '…', date: formatDate(n.datedOn) })}`}
      extra={<span>{n.resultingMouSignedOn ? t('mou.notices.status.resigned', { date: formatDate(n.resultingMouSignedOn) }) : t(`mou.notices.status.${n.status}`)}</span>}
    >
      <Typography.Paragraph>
        {t('mou.notices.fromTo', { from: nameOf(n.senderSchoolId), signatory: n.signatoryName, at: formatDateTime(new Date(n.sentAt)) })}
      </Typography.Paragraph>
      <Typography.Paragraph>
        <strong>{t('mou.notices.reason')}:</strong> {n.reason}
      </Typography.Paragraph>
      {n.kind === 'cancel' && n.effectiveOn && (
        <Typography.Paragraph>
          <strong>{t('mou.notices.effectiveOn')}:</strong> {formatDate(n.effectiveOn)}
        </Typography.Paragraph>
      )}
      {n.proposedText.length > 0 && (
        <div className="mou-text">
          <Typography.Text strong>{t('mou.notices.proposed')}:</Typography.Text>
          {n.proposedText.map((line, i) => (
            <p key={i}>
              <InlineText text={line} />
            </p>
          ))}
        </div>
      )}
      {n.responses.map((r) => (
        <Typography.Paragraph key={r.schoolId}>
          {t(`mou.notices.response.${r.decision}`, { school: nameOf(r.schoolId), at: formatDateTime(new Date(r.respondedAt)) })}
          {r.note ? ` — ${r.note}` : ''}
        </Typography.Paragraph>
      ))}
      {/* The notice follows the re-signing of the version it led to. */}
      {n.resultingMouVersion &&
        (n.resultingMouSignedOn ? (
          <Alert type="success" showIcon message={t('mou.notices.resultingSigned', { n: n.resultingMouVersion, date: formatDate(n.resultingMouSignedOn) })} />
        ) : (
          <Alert type="info" showIcon message={t('mou.notices.resulting', { n: n.resultingMouVersion })} />
        ))}
      <Space wrap style={{ marginTop: 8 }}>
        <DownloadButtons base={`/api/pairs/${pair.id}/notices/${n.id}/document`} />
        {n.verificationCode && <VerifyLink code={n.verificationCode} url={null} />}
      </Space>
      {canAnswer && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          <label htmlFor={`note-${n.id}`}>{t('mou.notices.answerNote')}</label>
          <Input.TextArea id={`note-${n.id}`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          <Space>
            <Button type="primary" loading={respond.isPending && respond.variables?.decision === 'accept'} onClick={() => answer('accept')}>
              {t('mou.notices.accept')}
            </Button>
            <Button danger loading={respond.isPending && respond.variables?.decision === 'reject'} onClick={() => answer('reject')}>
              {t('mou.notices.reject')}
            </Button>
          </Space>
        </Space>
      )}
      {canWithdraw && (
        <Button style={{ marginTop: 12 }} onClick={() => withdraw.mutate(undefined)} loading={withdraw.isPending}>
          {t('mou.notices.withdraw')}
        </Button>
      )}
      {error && <Alert style={{ marginTop: 8 }} type="error" showIcon role="alert" message={error} />}
    </Card>
  );
}

function SendNoticeDialog({ pair, current, onClose }: { pair: PairDetail; current: MouContent; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [kind, setKind] = useState<'amend' | 'supplement' | 'cancel'>('supplement');
  const [reason, setReason] = useState('');
  const [effectiveOn, setEffectiveOn] = useState('');
  const [content, setContent] = useState<MouContent>(structuredClone(current));
  const [error, setError] = useState<string | null>(null);
  const send = usePairMutation(pair.id, (body: unknown) => api<Notice>('POST', `/api/pairs/${pair.id}/notices`, body));
  const submit = async () => {
    setError(null);
    try {
      const n = await send.mutateAsync({
        kind,
        reason: reason.trim(),
        ...(kind === 'cancel' ? (effectiveOn ? { effectiveOn } : {}) : { proposedContent: content }),
      });
      void message.success(t('mou.notices.sent', { number: n.number }));
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };
  return (
    <Modal open width={900} title={t('mou.notices.send')} okText={t('mou.notices.sendSubmit')} cancelText={t('common.cancel')} confirmLoading={send.isPending} onCancel={onClose} onOk={submit}>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)} aria-label={t('mou.notices.kindLabel')}>
          {(['amend', 'supplement', 'cancel'] as const).map((k) => (
            <Radio.Button key={k} value={k}>
              {t(`mou.notices.kind.${k}`)}
            </Radio.Button>
          ))}
        </Radio.Group>
        <span>
          <label htmlFor="notice-reason">{t('mou.notices.reason')}</label>
          <Input.TextArea id="notice-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
        </span>
        {kind === 'cancel' ? (
          <span>
            <label htmlFor="notice-effective">{t('mou.notices.effectiveOn')}</label>
            <DateInput id="notice-effective" value={effectiveOn} onChange={setEffectiveOn} width={200} />
          </span>
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('mou.notices.proposedExplain')}</Typography.Paragraph>
            <MouContentEditor idPrefix="notice" value={content} onChange={setContent} />
          </>
        )}
        {error && <Alert type="error" showIcon role="alert" message={error} />}
      </Space>
    </Modal>
  );
}
