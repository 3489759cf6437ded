/**
 * A matching run as an Excel workbook, for the department's files and meetings: the proposed
 * pairs with score, distance, wishes and the explanation; the schools left without a partner
 * (and why); the settings the run used, so that the result can be explained on paper.
 */
import ExcelJS from 'exceljs';
import type { RunDetailDto } from '#src/core/matching/dto.ts';
import { CRITERIA } from '#src/core/matching/criteria.ts';
import { AREA_TYPE_LABELS, LEVEL_LABELS, type AreaType, type SchoolLevel } from '#src/core/registry/school.ts';
import { formatDateTime } from '#src/core/vn/format.ts';
import { translate, type Locale } from '#src/server/i18n/i18n.ts';
import { safeCell } from '#src/server/xlsx/safe-cell.ts';

const FONT = 'Times New Roman';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E2F3' } };
const BORDER: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };

function table(sheet: ExcelJS.Worksheet, firstRow: number, header: string[], rows: (string | number | null)[][], widths: number[]) {
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  const h = sheet.getRow(firstRow);
  h.values = header;
  h.font = { name: FONT, bold: true, size: 12 };
  h.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  h.eachCell((c) => {
    c.fill = HEADER_FILL;
    c.border = BORDER;
  });
  rows.forEach((values, i) => {
    const row = sheet.getRow(firstRow + 1 + i);
    // Names and codes come from the registry (an officer may type "=…"): never run as formulas.
    row.values = values.map(safeCell);
    row.font = { name: FONT, size: 12 };
    row.alignment = { vertical: 'top', wrapText: true };
    for (let c = 1; c <= header.length; c++) row.getCell(c).border = BORDER;
  });
  sheet.views = [{ state: 'frozen', ySplit: firstRow }];
}

function titleBlock(sheet: ExcelJS.Worksheet, lines: string[]) {
  lines.forEach((text, i) => {
    const cell = sheet.getCell(i + 1, 1);
    cell.value = text;
    cell.font = { name: FONT, size: i === 0 ? 14 : 12, bold: i === 0, italic: i > 0 };
  });
}

/** The run (as `getRun` gives it, in `locale`) and its campaign's number → .xlsx bytes. */
export async function writeRunWorkbook(run: RunDetailDto, campaignNumber: string, locale: Locale): Promise<Buffer> {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, `matchingExport.${key}`, params);
  const num = new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'vi-VN', { maximumFractionDigits: 2 });
  const s = run.summary!;
  const wb = new ExcelJS.Workbook();
  // Fixed, so that the same run gives the same file.
  wb.created = wb.modified = new Date(run.finishedAt ?? run.createdAt);
  wb.creator = 'Chung Tay';

  const pairs = wb.addWorksheet(t('sheetPairs'));
  titleBlock(pairs, [
    t('title'),
    t('subtitle', {
      campaign: campaignNumber,
      mode: t(`modes.${run.mode}`),
      time: formatDateTime(new Date(run.createdAt)),
      label: run.label ? ` · ${run.label}` : '',
    }),
    t('summary', {
      pairs: s.matched,
      total: num.format(s.totalScore),
      average: num.format(s.averageScore),
      blocking: s.blockingPairs,
      wishes: s.wishesHonoured,
      wishesTotal: s.wishesTotal,
    }),
  ]);
  table(
    pairs,
    5,
    [t('no'), t('leftCode'), t('left'), t('rightCode'), t('right'), t('score'), t('distance'), t('wishes'), t('explanation'), t('status')],
    run.pairs.map((p, i) => [
      i + 1,
      p.left.code,
      p.left.name,
      p.right.code,
      p.right.name,
      p.score,
      p.distanceKm === null ? null : Math.round(p.distanceKm * 10) / 10,
      p.leftWishRank || p.rightWishRank ? `${p.leftWishRank ?? '—'}; ${p.rightWishRank ?? '—'}` : null,
      p.explanation,
      [p.locked ? t('locked') : null, p.pairId ? t('proposed') : null].filter(Boolean).join('; ') || null,
    ]),
    [6, 14, 32, 14, 32, 10, 12, 16, 80, 18],
  );
  pairs.getColumn(6).numFmt = '0.00';
  pairs.getColumn(7).numFmt = '0.0';

  const others = wb.addWorksheet(t('sheetOthers'));
  const side = (x: 'left' | 'right') => (x === 'left' ? 'A' : 'B');
  const rows: (string | number | null)[][] = [
    ...run.unpaired.map((u) => [u.code, u.shortName, t('unpaired', { side: side(u.side) })]),
    ...run.excluded.map((e) => [e.code, e.shortName, t(`reasons.${e.reason}`)]),
  ];
  table(others, 1, [t('no'), t('code'), t('school'), t('situation')], rows.map((r, i) => [i + 1, ...r]), [6, 16, 40, 60]);

  if (run.withoutPosition.length) {
    const unplaced = wb.addWorksheet(t('sheetWithoutPosition'));
    table(
      unplaced,
      1,
      [t('no'), t('code'), t('school'), t('situation')],
      run.withoutPosition.map((w, i) => [i + 1, w.code, w.shortName, `${t('withoutPosition')}${w.paired ? ` (${t('pairedAnyway')})` : ''}`]),
      [6, 16, 40, 60],
    );
  }

  const settings = wb.addWorksheet(t('sheetSettings'));
  const p = run.params;
  const areaTypes = (xs: AreaType[]) => xs.map((x) => AREA_TYPE_LABELS[x]).join(', ');
  const yesNo = (b: boolean) => (b ? t('yes') : t('no_'));
  table(
    settings,
    1,
    [t('setting'), t('value')],
    [
      [t('levels'), p.levels.length ? p.levels.map((l) => LEVEL_LABELS[l as SchoolLevel]).join(', ') : t('allLevels')],
      [t('leftSide'), areaTypes(p.leftAreaTypes)],
      [t('rightSide'), areaTypes(p.rightAreaTypes)],
      ...CRITERIA.map((c) => [t(`criteria.${c}`), p.weights[c]]),
      [t('sameLevel'), yesNo(p.sameLevel)],
      [t('leftCapacity'), p.leftCapacity],
      [t('rightCapacity'), p.rightCapacity],
      [t('maxDistance'), p.maxDistanceKm ?? t('noLimit')],
      [t('minScore'), p.minScore ?? 0],
      [t('spread'), yesNo(p.spread ?? false)],
      [t('alreadyPaired'), p.alreadyPaired === 'exclude' ? t('alreadyPairedExclude') : t('alreadyPairedReduce')],
      [t('lockedCount'), p.locked.length],
      [t('forbiddenCount'), p.forbidden.length],
    ],
    [44, 40],
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
