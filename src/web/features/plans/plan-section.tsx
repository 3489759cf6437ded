import { CheckCircleOutlined, ClockCircleOutlined, DeleteOutlined, EditOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Empty, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { goalLine, monthLabelVi, planMonths, type PlanContent, type PlanItem } from '#src/core/plans/plan.ts';
import { formatDate, formatDateTime, isoDateInHanoi } from '#src/core/vn/format.ts';
import { DateInput } from '../../components/date-input';
import { StateTag } from '../../components/state-tag';
import { WordDiff } from '../../components/word-diff';
import { ApiError } from '../../lib/api';
import { useNarrow } from '../../lib/use-narrow';
import { DownloadButtons } from '../pairs/document-links';
import { usePlan, usePlanDiff, usePlanMutation, usePlans, type Plan, type PlanList } from './plans-api';

/** "Tháng 10/2025" (Vietnamese), "10/2025" (English). */
const monthText = (lang: string, month: string) => (lang === 'en' ? `${Number(month.slice(5))}/${month.slice(0, 4)}` : monthLabelVi(month));

/** Status tags with AA text contrast (antd's preset "processing" blue and green are too light for their text). */
const STATUS_TONE = { draft: 'neutral', submitted: 'info', approved: 'success', superseded: 'warning' } as const;

/** The pair's yearly plans (Kế hoạch năm học): one per school year, its versions, approval, documents and progress. */
export function PlanSection({ pair }: { pair: { id: string } }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const list = usePlans(pair.id);
  const [chosenYear, setChosenYear] = useState<string | null>(params.get('year'));
  if (list.isError) return <Alert type="error" showIcon message={list.error instanceof ApiError ? list.error.message : t('errors.network')} />;
  if (!list.data) return <Card loading />;
  const { items, context } = list.data;
  const years = [...new Set([...items.map((i) => i.schoolYear), context.currentSchoolYear])].sort().reverse();
  const year = chosenYear && /^\d{4}-\d{4}$/u.test(chosenYear) ? chosenYear : items.some((i) => i.schoolYear === context.currentSchoolYear) ? context.currentSchoolYear : (items[0]?.schoolYear ?? context.currentSchoolYear);
  const exists = items.some((i) => i.schoolYear === year);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <label htmlFor="plan-year">{t('plans.schoolYear')}</label>
        <Select
          id="plan-year"
          style={{ minWidth: 160 }}
          value={year}
          onChange={(y: string) => setChosenYear(y)}
          options={[...new Set([...years, nextYear(context.currentSchoolYear)])].sort().reverse().map((y) => ({ value: y, label: t('plans.yearLabel', { year: y }) }))}
        />
      </Space>
      {exists ? <PlanView key={year} pairId={pair.id} year={year} context={context} /> : <NoPlan key={year} pairId={pair.id} year={year} context={context} />}
    </Space>
  );
}

const nextYear = (y: string) => `${Number(y.slice(0, 4)) + 1}-${Number(y.slice(0, 4)) + 2}`;

function NoPlan({ pairId, year, context }: { pairId: string; year: string; context: PlanList['context'] }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  if (editing) return <PlanEditor pairId={pairId} year={year} context={context} base={null} onDone={() => setEditing(false)} />;
  return (
    <Empty description={t('plans.none', { year })}>
      {context.canEdit && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(true)}>
          {t('plans.create')}
        </Button>
      )}
    </Empty>
  );
}

