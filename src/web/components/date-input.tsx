import { DatePicker } from 'antd';
import dayjs from 'dayjs';

/**
 * A calendar day shown as dd/mm/yyyy whatever the browser's language, kept as an ISO date. Its
 * placeholder says that format in both languages (Ant Design's own says "Chọn thời điểm").
 */
export function DateInput({ id, value, onChange, width = 180 }: { id: string; value: string; onChange: (iso: string) => void; width?: number }) {
  return (
    <DatePicker
      id={id}
      format="DD/MM/YYYY"
      placeholder="dd/mm/yyyy"
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : '')}
      style={{ width, display: 'flex' }}
    />
  );
}
