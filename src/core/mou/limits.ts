/** 10 MB: a few scanned A4 pages at 200–300 dpi. */
export const MAX_SCAN_BYTES = 10 * 1024 * 1024;