function PlanView({ pairId, year, context }: { pairId: string; year: string; context: PlanList['context'] }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [version, setVersion] = useState<number | null>(null);
  const [compareWith, setCompareWith] = useState<number | null>(null);
  const [editing, setEditing] = useState(false);
  const [asking, setAsking] = useState<'submit' | 'approve' | 'withdraw' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const plan = usePlan(pairId, year, version, true);
  const m = usePlanMutation(pairId, year);
  if (plan.isError) return <Alert type="error" showIcon message={plan.error instanceof ApiError ? plan.error.message : t('errors.network')} />;
  const p = plan.data;
  if (!p) return <Card loading />;
  if (editing) return <PlanEditor pairId={pairId} year={year} context={context} base={p} onDone={() => setEditing(false)} />;
  const schoolName = (id: string) => context.members.find((x) => x.schoolId === id)?.name ?? '';

  const confirm = async () => {
    if (!asking) return;
    setError(null);
    try {
      await m[asking].mutateAsync({ version: p.version, sha256: p.sha256 });
      void message.success(t(`plans.done.${asking}`));
      setAsking(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <label htmlFor="plan-version">{t('plans.version')}</label>
        <Select
          id="plan-version"
          style={{ minWidth: 260, maxWidth: '100%' }}
          value={p.version}
          onChange={(n: number) => {
            setVersion(n);
            setCompareWith(null);
          }}
          options={p.versions.map((v) => ({ value: v.version, label: `${t('plans.versionN', { n: v.version })} — ${t(`plans.status.${v.status}`)}${v.approvedOn ? ` — ${formatDate(v.approvedOn)}` : ''}` }))}
        />
        {p.versions.length > 1 && (
          <>
            <label htmlFor="plan-compare">{t('plans.compareWith')}</label>
            <Select
              id="plan-compare"
              allowClear
              style={{ minWidth: 160 }}
              placeholder={t('plans.chooseVersion')}
              value={compareWith}
              onChange={(n: number | undefined) => setCompareWith(n ?? null)}
              options={p.versions.filter((v) => v.version !== p.version).map((v) => ({ value: v.version, label: t('plans.versionN', { n: v.version }) }))}
            />
          </>
        )}
      </Space>

      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('plans.statusLabel')}>
            <StateTag tone={STATUS_TONE[p.status]}>{t(`plans.status.${p.status}`)}</StateTag>
          </Descriptions.Item>
          <Descriptions.Item label={t('plans.number')}>{p.number ?? t('plans.notNumbered')}</Descriptions.Item>
          <Descriptions.Item label={t('plans.dateLine')}>
            {p.content.place}, {formatDate(p.content.datedOn)}
          </Descriptions.Item>
          {p.approvedOn && <Descriptions.Item label={t('plans.approvedOn')}>{formatDate(p.approvedOn)}</Descriptions.Item>}
          {p.changeNote && <Descriptions.Item label={t('plans.changeNote')}>{p.changeNote}</Descriptions.Item>}
          <Descriptions.Item label={t('plans.approvals')} span={2}>
            <Space direction="vertical" size={2}>
              {p.parties.map((party) => {
                const a = p.approvals.find((x) => x.schoolId === party.schoolId);
                return (
                  <span key={party.schoolId}>
                    {a ? <CheckCircleOutlined style={{ color: '#389e0d' }} aria-hidden="true" /> : <ClockCircleOutlined aria-hidden="true" />} {party.name}:{' '}
                    {a ? t('plans.approvedBy', { name: a.signatoryName, at: formatDateTime(new Date(a.approvedAt)) }) : t('plans.notApproved')}
                  </span>
                );
              })}
            </Space>
          </Descriptions.Item>
        </Descriptions>
        <Space wrap style={{ marginTop: 8 }}>
          {p.actions.includes('edit') && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {p.status === 'approved' ? t('plans.revise') : t('plans.edit')}
            </Button>
          )}
          {p.actions.includes('submit') && (
            <Button type="primary" onClick={() => setAsking('submit')}>
              {t('plans.submit')}
            </Button>
          )}
          {p.actions.includes('approve') && (
            <Button type="primary" onClick={() => setAsking('approve')}>
              {t('plans.approve')}
            </Button>
          )}
          {p.actions.includes('withdraw') && <Button onClick={() => setAsking('withdraw')}>{t('plans.withdraw')}</Button>}
          <DownloadButtons base={`/api/pairs/${pairId}/plans/${year}?version=${p.version}`} />
        </Space>
        {p.status === 'approved' && p.versions[0]!.version !== p.version && <Alert style={{ marginTop: 8 }} type="info" showIcon message={t('plans.newerWaiting', { version: p.versions[0]!.version })} />}
      </Card>

      {compareWith !== null ? (
        <PlanDiffView pairId={pairId} year={year} from={Math.min(compareWith, p.version)} to={Math.max(compareWith, p.version)} />
      ) : (
        <PlanContentView plan={p} schoolName={schoolName} kindName={(c) => kindLabel(context, c)} />
      )}

      <Modal
        open={asking !== null}
        title={asking ? t(`plans.${asking}`) : ''}
        okText={asking ? t(`plans.${asking}`) : ''}
        cancelText={t('common.cancel')}
        confirmLoading={m.submit.isPending || m.approve.isPending || m.withdraw.isPending}
        onCancel={() => {
          setAsking(null);
          setError(null);
        }}
        onOk={() => void confirm()}
      >
        <Typography.Paragraph>{asking ? t(`plans.confirm.${asking}`, { year, version: p.version }) : ''}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">
          SHA-256: <code style={{ wordBreak: 'break-all' }}>{p.sha256}</code>
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon role="alert" message={error} />}
      </Modal>
    </Space>
  );
}

function kindLabel(context: PlanList['context'], code: string): string {
  const k = context.kinds.find((x) => x.code === code);
  return k ? k.nameVi : code;
}

