/** A list's "nothing here" text, dark enough to read (antd draws it in its disabled grey, 1.9:1). */
export const emptyText = (text: string) => <span style={{ color: 'rgba(0, 0, 0, 0.65)' }}>{text}</span>;
