/**
 * Before an uploaded .xlsx is unzipped: its central directory (read by yauzl, not by hand)
 * must describe a file that is safe to open — a bounded number of parts, each and all of them
 * bounded once unzipped. A few megabytes of zip can otherwise unzip to gigabytes (a "zip bomb":
 * twelve 300 MB strings in 3.5 MB took the whole server down). Sizes a zip lies about are caught
 * while parsing (cell length, row count) and by the parsing thread's memory cap.
 */
import yauzl from 'yauzl';
import { DomainError } from '#src/core/errors.ts';

export interface ZipLimits {
  /** all parts together, unzipped */
  maxTotalBytes: number;
  /** one part, unzipped */
  maxEntryBytes: number;
  maxEntries: number;
}

export const XLSX_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 200 * 1024 * 1024, maxEntryBytes: 100 * 1024 * 1024, maxEntries: 2000 };

const mb = (n: number) => Math.round(n / (1024 * 1024));

/** Check the zip's directory against `limits`; throws a DomainError (IMPORT_FILE_…) naming what is wrong. */
export function inspectZip(file: Buffer, limits: ZipLimits = XLSX_ZIP_LIMITS): Promise<{ entries: number; totalBytes: number }> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(file, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) return reject(new DomainError('IMPORT_FILE_UNREADABLE', 400));
      let entries = 0;
      let total = 0;
      const refuse = (e: DomainError) => {
        zip.close();
        reject(e);
      };
      zip.on('entry', (entry: yauzl.Entry) => {
        entries++;
        total += entry.uncompressedSize;
        if (entries > limits.maxEntries) return refuse(new DomainError('IMPORT_FILE_TOO_MANY_PARTS', 400, { count: zip.entryCount, max: limits.maxEntries }));
        if (entry.uncompressedSize > limits.maxEntryBytes) {
          return refuse(new DomainError('IMPORT_FILE_PART_TOO_LARGE', 400, { part: entry.fileName.slice(0, 100), size: mb(entry.uncompressedSize), max: mb(limits.maxEntryBytes) }));
        }
        if (total > limits.maxTotalBytes) return refuse(new DomainError('IMPORT_FILE_TOO_LARGE', 400, { size: mb(total), max: mb(limits.maxTotalBytes) }));
        zip.readEntry();
      });
      zip.on('end', () => resolve({ entries, totalBytes: total }));
      zip.on('error', () => reject(new DomainError('IMPORT_FILE_UNREADABLE', 400)));
      zip.readEntry();
    });
  });
}
