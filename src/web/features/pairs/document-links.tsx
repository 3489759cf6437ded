import { FilePdfOutlined, FileWordOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** Download links of a document in both formats. */
export function DownloadButtons({ base, label }: { base: string; label?: string }) {
  const { t } = useTranslation();
  const sep = base.includes('?') ? '&' : '?';
  return (
    <Space wrap>
      <Button icon={<FilePdfOutlined />} href={`${base}${sep}format=pdf`} download>
        {label ? `${label} ` : ''}
        {t('mou.downloadPdf')}
      </Button>
      <Button icon={<FileWordOutlined />} href={`${base}${sep}format=docx`} download>
        {label ? `${label} ` : ''}
        {t('mou.downloadDocx')}
      </Button>
    </Space>
  );
}

export function VerifyLink({ code, url }: { code: string; url: string | null }) {
  const { t } = useTranslation();
  return (
    <Space>
      <SafetyCertificateOutlined aria-hidden="true" />
      <Tag>{code}</Tag>
      <a href={url ? new URL(url).pathname : `/verify/${code}`} target="_blank" rel="noreferrer">
        {t('mou.verifyPage')}
      </a>
    </Space>
  );
}

