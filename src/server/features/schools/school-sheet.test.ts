import { afterAll, describe, expect, it } from 'vitest';
import { messyWorkbook } from '../../../../test/helpers/registry-files.ts';
import { hostileWorkbook, oneHugeCell, truncatedZip, twelveHugeStrings } from '../../../../test/helpers/hostile-xlsx.ts';
import { parseSchoolSheet, stopSheetThreads } from './school-sheet.ts';

afterAll(stopSheetThreads);

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

// Starting a parsing thread through tsx takes seconds on a busy machine.
describe('reading an uploaded list safely', { timeout: 60_000 }, () => {
  it('refuses twelve 300 MB strings in a 3.5 MB file from its zip directory, before unzipping', async () => {
    const file = twelveHugeStrings();
    expect(file.length).toBeLessThan(4 * 1024 * 1024);
    expect(await refusal(parseSchoolSheet(file, []))).toMatchObject({ code: 'IMPORT_FILE_PART_TOO_LARGE', params: { part: 'xl/sharedStrings.xml', size: 3600 } });
  });

  it('refuses a 200 MB cell', async () => {
    expect(await refusal(parseSchoolSheet(oneHugeCell(), []))).toMatchObject({ code: 'IMPORT_FILE_PART_TOO_LARGE', params: { size: 200 } });
  });

  it('refuses too many parts, and too much unzipped in all', async () => {
    const file = hostileWorkbook(['x']);
    expect(await refusal(parseSchoolSheet(file, [], { zipLimits: { maxEntries: 3, maxEntryBytes: 1e9, maxTotalBytes: 1e9 } }))).toMatchObject({ code: 'IMPORT_FILE_TOO_MANY_PARTS' });
    expect(await refusal(parseSchoolSheet(file, [], { zipLimits: { maxEntries: 99, maxEntryBytes: 1e9, maxTotalBytes: 1000 } }))).toMatchObject({ code: 'IMPORT_FILE_TOO_LARGE' });
  });

  it('gives a clear error for a damaged zip', async () => {
    expect(await refusal(parseSchoolSheet(truncatedZip(hostileWorkbook(['x'])), []))).toMatchObject({ code: 'IMPORT_FILE_UNREADABLE' });
  });

  it('refuses a cell longer than Excel allows, naming it, and too many rows, while reading', async () => {
    const long = hostileWorkbook(['TH-1', 'x'.repeat(40_000)]);
    expect(await refusal(parseSchoolSheet(long, []))).toMatchObject({ code: 'IMPORT_CELL_TOO_LONG', params: { cell: 'B2', max: 32767 } });
    const ok = hostileWorkbook(['TH-1', 'Trường Tiểu học A']);
    expect(await refusal(parseSchoolSheet(ok, [], { limits: { maxRows: 1, maxCellLength: 100 } }))).toMatchObject({ code: 'IMPORT_TOO_MANY_ROWS', params: { max: 1 } });
  });

  it('ends only the parsing thread when a file needs more memory than its cap, and reads the next file', async () => {
    // 60 MB of one cell fits the zip limits given here, not a 48 MB heap.
    const heavy = hostileWorkbook([{ letter: 'C', mb: 60 }]);
    const opts = { memoryMb: 48, zipLimits: { maxEntries: 99, maxEntryBytes: 1e9, maxTotalBytes: 1e9 }, limits: { maxRows: 10, maxCellLength: 1e9 } };
    expect(await refusal(parseSchoolSheet(heavy, [], opts))).toMatchObject({ code: 'IMPORT_FILE_OUT_OF_MEMORY' });
    const list = await messyWorkbook([{ code: 'HN-1', name: 'Trường Tiểu học Ái Mộ A', level: 'Tiểu học', area: 'Nội thành' }]);
    const parsed = await parseSchoolSheet(list, [], { memoryMb: 48 });
    expect(parsed.records.map((r) => r.code)).toEqual(['HN-1']);
  });
});
