/**
 * The pair list as an .xlsx file: the caller's scope and the list's filters, one row per
 * pair, streamed page by page so memory stays flat however many pairs there are.
 */
import { PassThrough, type Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { LEVEL_LABELS } from '#src/core/registry/school.ts';
import { MOU_STATUS_LABELS, PAIR_STATE_LABELS } from '#src/core/pairs/labels.ts';
import { formatDate, formatDateTime, isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { safeCell } from '#src/server/xlsx/safe-cell.ts';
import { listPairs, type PairListQuery } from './pairs.service.ts';

const FONT = 'Times New Roman';
const PAGE = 500;

const COLUMNS: { header: string; width: number }[] = [
  { header: 'STT', width: 6 },
  { header: 'Trường thứ nhất', width: 40 },
  { header: 'Trường thứ hai', width: 40 },
  { header: 'Cấp học', width: 24 },
  { header: 'Kế hoạch', width: 18 },
  { header: 'Trạng thái cặp', width: 22 },
  { header: 'Biên bản ghi nhớ', width: 20 },
  { header: 'Ngày ký', width: 12 },
  { header: 'Ngày đề xuất', width: 18 },
];

type Filter = Omit<PairListQuery, 'limit' | 'offset'>;

/** Every pair the list would show for `filter`, as a streamed workbook. Access is the list's own (`listPairs`). */
export async function exportPairs(db: Db, ctx: CallContext, filter: Filter, now: Date): Promise<Readable> {
  // The first page is read before the response starts, so a refusal is an HTTP error, not a broken file.
  const first = await listPairs(db, ctx, { ...filter, limit: PAGE, offset: 0 }, now);
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  void (async () => {
    try {
      const sheet = workbook.addWorksheet('Cặp kết nghĩa', { views: [{ state: 'frozen', ySplit: 4 }] });
      COLUMNS.forEach((c, i) => {
        sheet.getColumn(i + 1).width = c.width;
      });
      sheet.getRow(1).values = ['DANH SÁCH CẶP TRƯỜNG KẾT NGHĨA'];
      sheet.getRow(1).font = { name: FONT, bold: true, size: 14 };
      sheet.getRow(1).commit();
      sheet.getRow(2).values = [`Số liệu tại ngày ${formatDate(isoDateInHanoi(now))} — ${first.total} cặp`];
      sheet.getRow(2).font = { name: FONT, italic: true };
      sheet.getRow(2).commit();
      const header = sheet.getRow(4);
      header.values = COLUMNS.map((c) => c.header);
      header.font = { name: FONT, bold: true, size: 12 };
      header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
      header.commit();
      let n = 0;
      let page = first;
      for (let offset = 0; ; ) {
        for (const p of page.items) {
          const [one, ...others] = p.schools;
          const levels = [...new Set(p.schools.map((s) => LEVEL_LABELS[s.level as keyof typeof LEVEL_LABELS] ?? s.level))];
          const row = sheet.getRow(5 + n);
          n++;
          row.values = [
            n,
            safeCell(one?.name ?? ''),
            safeCell(others.map((s) => s.name).join('; ')),
            levels.join(', '),
            safeCell(p.campaign.number),
            PAIR_STATE_LABELS[p.state],
            p.mouStatus ? MOU_STATUS_LABELS[p.mouStatus] : '',
            p.signedOn ? formatDate(p.signedOn) : '',
            formatDateTime(new Date(p.createdAt)),
          ];
          row.font = { name: FONT, size: 12 };
          row.commit();
        }
        offset += PAGE;
        if (offset >= page.total || page.items.length === 0) break;
        await yieldToEventLoop();
        page = await listPairs(db, ctx, { ...filter, limit: PAGE, offset }, now);
      }
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}
