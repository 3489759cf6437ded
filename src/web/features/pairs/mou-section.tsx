import { DeleteOutlined, EditOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Checkbox, Descriptions, Empty, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MouContent } from '#src/core/mou/types.ts';
import { SIGNATORY_TITLES } from '#src/core/mou/titles.ts';
import type { MouParty } from '#src/core/mou/version.ts';
import { formatDate, formatDateTime } from '#src/core/vn/format.ts';
import { signatoryTitleLabel } from '../../lib/signatory-title';
import { InlineText, MouContentEditor, MouTextView } from '../../components/mou-text';
import { DateInput } from '../../components/date-input';
import { WordDiff } from '../../components/word-diff';
import { StateTag } from '../../components/state-tag';
import { ApiError, api } from '../../lib/api';
import { useMe } from '../auth/use-session';
import { MouStatusTag } from './pair-labels';
import { DownloadButtons, VerifyLink } from './document-links';
import { useMouDiff, useMouVersion, usePairMutation, type MouVersion, type PairDetail } from './pairs-api';
import { PaperNote } from './paper-steps';

/** The MoU of a pair: versions, the text, signatures, signing, editing the draft, comparing versions. */
export function MouSection({ pair }: { pair: PairDetail }) {
  const { t } = useTranslation();
  const latestVersion = pair.mou.versions[0]?.version ?? null;
  const defaultVersion = pair.mou.latest?.version ?? pair.mou.current?.version ?? null;
  const [chosen, setChosen] = useState<number | null>(null);
  const [compareWith, setCompareWith] = useState<number | null>(null);
  const [editing, setEditing] = useState(false);
  const shown = chosen ?? defaultVersion;
  const version = useMouVersion(pair.id, shown);

  if (pair.mou.versions.length === 0) {
    return <Empty description={pair.state === 'active' ? t('mou.noneRecorded') : t('mou.noneYet')} />;
  }
  const v = version.data;
  const canEdit = pair.actions.includes('editMou') && v?.version === latestVersion && v.status === 'draft' && !v.fromNoticeId;

  if (editing && v) return <MouEditor pair={pair} version={v} onDone={() => setEditing(false)} />;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {pair.mou.latest && pair.mou.current && pair.mou.latest.version !== pair.mou.current.version && (
        <Alert type="info" showIcon message={t('mou.amendmentWaiting', { version: pair.mou.latest.version, current: pair.mou.current.version })} />
      )}
      <Space wrap>
        <label htmlFor="mou-version">{t('mou.version')}</label>
        <Select
          id="mou-version"
          // 340 px where there is room; never wider than a phone's screen (390 px) less the page's margins.
          style={{ width: 340, maxWidth: 'calc(100vw - 32px)' }}
          value={shown}
          onChange={(n: number) => {
            setChosen(n);
            setCompareWith(null);
          }}
          options={pair.mou.versions.map((x) => ({
            value: x.version,
            // A signed version is known by the day it was signed (13/03/2023), not by when its record was made.
            label: `${t('mou.versionN', { n: x.version })} — ${t(`mou.status.${x.status}`)} — ${x.signedOn ? formatDate(x.signedOn) : formatDateTime(new Date(x.createdAt))}`,
          }))}
        />
        {pair.mou.versions.length > 1 && (
          <>
            <label htmlFor="mou-compare">{t('mou.compareWith')}</label>
            <Select
              id="mou-compare"
              allowClear
              style={{ minWidth: 200 }}
              placeholder={t('mou.chooseVersion')}
              value={compareWith}
              onChange={(n: number | undefined) => setCompareWith(n ?? null)}
              options={pair.mou.versions.filter((x) => x.version !== shown).map((x) => ({ value: x.version, label: t('mou.versionN', { n: x.version }) }))}
            />
          </>
        )}
      </Space>
      {!v ? (
        <Card loading />
      ) : (
        <>
          <VersionHeader pair={pair} version={v} latest={v.version === latestVersion} onEdit={canEdit ? () => setEditing(true) : undefined} />
          {compareWith !== null ? <DiffView pairId={pair.id} from={Math.min(compareWith, v.version)} to={Math.max(compareWith, v.version)} /> : (
            <Card size="small" title={t('mou.text')}>
              {/* The text as the documents show it: placeholders filled from the campaign and this version's phase. */}
              <MouTextView content={v.rendered} />
            </Card>
          )}
        </>
      )}
    </Space>
  );
}

