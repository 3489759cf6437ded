import { Alert, App as AntApp, Button, Card, Checkbox, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_SCOPES, HARDSHIPS, ageOn, type GuardianConsent, type OwnConsent } from '#src/core/support/beneficiary.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { DateInput } from '../../components/date-input';
import { ApiError, api } from '../../lib/api';
import type { Beneficiary } from './beneficiaries-section';

type Scope = (typeof CONSENT_SCOPES)[number];
const RELATIONS = ['mother', 'father', 'guardian', 'other'] as const;
const HOWS = ['written', 'electronic', 'recorded-verbal'] as const;

const field = (id: string, label: string, node: React.ReactNode, hint?: string) => (
  <div style={{ minWidth: 0, width: '100%', maxWidth: 520 }}>
    <label htmlFor={id}>{label}</label>
    <div>{node}</div>
    {hint && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hint}</Typography.Text>}
  </div>
);

/**
 * Add or change a beneficiary with the consents the law asks for: the parent's or guardian's
 * (who, relation, when, how, scope) for a student, the person's own for a teacher, and the
 * child's own from age 7 for publishing or for a sponsor to know the given name. The reason is
 * asked on every save (it is logged). The server checks the same rules (`consentProblem`).
 */
export function BeneficiaryForm({ schoolId, initial, onDone }: { schoolId: string; initial: Beneficiary | null; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const today = isoDateInHanoi(new Date());
  const [b, setB] = useState({
    personKind: initial?.personKind ?? ('student' as 'student' | 'teacher'),
    fullName: initial?.fullName ?? '',
    birthDate: initial?.birthDate ?? '',
    className: initial?.className ?? '',
    hardship: initial?.hardship ?? 'poor-household',
    situation: initial?.situation ?? '',
    publishable: initial?.publishable ?? false,
  });
  const [g, setG] = useState<GuardianConsent>(initial?.guardianConsent ?? { name: '', relation: 'mother', givenOn: today, how: 'written', scope: ['record', 'support'] });
  const [own, setOwn] = useState<OwnConsent | null>(initial?.ownConsent ?? null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const student = b.personKind === 'student';
  const age = b.birthDate ? ageOn(b.birthDate, today) : null;
  // The person's own consent: a teacher's always; a child's from age 7.
  const asksOwn = !student || (age !== null && age >= 7);
  const id = (k: string) => `beneficiary-${initial?.id ?? 'new'}-${k}`;
  // A group of checkboxes is labelled as a group (a <label> names one control).
  const scopeBoxes = (value: Scope[], onChange: (s: Scope[]) => void, key: string) => (
    <div role="group" aria-labelledby={id(`${key}-label`)}>
      <div id={id(`${key}-label`)}>{t('support.beneficiaries.consentScope')}</div>
      <Checkbox.Group value={value} onChange={(v) => onChange(v as Scope[])} options={CONSENT_SCOPES.map((s) => ({ value: s, label: t(`support.beneficiaries.scope.${s}`) }))} />
    </div>
  );
  const submit = async () => {
    setError(null);
    setSaving(true);
    const body = {
      personKind: b.personKind,
      fullName: b.fullName,
      birthDate: b.birthDate,
      ...(b.className ? { className: b.className } : {}),
      hardship: b.hardship,
      ...(b.situation ? { situation: b.situation } : {}),
      ...(student ? { guardianConsent: g } : {}),
      ...(asksOwn && own ? { ownConsent: own } : {}),
      publishable: b.publishable,
      reason,
    };
    try {
      if (initial) await api('PATCH', `/api/support/beneficiaries/${initial.id}`, body);
      else await api('POST', '/api/support/beneficiaries', { ...body, schoolId });
      void message.success(t('support.beneficiaries.saved'));
      onDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? { message: e.message, ...(e.field ? { field: e.field } : {}) } : { message: t('errors.network') });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title={initial ? t('support.beneficiaries.edit') : t('support.beneficiaries.add')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {field(
          id('personKind'),
          t('support.beneficiaries.personKind'),
          <Select
            id={id('personKind')}
            style={{ width: 240 }}
            value={b.personKind}
            onChange={(v: 'student' | 'teacher') => setB({ ...b, personKind: v })}
            options={(['student', 'teacher'] as const).map((k) => ({ value: k, label: t(`support.beneficiaries.personKinds.${k}`) }))}
          />,
        )}
        {field(id('fullName'), t('support.beneficiaries.fullName'), <Input id={id('fullName')} value={b.fullName} onChange={(e) => setB({ ...b, fullName: e.target.value })} />)}
        <Space wrap align="start">
          {field(id('birthDate'), t('support.beneficiaries.born'), <DateInput id={id('birthDate')} value={b.birthDate} onChange={(v) => setB({ ...b, birthDate: v })} />)}
          {field(id('className'), t('support.beneficiaries.class'), <Input id={id('className')} style={{ width: 120 }} value={b.className} onChange={(e) => setB({ ...b, className: e.target.value })} />)}
        </Space>
        {field(
          id('hardship'),
          t('support.beneficiaries.category'),
          <Select id={id('hardship')} style={{ width: 240 }} value={b.hardship} onChange={(v: string) => setB({ ...b, hardship: v })} options={HARDSHIPS.map((h) => ({ value: h, label: t(`support.beneficiaries.hardship.${h}`) }))} />,
        )}
        {field(id('situation'), t('support.beneficiaries.situation'), <Input.TextArea id={id('situation')} rows={2} maxLength={2000} value={b.situation} onChange={(e) => setB({ ...b, situation: e.target.value })} />, t('support.beneficiaries.situationHint'))}

        {student && (
          <fieldset style={{ border: '1px solid #d9d9d9', borderRadius: 6, padding: 12, width: '100%', maxWidth: 560 }}>
            <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', margin: 0, border: 0 }}>{t('support.beneficiaries.guardianConsent')}</legend>
            <Space direction="vertical" style={{ width: '100%' }}>
              {field(id('g-name'), t('support.beneficiaries.consentBy'), <Input id={id('g-name')} value={g.name} onChange={(e) => setG({ ...g, name: e.target.value })} />)}
              <Space wrap align="start">
                {field(
                  id('g-relation'),
                  t('support.beneficiaries.relation'),
                  <Select id={id('g-relation')} style={{ width: 180 }} value={g.relation} onChange={(v: GuardianConsent['relation']) => setG({ ...g, relation: v })} options={RELATIONS.map((r) => ({ value: r, label: t(`support.beneficiaries.relations.${r}`) }))} />,
                )}
                {field(id('g-givenOn'), t('support.beneficiaries.consentOn'), <DateInput id={id('g-givenOn')} value={g.givenOn} onChange={(v) => setG({ ...g, givenOn: v })} />)}
                {field(
                  id('g-how'),
                  t('support.beneficiaries.consentHow'),
                  <Select id={id('g-how')} style={{ width: 200 }} value={g.how} onChange={(v: GuardianConsent['how']) => setG({ ...g, how: v })} options={HOWS.map((h) => ({ value: h, label: t(`support.beneficiaries.hows.${h}`) }))} />,
                )}
              </Space>
              {scopeBoxes(g.scope, (scope) => setG({ ...g, scope }), 'g-scope')}
            </Space>
          </fieldset>
        )}

        {asksOwn && (
          <fieldset style={{ border: '1px solid #d9d9d9', borderRadius: 6, padding: 12, width: '100%', maxWidth: 560 }}>
            <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', margin: 0, border: 0 }}>{student ? t('support.beneficiaries.childConsent') : t('support.beneficiaries.teacherConsent')}</legend>
            <Space direction="vertical" style={{ width: '100%' }}>
              {student && <Typography.Text type="secondary">{t('support.beneficiaries.childConsentHint')}</Typography.Text>}
              <Checkbox checked={own !== null} onChange={(e) => setOwn(e.target.checked ? { givenOn: today, how: 'written', scope: student ? ['publish'] : ['record', 'support'] } : null)}>
                {t('support.beneficiaries.ownConsentGiven')}
              </Checkbox>
              {own && (
                <>
                  <Space wrap align="start">
                    {field(id('o-givenOn'), t('support.beneficiaries.consentOn'), <DateInput id={id('o-givenOn')} value={own.givenOn} onChange={(v) => setOwn({ ...own, givenOn: v })} />)}
                    {field(
                      id('o-how'),
                      t('support.beneficiaries.consentHow'),
                      <Select id={id('o-how')} style={{ width: 200 }} value={own.how} onChange={(v: OwnConsent['how']) => setOwn({ ...own, how: v })} options={HOWS.map((h) => ({ value: h, label: t(`support.beneficiaries.hows.${h}`) }))} />,
                    )}
                  </Space>
                  {scopeBoxes(own.scope, (scope) => setOwn({ ...own, scope }), 'o-scope')}
                </>
              )}
            </Space>
          </fieldset>
        )}
        <Checkbox checked={b.publishable} onChange={(e) => setB({ ...b, publishable: e.target.checked })}>
          {t('support.beneficiaries.publishable')}
        </Checkbox>
        {field(id('reason'), t('support.beneficiaries.saveReason'), <Input id={id('reason')} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('support.beneficiaries.reasonPlaceholder')} />)}
        {error && <Alert type="error" showIcon role="alert" message={error.message} />}
        <Space>
          <Button type="primary" loading={saving} onClick={submit}>
            {t('support.save')}
          </Button>
          <Button onClick={() => onDone(false)}>{t('common.cancel')}</Button>
        </Space>
      </Space>
    </Card>
  );
}
