import { Checkbox, Col, Form, InputNumber, Radio, Row, Select, Slider, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CRITERIA } from '#src/core/matching/criteria.ts';
import { AREA_TYPES, SCHOOL_LEVELS, type AreaType } from '#src/core/registry/school.ts';
import type { useCampaignOptions } from './matching-api';
import type { Settings } from './run-settings';

interface Props {
  campaigns: ReturnType<typeof useCampaignOptions>;
  campaignId: string | undefined;
  setCampaignId: (id: string) => void;
  settings: Settings;
  set: <K extends keyof Settings>(key: K, value: Settings[K]) => void;
}

/** The fields of the matching form: campaign, schools of each side, mode, weights and constraints. */
export function SettingsFields({ campaigns, campaignId, setCampaignId, settings, set }: Props) {
  const { t } = useTranslation();
  const areaOptions = AREA_TYPES.map((a) => ({ value: a, label: t(`schools.areaType.${a}`) }));
  return (
    <Row gutter={24}>
      <Col xs={24} md={12}>
        <Form.Item label={t('matching.campaign')} htmlFor="matching-campaign">
          <Select
            id="matching-campaign"
            value={campaignId}
            onChange={setCampaignId}
            loading={campaigns.isPending}
            options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.number} — ${c.title}` }))}
          />
        </Form.Item>
        <Form.Item label={t('matching.levels')} htmlFor="matching-levels">
          <Select
            id="matching-levels"
            mode="multiple"
            value={settings.levels}
            onChange={(v) => set('levels', v)}
            placeholder={t('matching.allLevels')}
            options={SCHOOL_LEVELS.map((l) => ({ value: l, label: t(`schools.level.${l}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('matching.leftSide')}>
          <Checkbox.Group
            aria-label={t('matching.leftSide')}
            value={settings.leftAreaTypes}
            onChange={(v) => {
              set('leftAreaTypes', v as AreaType[]);
              set('rightAreaTypes', settings.rightAreaTypes.filter((x) => !v.includes(x)));
            }}
            options={areaOptions}
          />
        </Form.Item>
        <Form.Item label={t('matching.rightSide')}>
          <Checkbox.Group
            aria-label={t('matching.rightSide')}
            value={settings.rightAreaTypes}
            onChange={(v) => {
              set('rightAreaTypes', v as AreaType[]);
              set('leftAreaTypes', settings.leftAreaTypes.filter((x) => !v.includes(x)));
            }}
            options={areaOptions}
          />
        </Form.Item>
        <Form.Item label={t('matching.mode')}>
          <Radio.Group value={settings.mode} onChange={(e) => set('mode', e.target.value as Settings['mode'])} aria-label={t('matching.mode')}>
            <Space direction="vertical">
              <Radio value="optimal">{t('matching.modes.optimal')}</Radio>
              <Radio value="stable">{t('matching.modes.stable')}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Typography.Text strong>{t('matching.weights')}</Typography.Text>
        {CRITERIA.map((c) => (
          <div key={c} style={{ marginTop: 8 }}>
            <Typography.Text id={`weight-${c}`}>
              {t(`matching.criteria.${c}`)}: {settings.weights[c]}
            </Typography.Text>
            <Slider
              min={0}
              max={10}
              value={settings.weights[c]}
              onChange={(v) => set('weights', { ...settings.weights, [c]: v })}
              ariaLabelledByForHandle={`weight-${c}`}
            />
          </div>
        ))}
        <Space wrap size="large" style={{ marginTop: 8 }}>
          <Form.Item label={t('matching.leftCapacity')} htmlFor="left-capacity">
            <InputNumber id="left-capacity" min={1} max={20} value={settings.leftCapacity} onChange={(v) => set('leftCapacity', v ?? 1)} />
          </Form.Item>
          <Form.Item label={t('matching.rightCapacity')} htmlFor="right-capacity">
            <InputNumber id="right-capacity" min={1} max={20} value={settings.rightCapacity} onChange={(v) => set('rightCapacity', v ?? 1)} />
          </Form.Item>
          <Form.Item label={t('matching.maxDistance')} htmlFor="max-distance">
            <InputNumber id="max-distance" style={{ width: 160 }} min={1} max={5000} value={settings.maxDistanceKm} placeholder={t('matching.noLimit')} onChange={(v) => set('maxDistanceKm', v ?? null)} />
          </Form.Item>
          <Form.Item label={t('matching.minScore')} htmlFor="min-score" tooltip={t('matching.minScoreHelp')}>
            <InputNumber id="min-score" min={0} max={100} value={settings.minScore} onChange={(v) => set('minScore', v ?? 0)} />
          </Form.Item>
        </Space>
        <Form.Item>
          <Space>
            <Switch id="same-level" checked={settings.sameLevel} onChange={(v) => set('sameLevel', v)} />
            <label htmlFor="same-level">{t('matching.sameLevel')}</label>
          </Space>
        </Form.Item>
        <Form.Item extra={t('matching.spreadHelp')}>
          <Space>
            <Switch
              id="spread"
              checked={settings.spread && (settings.leftCapacity > 1) !== (settings.rightCapacity > 1)}
              disabled={(settings.leftCapacity > 1) === (settings.rightCapacity > 1)}
              onChange={(v) => set('spread', v)}
            />
            <label htmlFor="spread">{t('matching.spread')}</label>
          </Space>
        </Form.Item>
        <Form.Item label={t('matching.alreadyPaired')}>
          <Radio.Group value={settings.alreadyPaired} onChange={(e) => set('alreadyPaired', e.target.value as Settings['alreadyPaired'])} aria-label={t('matching.alreadyPaired')}>
            <Radio value="exclude">{t('matching.alreadyPairedExclude')}</Radio>
            <Radio value="reduce">{t('matching.alreadyPairedReduce')}</Radio>
          </Radio.Group>
        </Form.Item>
      </Col>
    </Row>
  );
}
