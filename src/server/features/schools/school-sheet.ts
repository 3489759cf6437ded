/**
 * Reading an uploaded school list safely: the zip's directory is checked first (sizes, parts),
 * then the first sheet is parsed in a worker thread with a memory cap (`resourceLimits`: a file
 * that needs more ends only that thread and its job, never the server) and the job's time
 * limit, with rows and cell length bounded while it reads. The thread reports rows read.
 */
import type { ParseOutcome } from '#src/core/registry/import-sheet.ts';
import { siblingWorker, ThreadPool } from '#src/server/jobs/threads.ts';
import { inspectZip, XLSX_ZIP_LIMITS, type ZipLimits } from '#src/server/xlsx/inspect-zip.ts';

export interface SheetLimits {
  /** rows read from the sheet (Excel's own maximum is 1,048,576) */
  maxRows: number;
  /** characters in one cell (Excel's own maximum) */
  maxCellLength: number;
}

export const SHEET_LIMITS: SheetLimits = { maxRows: 100_000, maxCellLength: 32_767 };

/** The parsing thread's heap: ample for 45,000 schools, far below what a hostile file asks. */
export const PARSE_MEMORY_MB = 512;

export interface SheetInput {
  file: Uint8Array;
  areas: { code: string; nameVi: string }[];
  limits: SheetLimits;
}

const pools = new Map<number, ThreadPool<SheetInput, number, ParseOutcome>>();
const poolFor = (memoryMb: number) => {
  let pool = pools.get(memoryMb);
  if (!pool) {
    pool = new ThreadPool(siblingWorker(import.meta.url, 'school-sheet.worker'), 'chungtay-import', {
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.ceil(memoryMb / 4)) },
      memoryErrorCode: 'IMPORT_FILE_OUT_OF_MEMORY',
    });
    pools.set(memoryMb, pool);
  }
  return pool;
};

/**
 * Check and parse `file`; throws a DomainError (IMPORT_FILE_…, IMPORT_TOO_MANY_ROWS,
 * IMPORT_CELL_TOO_LONG, JOB_TIME_LIMIT) when it cannot be read safely.
 */
export async function parseSchoolSheet(
  file: Buffer,
  areas: { code: string; nameVi: string }[],
  opts: {
    onRows?: (rows: number) => void;
    timeLimitMs?: number | undefined;
    signal?: AbortSignal | undefined;
    zipLimits?: ZipLimits;
    limits?: SheetLimits;
    memoryMb?: number;
  } = {},
): Promise<ParseOutcome> {
  await inspectZip(file, opts.zipLimits ?? XLSX_ZIP_LIMITS);
  return poolFor(opts.memoryMb ?? PARSE_MEMORY_MB).run(
    { file: new Uint8Array(file.buffer, file.byteOffset, file.byteLength), areas, limits: opts.limits ?? SHEET_LIMITS },
    { timeLimitMs: opts.timeLimitMs, signal: opts.signal, ...(opts.onRows ? { onProgress: opts.onRows } : {}) },
  );
}

/** End the idle parsing threads (tests). */
export async function stopSheetThreads(): Promise<void> {
  await Promise.all([...pools.values()].map((p) => p.close()));
}