/** The plan as its document reads: goals (with the MoU clauses), items by month with their progress. */
function PlanContentView({ plan: p, schoolName, kindName }: { plan: Plan; schoolName: (id: string) => string; kindName: (code: string) => string }) {
  const { t, i18n } = useTranslation();
  const progress = new Map(p.progress.map((x) => [x.key, x]));
  const done = p.progress.filter((x) => x.done).length;
  return (
    <>
      <Card size="small" title={t('plans.goals')}>
        <ol style={{ paddingLeft: 20, margin: 0 }}>
          {p.content.goals.map((g, i) => (
            <li key={i}>{goalLine(g)}</li>
          ))}
        </ol>
      </Card>
      <Card size="small" title={t('plans.itemsTitle')}>
        {p.content.items.length === 0 ? <Empty description={t('plans.noItems')} /> : <Typography.Paragraph type="secondary">{t('plans.doneCount', { done, total: p.content.items.length })}</Typography.Paragraph>}
        {planMonths(p.schoolYear).map((month) => {
          const items = p.content.items.filter((it) => it.month === month);
          if (items.length === 0) return null;
          return (
            <div key={month} style={{ marginBottom: 12 }}>
              <Typography.Title level={2} style={{ fontSize: 16, marginTop: 8 }}>
                {monthText(i18n.language, month)}
              </Typography.Title>
              <List
                size="small"
                dataSource={items}
                renderItem={(it: PlanItem) => {
                  const pr = progress.get(it.key);
                  return (
                    <List.Item>
                      <Space direction="vertical" size={2} style={{ width: '100%' }}>
                        <Space wrap>
                          <Typography.Text strong>{it.title}</Typography.Text>
                          <Tag>{kindName(it.kind)}</Tag>
                          {pr?.done ? <StateTag tone="success">{t('plans.itemDone')}</StateTag> : <Tag>{t('plans.itemNotDone')}</Tag>}
                        </Space>
                        <Typography.Text type="secondary">
                          {t('plans.hostLine', { host: schoolName(it.hostSchoolId), person: it.responsible })}
                          {it.note ? ` — ${it.note}` : ''}
                        </Typography.Text>
                        {pr && pr.activities.length > 0 && (
                          <span>
                            {t('plans.linked')}:{' '}
                            {pr.activities.map((a, k) => (
                              <span key={a.id}>
                                {k > 0 ? '; ' : ''}
                                <Link to={`/app/activities/${a.id}`}>{a.title}</Link> ({formatDate(a.startsOn)}, {t(`activityStatus.${a.status}`, { defaultValue: a.status })})
                              </span>
                            ))}
                          </span>
                        )}
                      </Space>
                    </List.Item>
                  );
                }}
              />
            </div>
          );
        })}
      </Card>
      {p.content.closing.length > 0 && (
        <Card size="small" title={t('plans.closing')}>
          {p.content.closing.map((c, i) => (
            <p key={i}>{c}</p>
          ))}
        </Card>
      )}
    </>
  );
}