function VersionHeader({ pair, version: v, latest, onEdit }: { pair: PairDetail; version: MouVersion; latest: boolean; onEdit: (() => void) | undefined }) {
  const { t } = useTranslation();
  const me = useMe();
  const mySchool = me.data?.school?.id ?? null;
  const signedByMe = v.signatures.some((s) => s.schoolId === mySchool);
  const canSign = pair.actions.includes('signMou') && latest && v.status === 'draft' && !signedByMe && (pair.state === 'approved' || Boolean(v.fromNoticeId));
  return (
    <Card size="small">
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('mou.statusLabel')}>
          <MouStatusTag status={v.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('mou.number')}>{v.number ?? t('mou.notNumbered')}</Descriptions.Item>
        <Descriptions.Item label={t('mou.dateLine')}>
          {v.place}, {formatDate(v.datedOn)}
        </Descriptions.Item>
        <Descriptions.Item label={t('mou.phase')}>{v.phase}</Descriptions.Item>
        {v.signedOn && <Descriptions.Item label={t('mou.signedOn')}>{formatDate(v.signedOn)}</Descriptions.Item>}
        {v.changeNote && <Descriptions.Item label={t('mou.changeNote')}>{v.changeNote}</Descriptions.Item>}
        <Descriptions.Item label="SHA-256" span={2}>
          <code style={{ wordBreak: 'break-all' }}>{v.sha256}</code>
        </Descriptions.Item>
        {v.verificationCode && (
          <Descriptions.Item label={t('mou.verificationCode')} span={2}>
            <VerifyLink code={v.verificationCode} url={v.verifyUrl} />
          </Descriptions.Item>
        )}
      </Descriptions>
      <Table
        style={{ marginTop: 12 }}
        size="small"
        pagination={false}
        rowKey="schoolId"
        dataSource={v.parties}
        columns={[
          { title: t('mou.party'), key: 'party', render: (_, p: MouParty) => `${p.name}${p.unitLine ? ` ${p.unitLine}` : ''}` },
          { title: t('mou.signatory'), key: 'signatory', render: (_, p: MouParty) => `${p.signatoryName} (${signatoryTitleLabel(p.signatoryTitle, t)})` },
          {
            title: t('mou.signature'),
            key: 'signature',
            render: (_, p: MouParty) => {
              const s = v.signatures.find((x) => x.schoolId === p.schoolId);
              if (!s) return <StateTag tone="warning">{t('mou.notSigned')}</StateTag>;
              if (s.onPaper) return <PaperNote pairId={pair.id} recordId={s.onPaper.recordId} recordedBy={s.onPaper.recordedBy} recordedAt={s.onPaper.recordedAt} datedOn={s.onPaper.signedOn} />;
              return s.electronic ? t('mou.signedAt', { at: formatDateTime(new Date(s.signedAt)) }) : t('mou.signedOnPaper', { date: formatDate(s.signedAt.slice(0, 10)) });
            },
          },
        ]}
      />
      <Space wrap style={{ marginTop: 12 }}>
        <DownloadButtons base={`/api/pairs/${pair.id}/mou?version=${v.version}`} />
        {onEdit && (
          <Button icon={<EditOutlined />} onClick={onEdit}>
            {t('mou.edit')}
          </Button>
        )}
        {canSign && <SignButton pair={pair} version={v} />}
      </Space>
    </Card>
  );
}

