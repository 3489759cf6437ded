export const PUBLIC_BUDGET_KB: number;
export const APP_BUDGET_KB: number;
export function scriptsOf(html: string): string[];
export function gzipBytesOf(html: string, load: (src: string) => Buffer | Uint8Array | Promise<Buffer | Uint8Array>): Promise<number>;
