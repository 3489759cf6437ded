/**
 * The parsing thread of an import: reads the first sheet, refusing the file as soon as it has
 * too many rows or a cell too long, and reports the rows read (its heartbeat).
 */
import { parentPort } from 'node:worker_threads';
import { DomainError } from '#src/core/errors.ts';
import { SchoolSheetParser, type ParseOutcome } from '#src/core/registry/import-sheet.ts';
import { serveThread } from '#src/server/jobs/threads.ts';
import type { SheetInput } from './school-sheet.ts';
import { readFirstSheet, UnreadableFileError } from './schools.xlsx.ts';

const column = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : column(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)));

serveThread<SheetInput, number, ParseOutcome>(parentPort!, async ({ file, areas, limits }, progress) => {
  const parser = new SchoolSheetParser(areas);
  let rows = 0;
  try {
    await readFirstSheet(Buffer.from(file.buffer, file.byteOffset, file.byteLength), (row, cells) => {
      if (++rows > limits.maxRows) throw new DomainError('IMPORT_TOO_MANY_ROWS', 400, { max: limits.maxRows });
      for (let i = 0; i < cells.length; i++) {
        const c = cells[i];
        if (typeof c === 'string' && c.length > limits.maxCellLength) throw new DomainError('IMPORT_CELL_TOO_LONG', 400, { cell: `${column(i)}${row}`, max: limits.maxCellLength });
      }
      parser.push(row, cells);
      if (rows % 2000 === 0) progress(rows);
    });
  } catch (err) {
    if (err instanceof UnreadableFileError) throw new DomainError('IMPORT_FILE_UNREADABLE', 400);
    throw err;
  }
  return parser.finish();
});