function SignButton({ pair, version: v }: { pair: PairDetail; version: MouVersion }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [read, setRead] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sign = usePairMutation(pair.id, () => api<MouVersion>('POST', `/api/pairs/${pair.id}/mou/signatures`, { version: v.version, sha256: v.sha256 }));
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        {t('mou.sign')}
      </Button>
      <Modal
        open={open}
        title={t('mou.signTitle', { n: v.version })}
        okText={t('mou.signConfirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !read }}
        confirmLoading={sign.isPending}
        onCancel={() => setOpen(false)}
        onOk={async () => {
          setError(null);
          try {
            const after = await sign.mutateAsync(undefined);
            void message.success(after.status === 'signed' ? t('mou.signedComplete', { number: after.number }) : t('mou.signedWaiting'));
            setOpen(false);
          } catch (e) {
            setError(e instanceof ApiError ? e.message : t('errors.network'));
          }
        }}
      >
        <Typography.Paragraph>{t('mou.signExplain')}</Typography.Paragraph>
        <Typography.Paragraph>
          SHA-256: <code style={{ wordBreak: 'break-all' }}>{v.sha256}</code>
        </Typography.Paragraph>
        <Checkbox checked={read} onChange={(e) => setRead(e.target.checked)}>
          {t('mou.signRead')}
        </Checkbox>
        {error && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" message={error} />}
      </Modal>
    </>
  );
}

/** What changed between two versions, article by article, word by word. */
function DiffView({ pairId, from, to }: { pairId: string; from: number; to: number }) {
  const { t } = useTranslation();
  const diff = useMouDiff(pairId, from, to);
  if (!diff.data) return <Card loading />;
  const d = diff.data;
  return (
    <Card size="small" title={t('mou.diffTitle', { from, to })}>
      {d.changes.length === 0 && d.meta.length === 0 && <Empty description={t('mou.noDiff')} />}
      {d.meta.length > 0 && (
        <ul>
          {d.meta.map((m) => (
            <li key={m.field}>
              {t(`mou.metaField.${m.field.replace(/^parties\.\d+\./u, 'parties.')}`, { defaultValue: m.field })}: <del className="diff-del">{m.before || '—'}</del> → <ins className="diff-ins">{m.after || '—'}</ins>
            </li>
          ))}
        </ul>
      )}
      {d.changes.map((c, i) => (
        <div key={i} style={{ marginBottom: 12 }}>
          <Typography.Text strong>
            {c.article === null ? t('mou.preamble') : c.clause === null ? t('mou.articleHeading', { n: c.article }) : t('mou.clauseHeading', { n: c.clause, article: c.article })}{' '}
            — {t(`mou.change.${c.change}`)}
          </Typography.Text>
          <div className="mou-text">
            {c.change === 'changed' ? (
              <p>
                <WordDiff words={c.words} />
              </p>
            ) : c.change === 'added' ? (
              <p>
                <ins className="diff-ins">
                  <InlineText text={c.after ?? ''} />
                </ins>
              </p>
            ) : (
              <p>
                <del className="diff-del">
                  <InlineText text={c.before ?? ''} />
                </del>
              </p>
            )}
          </div>
        </div>
      ))}
    </Card>
  );
}

/** Edit the latest draft: saving makes a new version (signatures on the old one do not carry over). */
function MouEditor({ pair, version: v, onDone }: { pair: PairDetail; version: MouVersion; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [place, setPlace] = useState(v.place);
  const [venue, setVenue] = useState(v.venue ?? '');
  const [datedOn, setDatedOn] = useState(v.datedOn);
  const [phase, setPhase] = useState(v.phase);
  const [parties, setParties] = useState(v.parties.map((p) => ({ ...p })));
  const [content, setContent] = useState<MouContent>(structuredClone(v.content));
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = usePairMutation(pair.id, (body: unknown) => api<MouVersion>('PUT', `/api/pairs/${pair.id}/mou`, body));
  const submit = async () => {
    setError(null);
    try {
      const saved = await save.mutateAsync({
        baseVersion: v.version,
        place,
        venue: venue.trim() || null,
        datedOn,
        phase,
        parties: parties.map((p) => ({ schoolId: p.schoolId, signatoryName: p.signatoryName, signatoryTitle: p.signatoryTitle, representatives: p.representatives })),
        content,
        ...(note.trim() ? { changeNote: note.trim() } : {}),
      });
      void message.success(saved.version === v.version ? t('mou.unchanged') : t('mou.saved', { n: saved.version }));
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('mou.editTitle', { n: v.version })}
      </Typography.Title>
      <Alert type="info" showIcon message={t('mou.editExplain')} />
      <Card size="small" title={t('mou.details')}>
        <Space wrap size="large">
          <span>
            <label htmlFor="mou-place">{t('mou.place')}</label>
            <Input id="mou-place" value={place} onChange={(e) => setPlace(e.target.value)} style={{ width: 180, display: 'block' }} />
          </span>
          <span>
            <label htmlFor="mou-date">{t('mou.date')}</label>
            <DateInput id="mou-date" value={datedOn} onChange={setDatedOn} />
          </span>
          <span>
            <label htmlFor="mou-phase">{t('mou.phase')}</label>
            <Input id="mou-phase" value={phase} onChange={(e) => setPhase(e.target.value)} style={{ width: 140, display: 'block' }} />
          </span>
          <span>
            <label htmlFor="mou-venue">{t('mou.venue')}</label>
            <Input id="mou-venue" value={venue} onChange={(e) => setVenue(e.target.value)} style={{ width: 320, display: 'block' }} />
          </span>
        </Space>
      </Card>
      <Card size="small" title={t('mou.signatories')}>
        {parties.map((p, i) => (
          <Space key={p.schoolId} wrap style={{ marginBottom: 8 }}>
            <Typography.Text strong style={{ minWidth: 260, display: 'inline-block' }}>
              {p.name} {p.unitLine}
            </Typography.Text>
            <Input
              aria-label={t('mou.signatoryNameOf', { school: p.shortName })}
              value={p.signatoryName}
              onChange={(e) => setParties(parties.map((x, k) => (k === i ? { ...x, signatoryName: e.target.value } : x)))}
              style={{ width: 220 }}
            />
            <Select
              aria-label={t('mou.signatoryTitleOf', { school: p.shortName })}
              value={p.signatoryTitle}
              onChange={(title) => setParties(parties.map((x, k) => (k === i ? { ...x, signatoryTitle: title } : x)))}
              options={SIGNATORY_TITLES.map((x) => ({ value: x, label: `${x} (${signatoryTitleLabel(x, t)})` }))}
              style={{ width: 190 }}
            />
          </Space>
        ))}
        <Typography.Paragraph type="secondary">{t('mou.namesAsOf')}</Typography.Paragraph>
      </Card>
      <Card size="small" title={t('mou.representatives')}>
        {parties.map((p, i) => {
          const setReps = (reps: { name: string; position: string }[]) => setParties(parties.map((x, k) => (k === i ? { ...x, representatives: reps } : x)));
          return (
            <div key={p.schoolId} style={{ marginBottom: 12 }}>
              <Typography.Text strong>{p.name}</Typography.Text>
              {p.representatives.map((r, ri) => (
                <Space key={ri} wrap style={{ display: 'flex', marginTop: 6 }}>
                  <Input
                    aria-label={t('mou.repName', { n: ri + 1, school: p.shortName })}
                    value={r.name}
                    onChange={(e) => setReps(p.representatives.map((x, k) => (k === ri ? { ...x, name: e.target.value } : x)))}
                    style={{ width: 240 }}
                  />
                  <Input
                    aria-label={t('mou.repPosition', { n: ri + 1, school: p.shortName })}
                    value={r.position}
                    onChange={(e) => setReps(p.representatives.map((x, k) => (k === ri ? { ...x, position: e.target.value } : x)))}
                    style={{ width: 260 }}
                  />
                  <Button aria-label={t('mou.removeRep', { n: ri + 1, school: p.shortName })} icon={<DeleteOutlined />} onClick={() => setReps(p.representatives.filter((_, k) => k !== ri))} />
                </Space>
              ))}
              <div style={{ marginTop: 6 }}>
                <Button size="small" icon={<PlusOutlined />} onClick={() => setReps([...p.representatives, { name: '', position: '' }])}>
                  {t('mou.addRep', { school: p.shortName })}
                </Button>
              </div>
            </div>
          );
        })}
      </Card>
      <MouContentEditor idPrefix="mou" value={content} onChange={setContent} />
      <span>
        <label htmlFor="mou-note">{t('mou.changeNote')}</label>
        <Input id="mou-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
      </span>
      {error && <Alert type="error" showIcon role="alert" message={error} />}
      <Space>
        <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={submit}>
          {t('mou.saveVersion')}
        </Button>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
      </Space>
    </Space>
  );
}
