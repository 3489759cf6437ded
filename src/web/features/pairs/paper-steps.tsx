import { FileTextOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, InputNumber, Modal, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaperRecordDto } from '#src/core/pairs/dto.ts';
import { formatDate, formatDateTime, isoDateInHanoi } from '#src/core/vn/format.ts';
import { DateInput } from '../../components/date-input';
import { StateTag } from '../../components/state-tag';
export { NoAccountTag } from '../../components/no-account-tag';
import { ApiError, getCsrfToken } from '../../lib/api';
import { usePairMutation, type MouVersion, type PairDetail } from './pairs-api';

type Member = PairDetail['members'][number];

/** "Xác nhận trên giấy", who recorded it and when, and the scanned letter. */
export function PaperNote({ pairId, recordId, recordedBy, recordedAt, datedOn }: { pairId: string; recordId: string; recordedBy: string | null; recordedAt: string; datedOn: string }) {
  const { t } = useTranslation();
  return (
    <span data-testid="paper-note">
      <StateTag tone="neutral">{t('paper.onPaper')}</StateTag>
      <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>
        {t('paper.recorded', { date: formatDate(datedOn), who: recordedBy ?? '—', at: formatDateTime(new Date(recordedAt)) })}{' '}
        <a href={`/api/pairs/${pairId}/paper/${recordId}/letter`} target="_blank" rel="noreferrer" style={{ textDecoration: 'underline' }}>
          <FileTextOutlined /> {t('paper.letter')}
        </a>
      </Typography.Text>
    </span>
  );
}

export const paperNoteOf = (pairId: string, r: PaperRecordDto) => (
  <PaperNote pairId={pairId} recordId={r.id} recordedBy={r.recordedBy} recordedAt={r.recordedAt} datedOn={r.datedOn} />
);

/** Send the letter (multipart) to a recording route, with the CSRF header. */
async function postLetter<T>(url: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getCsrfToken();
  if (token) headers['x-csrf-token'] = token;
  const res = await fetch(url, { method: 'POST', body: form, headers, credentials: 'same-origin' });
  const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string; field?: string } } | null;
  if (!res.ok) {
    const e = data?.error ?? { code: 'HTTP_ERROR', message: res.statusText };
    throw new ApiError(res.status, e.code, e.message, e.field);
  }
  return data as T;
}

/** The draft a school may still sign, if any. */
function signableDraft(pair: PairDetail): MouVersion | null {
  return [pair.mou.latest, pair.mou.current].find((v): v is MouVersion => Boolean(v && v.status === 'draft')) ?? null;
}

/**
 * The department's (or the area officer's) buttons for a school that answered on paper:
 * record its acceptance, or its signature of the draft, with the scanned letter. Each button's
 * accessible name ends with the school's name, since every member of the pair may have one.
 */
export function PaperStepButtons({ pair, member }: { pair: PairDetail; member: Member }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'accept' | 'sign' | null>(null);
  const draft = signableDraft(pair);
  const canAccept = member.paperActions.includes('accept');
  const canSign = member.paperActions.includes('sign') && draft !== null && !draft.signatures.some((s) => s.schoolId === member.schoolId);
  if (!canAccept && !canSign) return null;
  return (
    <>
      <Space wrap size={4}>
        {canAccept && (
          <Button size="small" icon={<UploadOutlined />} onClick={() => setKind('accept')} aria-label={`${t('paper.recordAcceptance')} – ${member.name}`}>
            {t('paper.recordAcceptance')}
          </Button>
        )}
        {canSign && (
          <Button size="small" icon={<UploadOutlined />} onClick={() => setKind('sign')} aria-label={`${t('paper.recordSignature')} – ${member.name}`}>
            {t('paper.recordSignature')}
          </Button>
        )}
      </Space>
      {kind && <PaperStepModal pair={pair} member={member} kind={kind} draft={draft} onClose={() => setKind(null)} />}
    </>
  );
}

function PaperStepModal({ pair, member, kind, draft, onClose }: { pair: PairDetail; member: Member; kind: 'accept' | 'sign'; draft: MouVersion | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [datedOn, setDatedOn] = useState(isoDateInHanoi(new Date()));
  const [file, setFile] = useState<File | null>(null);
  const [documentNumber, setDocumentNumber] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // The last signature puts the version in force: its number may come from the first party's register.
  const last = kind === 'sign' && draft !== null && !draft.fromNoticeId && pair.members.every((m) => m.schoolId === member.schoolId || draft.signatures.some((s) => s.schoolId === m.schoolId));
  const record = usePairMutation(pair.id, async () => {
    const qs = new URLSearchParams({ schoolId: member.schoolId, datedOn });
    if (kind === 'sign' && draft) {
      qs.set('version', String(draft.version));
      qs.set('sha256', draft.sha256);
      if (last && documentNumber) qs.set('documentNumber', String(documentNumber));
    }
    return postLetter<{ status?: string; number?: string | null }>(`/api/pairs/${pair.id}/paper/${kind === 'accept' ? 'acceptances' : 'signatures'}?${qs}`, file!);
  });
  return (
    <Modal
      open
      title={t(kind === 'accept' ? 'paper.acceptTitle' : 'paper.signTitle', { school: member.name })}
      okText={t('paper.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !file || !datedOn }}
      confirmLoading={record.isPending}
      onCancel={onClose}
      onOk={async () => {
        setError(null);
        try {
          const after = await record.mutateAsync(undefined);
          // The last signature puts the MoU in force: say so with its number, as signing in the app does.
          void message.success(
            kind === 'sign' && after.status === 'signed' ? `${t('paper.signed')} ${t('mou.signedComplete', { number: after.number })}` : t(kind === 'accept' ? 'paper.accepted' : 'paper.signed'),
          );
          onClose();
        } catch (e) {
          setError(e instanceof ApiError ? e.message : t('errors.network'));
        }
      }}
    >
      <Typography.Paragraph>{t(kind === 'accept' ? 'paper.acceptExplain' : 'paper.signExplain', { school: member.name, version: draft?.version ?? '' })}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <label htmlFor="paper-dated-on">{t(kind === 'accept' ? 'paper.letterDate' : 'paper.signDate')}</label>
        <DateInput id="paper-dated-on" value={datedOn} onChange={setDatedOn} />
        <input
          ref={input}
          type="file"
          accept="application/pdf,image/jpeg,image/png,image/webp"
          hidden
          aria-label={t('paper.letterFile')}
          data-testid="paper-letter-input"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>
          {t('paper.letterFile')}
        </Button>
        {file && <Typography.Text style={{ overflowWrap: 'anywhere' }}>{file.name}</Typography.Text>}
        <Typography.Text type="secondary">{t('paper.letterHint')}</Typography.Text>
        {last && (
          <>
            <label htmlFor="paper-document-number">{t('paper.documentNumber')}</label>
            <InputNumber id="paper-document-number" min={1} max={99999} precision={0} value={documentNumber} onChange={(v) => setDocumentNumber(v)} style={{ width: 180 }} />
            <Typography.Text type="secondary">{t('paper.documentNumberHint')}</Typography.Text>
          </>
        )}
      </Space>
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" message={error} />}
    </Modal>
  );
}
