import { Tag } from 'antd';

/** Tag colours with text contrast of at least 4.5:1 (WCAG AA); antd's preset green is lighter. */
const TONES = {
  success: { color: '#135200', background: '#f6ffed', borderColor: '#95de64' },
  neutral: { color: '#262626', background: '#fafafa', borderColor: '#d9d9d9' },
  warning: { color: '#613400', background: '#fffbe6', borderColor: '#ffd666' },
  danger: { color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' },
  // support
  info: { color: '#003a8c', background: '#e6f4ff', borderColor: '#91caff' },
} as const;

export function StateTag({ tone, children, title }: { tone: keyof typeof TONES; children: React.ReactNode; title?: string }) {
  return (
    <Tag style={TONES[tone]} title={title}>
      {children}
    </Tag>
  );
}