/** What changed between two versions: details, goals, items (field by field, word by word), closing. */
function PlanDiffView({ pairId, year, from, to }: { pairId: string; year: string; from: number; to: number }) {
  const { t } = useTranslation();
  const diff = usePlanDiff(pairId, year, from, to);
  if (!diff.data) return <Card loading />;
  const d = diff.data;
  const empty = d.meta.length + d.goals.length + d.items.length + d.closing.length === 0;
  const paragraphs = (list: typeof d.goals, label: string) =>
    list.map((c, i) => (
      <div key={`${label}-${i}`} style={{ marginBottom: 8 }}>
        <Typography.Text strong>
          {t(`plans.${label}`)} {c.index} — {t(`plans.change.${c.change}`)}
        </Typography.Text>
        <p style={{ margin: 0 }}>
          {c.change === 'changed' ? <WordDiff words={c.words} /> : c.change === 'added' ? <ins className="diff-ins">{c.after}</ins> : <del className="diff-del">{c.before}</del>}
        </p>
      </div>
    ));
  return (
    <Card size="small" title={t('plans.diffTitle', { from, to })}>
      {empty && <Empty description={t('plans.noDiff')} />}
      {d.meta.map((f) => (
        <p key={f.field}>
          {t(`plans.field.${f.field}`)}: <del className="diff-del">{f.before || '—'}</del> → <ins className="diff-ins">{f.after || '—'}</ins>
        </p>
      ))}
      {paragraphs(d.goals, 'goal')}
      {d.items.map((it) => (
        <div key={it.key} style={{ marginBottom: 12 }}>
          <Typography.Text strong>
            {t(`plans.change.${it.change}`)}: {it.title}
          </Typography.Text>
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {it.fields.map((f) => (
              <li key={f.field}>
                {t(`plans.field.${f.field}`)}:{' '}
                {it.change === 'changed' ? (
                  f.field === 'title' || f.field === 'note' || f.field === 'responsible' ? (
                    <WordDiff words={f.words} />
                  ) : (
                    <>
                      <del className="diff-del">{f.before || '—'}</del> → <ins className="diff-ins">{f.after || '—'}</ins>
                    </>
                  )
                ) : it.change === 'added' ? (
                  <ins className="diff-ins">{f.after}</ins>
                ) : (
                  <del className="diff-del">{f.before}</del>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {paragraphs(d.closing, 'closingParagraph')}
    </Card>
  );
}

const newKey = (): string => crypto.randomUUID();

/** Draft or change the plan: place and date, goals with their MoU clauses, items by month, closing. */
function PlanEditor({ pairId, year, context, base, onDone }: { pairId: string; year: string; context: PlanList['context']; base: Plan | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const narrow = useNarrow();
  const m = usePlanMutation(pairId, year);
  const months = planMonths(year);
  const [content, setContent] = useState<PlanContent>(
    () =>
      base?.content ?? {
        place: context.defaultPlace,
        // Today in Hanoi (the UTC day is still yesterday until 07:00 there).
        datedOn: isoDateInHanoi(new Date()),
        goals: context.mouObjectives.length ? context.mouObjectives.map((_, i) => ({ text: '', mouClauses: [i + 1] })).slice(0, 2) : [{ text: '', mouClauses: [] }],
        items: [],
        closing: [],
      },
  );
  const [changeNote, setChangeNote] = useState('');
  const [error, setError] = useState<{ message: string; field?: string | undefined } | null>(null);
  const set = (patch: Partial<PlanContent>) => setContent((c) => ({ ...c, ...patch }));
  const setGoal = (i: number, patch: Partial<PlanContent['goals'][number]>) => set({ goals: content.goals.map((g, k) => (k === i ? { ...g, ...patch } : g)) });
  const setItem = (key: string, patch: Partial<PlanItem>) => set({ items: content.items.map((it) => (it.key === key ? { ...it, ...patch } : it)) });
  const ordered = [...content.items].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  // The server names the item by its place in the saved (month-ordered) list.
  const fieldOf = (key: string) => (error?.field?.startsWith('content.items.') ? ordered[Number(error.field.split('.')[2])]?.key === key : false);

  const save = async () => {
    setError(null);
    try {
      const body = {
        baseVersion: base?.versions[0]?.version ?? null,
        ...(base ? { baseSha256: base.versions[0]!.sha256 } : {}),
        content: { ...content, items: ordered, closing: content.closing.filter((c) => c.trim() !== '') },
        ...(changeNote.trim() ? { changeNote: changeNote.trim() } : {}),
      };
      await m.save.mutateAsync(body);
      void message.success(t('plans.saved'));
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? { message: e.message, field: e.field } : { message: t('errors.network') });
    }
  };

  return (
    <Card size="small" title={base ? (base.status === 'approved' ? t('plans.revisingTitle', { year }) : t('plans.editingTitle', { year })) : t('plans.creatingTitle', { year })}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {base?.status === 'approved' && <Alert type="info" showIcon message={t('plans.reviseNote')} />}
        {base?.status === 'submitted' && <Alert type="warning" showIcon message={t('plans.reopenNote')} />}
        <Space wrap>
          <label htmlFor="plan-place">{t('plans.place')}</label>
          <Input id="plan-place" value={content.place} onChange={(e) => set({ place: e.target.value })} style={{ width: 200 }} />
          <label htmlFor="plan-date">{t('plans.date')}</label>
          <DateInput id="plan-date" value={content.datedOn} onChange={(v) => set({ datedOn: v })} />
        </Space>

        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {t('plans.goals')}
        </Typography.Title>
        {context.mouObjectives.length === 0 && <Typography.Text type="secondary">{t('plans.noMouObjectives')}</Typography.Text>}
        {content.goals.map((g, i) => (
          <Card key={i} size="small" type="inner">
            <Space direction="vertical" style={{ width: '100%' }}>
              <label htmlFor={`goal-${i}`}>{t('plans.goalN', { n: i + 1 })}</label>
              <Input.TextArea id={`goal-${i}`} autoSize={{ minRows: 2 }} value={g.text} onChange={(e) => setGoal(i, { text: e.target.value })} status={error?.field === `content.goals.${i}.text` ? 'error' : undefined} />
              <label htmlFor={`goal-${i}-clauses`}>{t('plans.mouClauses')}</label>
              <Select
                id={`goal-${i}-clauses`}
                mode="multiple"
                style={{ width: '100%' }}
                value={g.mouClauses}
                onChange={(v: number[]) => setGoal(i, { mouClauses: v })}
                options={context.mouObjectives.map((o, k) => ({ value: k + 1, label: `${t('plans.clauseN', { n: k + 1 })}: ${o.replace(/\*/gu, '').slice(0, 90)}${o.length > 90 ? '…' : ''}` }))}
              />
              {content.goals.length > 1 && (
                <Button danger icon={<DeleteOutlined />} onClick={() => set({ goals: content.goals.filter((_, k) => k !== i) })}>
                  {t('plans.removeGoal')}
                </Button>
              )}
            </Space>
          </Card>
        ))}
        <Button icon={<PlusOutlined />} onClick={() => set({ goals: [...content.goals, { text: '', mouClauses: [] }] })}>
          {t('plans.addGoal')}
        </Button>

        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {t('plans.items')}
        </Typography.Title>
        {content.items.map((it) => (
          <Card key={it.key} size="small" type="inner" style={fieldOf(it.key) ? { borderColor: '#ff4d4f' } : undefined}>
            <div style={{ display: 'grid', gridTemplateColumns: narrow ? '1fr' : '160px 1fr', gap: 8, alignItems: 'center' }}>
              <label htmlFor={`item-${it.key}-month`}>{t('plans.month')}</label>
              <Select id={`item-${it.key}-month`} value={it.month} onChange={(v: string) => setItem(it.key, { month: v })} options={months.map((mo) => ({ value: mo, label: monthText(i18n.language, mo) }))} />
              <label htmlFor={`item-${it.key}-kind`}>{t('plans.kind')}</label>
              <Select id={`item-${it.key}-kind`} value={it.kind} onChange={(v: string) => setItem(it.key, { kind: v })} options={context.kinds.map((k) => ({ value: k.code, label: kindLabel(context, k.code) }))} />
              <label htmlFor={`item-${it.key}-title`}>{t('plans.title')}</label>
              <Input id={`item-${it.key}-title`} value={it.title} onChange={(e) => setItem(it.key, { title: e.target.value })} />
              <label htmlFor={`item-${it.key}-host`}>{t('plans.host')}</label>
              <Select id={`item-${it.key}-host`} value={it.hostSchoolId} onChange={(v: string) => setItem(it.key, { hostSchoolId: v })} options={context.members.map((x) => ({ value: x.schoolId, label: x.name }))} />
              <label htmlFor={`item-${it.key}-responsible`}>{t('plans.responsible')}</label>
              <Input id={`item-${it.key}-responsible`} value={it.responsible} onChange={(e) => setItem(it.key, { responsible: e.target.value })} />
              <label htmlFor={`item-${it.key}-note`}>{t('plans.note')}</label>
              <Input id={`item-${it.key}-note`} value={it.note ?? ''} onChange={(e) => setItem(it.key, { note: e.target.value })} />
            </div>
            <Button danger style={{ marginTop: 8 }} icon={<DeleteOutlined />} onClick={() => set({ items: content.items.filter((x) => x.key !== it.key) })}>
              {t('plans.removeItem')}
            </Button>
          </Card>
        ))}
        <Button
          icon={<PlusOutlined />}
          onClick={() => set({ items: [...content.items, { key: newKey(), month: months[0]!, kind: context.kinds[0]?.code ?? 'other', title: '', hostSchoolId: context.members[0]?.schoolId ?? '', responsible: '' }] })}
        >
          {t('plans.addItem')}
        </Button>

        <label htmlFor="plan-closing">{t('plans.closingHelp')}</label>
        <Input.TextArea id="plan-closing" autoSize={{ minRows: 3 }} value={content.closing.join('\n')} onChange={(e) => set({ closing: e.target.value.split('\n') })} />
        {base && (
          <>
            <label htmlFor="plan-change-note">{t('plans.changeNote')}</label>
            <Input id="plan-change-note" value={changeNote} onChange={(e) => setChangeNote(e.target.value)} />
          </>
        )}
        {error && <Alert type="error" showIcon role="alert" message={error.message} />}
        <Space wrap>
          <Button type="primary" icon={<SaveOutlined />} loading={m.save.isPending} onClick={() => void save()}>
            {t('plans.save')}
          </Button>
          <Button onClick={onDone}>{t('common.cancel')}</Button>
        </Space>
      </Space>
    </Card>
  );
}
