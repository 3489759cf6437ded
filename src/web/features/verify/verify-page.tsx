import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Input, Result, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { VerificationDto } from '#src/core/pairs/dto.ts';
import { formatDate, formatDateTime } from '#src/core/vn/format.ts';
import { ApiError, api } from '../../lib/api';
import { signatoryTitleLabel } from '../../lib/signatory-title';

/** The public page a document's QR code opens: is this document genuine, between whom, signed when. */
export function VerifyPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const result = useQuery({
    queryKey: ['verify', code],
    queryFn: () => api<VerificationDto>('GET', `/api/verify/${encodeURIComponent(code)}`),
    retry: false,
    enabled: code !== '',
  });
  const search = (
    <Input.Search
      aria-label={t('verify.codeLabel')}
      placeholder="ABCD-EF23"
      enterButton={t('verify.check')}
      defaultValue={code}
      onSearch={(v) => v.trim() && navigate(`/verify/${encodeURIComponent(v.trim())}`)}
      style={{ maxWidth: 360 }}
    />
  );
  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 900 }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        {t('verify.title')}
      </Typography.Title>
      {search}
      {result.isPending && code !== '' && <Skeleton active />}
      {result.isError && (
        <Result
          status="error"
          icon={<CloseCircleTwoTone twoToneColor="#a8071a" />}
          title={<h2 style={{ fontSize: 22 }}>{t('verify.unknownTitle')}</h2>}
          subTitle={result.error instanceof ApiError ? result.error.message : t('errors.network')}
        />
      )}
      {result.data && <VerifiedDocument v={result.data} />}
    </Space>
  );
}

function VerifiedDocument({ v }: { v: VerificationDto }) {
  const { t } = useTranslation();
  const valid = v.status === 'in-force' || v.status === 'accepted' || v.status === 'sent';
  return (
    <Card>
      <Space align="start">
        <CheckCircleTwoTone twoToneColor="#237804" style={{ fontSize: 32 }} aria-hidden="true" />
        <div>
          <h2 style={{ fontSize: 20, margin: 0 }} data-testid="verify-result">
            {t('verify.genuine')}
          </h2>
          <Typography.Paragraph style={{ marginTop: 4 }}>{v.title}</Typography.Paragraph>
        </div>
      </Space>
      {!valid && <Alert style={{ margin: '12px 0' }} type="warning" showIcon message={t(`verify.status.${v.status}`)} />}
      <Descriptions column={1} size="small" bordered style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('verify.code')}>{v.code}</Descriptions.Item>
        <Descriptions.Item label={t('verify.number')}>{v.number ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('verify.dateLine')}>
          {v.place}, {formatDate(v.datedOn)}
        </Descriptions.Item>
        {v.signedOn && <Descriptions.Item label={t('verify.signedOn')}>{formatDate(v.signedOn)}</Descriptions.Item>}
        <Descriptions.Item label={t('verify.statusLabel')}>{t(`verify.status.${v.status}`)}</Descriptions.Item>
        <Descriptions.Item label={t('verify.campaign')}>
          {v.campaign.number} — {v.campaign.title}
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.parties')}>
          <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="verify-parties">
            {v.parties.map((p) => (
              <li key={p.name}>
                {p.name} — {signatoryTitleLabel(p.signatoryTitle, t)} {p.signatoryName}
              </li>
            ))}
          </ul>
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.signatures')}>
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {v.signatures.map((s, i) => (
              <li key={i}>
                {s.signatoryName} ({s.party}) —{' '}
                {s.electronic ? t('verify.signedAt', { at: formatDateTime(new Date(s.signedAt)) }) : t('verify.signedOnPaper', { date: formatDate(s.signedAt.slice(0, 10)) })}
              </li>
            ))}
          </ul>
        </Descriptions.Item>
        <Descriptions.Item label="SHA-256">
          <code style={{ wordBreak: 'break-all' }}>{v.sha256}</code>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t('verify.hashHint')}
      </Typography.Paragraph>
    </Card>
  );
}
