/**
 * An MoU of the factories between two schools with long Vietnamese names (every tone mark and
 * đ/Đ, upper- and lower-case) rendered to DOCX and PDF: the Decree 30 checks shared by every
 * document (A4, margins, Times New Roman / embedded Tinos, title, motto, number and date lines),
 * every name read back with its diacritics, and no word of the PDF outside the page's margins
 * (poppler's word boxes). The demo's MoU has short names (demo-mou.test.ts); these wrap.
 * PNGs of the pages go to MOU_SHOTS_DIR when set, to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPlaceDateLine } from '#src/core/vn/date-line.ts';
import { expectDecree30Docx, expectDecree30Pdf, popplerInstalled } from '#src/documents/decree30-checks.testing.ts';
import { createTestApp } from '../helpers/app.ts';
import { createAdminUnit } from '../factories/admin-units.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createSchoolLeader, FACTORY_PASSWORD } from '../factories/users.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => NOW });

const names = {
  a: 'Trường Phổ thông Dân tộc nội trú Trung học cơ sở và Trung học phổ thông Ỷ Lạn Quỳnh Nhai Mường Đắng',
  aShort: 'PTDTNT THCS và THPT Ỷ Lạn Quỳnh Nhai',
  aUnit: 'xã Mường Khiêng Đồi Ngô Thượng Ẳng Tở',
  aPrincipal: 'Lường Thị Ửng Hoàng Điệp',
  b: 'Trường Trung học cơ sở Chuyên Nguyễn Huệ – Phân hiệu Khương Thượng Ngã Tư Sở Đống Đa',
  bShort: 'THCS Chuyên Nguyễn Huệ Khương Thượng',
  bUnit: 'phường Đống Đa Khương Thượng Ô Chợ Dừa',
  bPrincipal: 'Nguyễn Trần Quỳnh Hương Ẩn Đức',
};
const unitA = await createAdminUnit(t.db, { kind: 'commune', name: names.aUnit });
const unitB = await createAdminUnit(t.db, { kind: 'ward', name: names.bUnit });
const schoolA = await createSchool(t.db, { name: names.a, shortName: names.aShort, principalName: names.aPrincipal, areaType: 'mountainous', unit: unitA });
const schoolB = await createSchool(t.db, { name: names.b, shortName: names.bShort, principalName: names.bPrincipal, areaType: 'inner-city', unit: unitB });
const leaders = [
  await createSchoolLeader(t.db, { school: schoolA, displayName: names.aPrincipal }),
  await createSchoolLeader(t.db, { school: schoolB, displayName: names.bPrincipal }),
];
const pair = await createPair(t.db, { state: 'active', schools: [schoolA, schoolB], leaders, now: NOW });
const session = await t.signIn(leaders[1]!.username, FACTORY_PASSWORD);
const mou = (await t.as(session)('GET', `/api/pairs/${pair.id}/mou`)).json() as { number: string; place: string; datedOn: string; parties: { name: string; unitLine: string; signatoryName: string }[] };

const upper = (s: string) => s.toLocaleUpperCase('vi-VN');
const expected = () => ({
  numberLine: `Số: ${mou.number}`,
  dateLine: formatPlaceDateLine(mou.place, { year: Number(mou.datedOn.slice(0, 4)), month: Number(mou.datedOn.slice(5, 7)), day: Number(mou.datedOn.slice(8, 10)) }),
  texts: [names.aPrincipal, names.bPrincipal, upper(names.aShort), upper(names.bShort)],
});

describe('an MoU between two schools with long Vietnamese names', () => {
  it('is signed with both parties named as the registry names them', () => {
    expect(mou.parties.map((p) => p.signatoryName).sort()).toEqual([names.aPrincipal, names.bPrincipal].sort());
    expect(mou.number).toMatch(/^01\/GN-/u);
  });

  it('downloads as a DOCX in the Decree 30 format with every name and its diacritics', async () => {
    const res = await t.as(session)('GET', `/api/pairs/${pair.id}/mou?format=docx`);
    expect(res.statusCode).toBe(200);
    expectDecree30Docx(res.rawPayload, expected());
  });

  it.runIf(popplerInstalled)('downloads as a PDF whose every word reads back and stays inside the margins', async () => {
    const res = await t.as(session)('GET', `/api/pairs/${pair.id}/mou?format=pdf`);
    expect(res.statusCode).toBe(200);
    const pdf = res.rawPayload;
    await expectDecree30Pdf(pdf, { ...expected(), title: `Biên bản ghi nhớ ${mou.number}`, createdIso: `${mou.datedOn}T00:00:00.000Z` });
    const dir = mkdtempSync(join(tmpdir(), 'ct-mou-long-'));
    try {
      const file = join(dir, 'mou.pdf');
      writeFileSync(file, pdf);
      // Word boxes in points: A4 is 595.28 × 841.89; margins left 30 mm, right 15 mm, top and bottom 20 mm.
      const html = execFileSync('/usr/bin/pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/gu)].map((m) => ({
        x0: Number(m[1]),
        y0: Number(m[2]),
        x1: Number(m[3]),
        y1: Number(m[4]),
        text: m[5]!,
      }));
      expect(words.length).toBeGreaterThan(300);
      const mm = 72 / 25.4;
      // Decree 30 numbers the pages from the second at the top, in the top margin: those alone may stand there.
      const pageNumber = (w: (typeof words)[number]) => /^\d+$/u.test(w.text) && w.y0 >= 5 * mm && w.y1 <= 20 * mm;
      const outside = words.filter((w) => w.x0 < 30 * mm - 1 || w.x1 > 595.28 - 15 * mm + 1 || (w.y0 < 20 * mm - 1 && !pageNumber(w)) || w.y1 > 841.89 - 20 * mm + 1);
      expect(words.filter(pageNumber).map((w) => w.text)).toEqual(['2', '3']);
      expect(outside.map((w) => `${w.text} [${w.x0.toFixed(1)}–${w.x1.toFixed(1)}, ${w.y0.toFixed(1)}–${w.y1.toFixed(1)}]`)).toEqual([]);
      // The parties as the articles name them (short name and unit of the signing day), with every diacritic.
      const text = execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/gu, ' ');
      for (const s of [`Trường ${names.aShort} ${names.aUnit}`, `Trường ${names.bShort} ${names.bUnit}`]) expect(text).toContain(s);
      // The signature blocks keep a unit's words whole even when the unit is wider than the column (no "THƯ / ỢNG").
      for (const s of ['X. MƯỜNG KHIÊNG ĐỒI NGÔ THƯỢNG ẲNG TỞ', 'P. ĐỐNG ĐA KHƯƠNG THƯỢNG Ô CHỢ DỪA']) expect(text).toContain(s);
      if (process.env.MOU_SHOTS_DIR) {
        writeFileSync(join(process.env.MOU_SHOTS_DIR, 'mou-long-names.pdf'), pdf);
        execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '90', file, join(process.env.MOU_SHOTS_DIR, 'mou-long-names')]);
        expect(readdirSync(process.env.MOU_SHOTS_DIR).some((f) => f.startsWith('mou-long-names'))).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
