/**
 * Importing a school list from Excel: all or nothing. The file is read row by
 * row (yielding to the event loop), every row checked, and only when no row is
 * wrong are the schools created or updated by code, in one transaction, in
 * chunks. A dry run stops before writing and says what would change.
 */
import { authorize } from '#src/core/access/guard.ts';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { ancestry, succession, unitNameInText, type LocationMatch, type LocationNames, type Position, type UnitIndex, type UnitRecord } from '#src/core/registry/admin-units.ts';
import type { ImportChange } from '#src/core/registry/dto.ts';
import { columnLabel, type ColumnKey, type ImportedSchool, type ImportIssue } from '#src/core/registry/import-sheet.ts';
import { defaultShortName, schoolNameKey, type CapabilityEntry } from '#src/core/registry/school.ts';
import { formatDate } from '#src/core/vn/format.ts';
import { cleanText } from '#src/core/vn/text.ts';
import { lockForTransaction, LOCK_KEYS } from '#src/db/lock-keys.ts';
import type { Database } from '#src/db/schema.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import type { SchoolRow } from './school.table.ts';
import {
  capabilityEntriesOf,
  findSchoolsByCodes,
  findSchoolsByNameKeys,
  insertLocations,
  insertNameHistory,
  listAllCapabilityAreas,
  locationsOn,
  moveSchool,
  replaceCapabilities,
  schoolIdsWithLocations,
  writeSchoolRows,
} from './schools.repository.ts';
import { loadUnitIndex } from './schools.service.ts';
import { parseSchoolSheet } from './school-sheet.ts';

export type ImportPhase = 'queued' | 'reading' | 'checking' | 'writing' | 'done';

export interface ImportOutcome {
  ok: boolean;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  changes: ImportChange[];
}

export interface ImportOptions {
  file: Buffer;
  fileName: string;
  dryRun: boolean;
  /** the day the file describes: locations are resolved and recorded as of it */
  asOf: string;
  jobId?: string;
  /** the file is parsed in a worker thread, ended after this long (0: no limit) */
  timeLimitMs?: number;
  /** aborted when the job is stopped (shutdown) */
  signal?: AbortSignal;
  onProgress?: (phase: ImportPhase, done: number, total: number) => void | Promise<void>;
  /**
   * Called in the transaction that writes the schools, with the outcome: what records the import
   * as done then commits with its schools, so that a node killed in between leaves neither (run
   * again, the import would find its own schools and report them unchanged).
   */
  onWritten?: (trx: Db, outcome: ImportOutcome) => Promise<void>;
}

const CHUNK = 500;

interface Planned {
  rec: ImportedSchool;
  existing: SchoolRow | null;
  action: ImportChange['action'];
  fields: string[];
  unitId: string | null;
  /** units from the one the file names to the one of the date (merged communes) */
  unitHistory: { id: string; validFrom: string; validTo: string | null }[];
  labels: { district: string | null; commune: string | null } | undefined;
  locationChanges: boolean;
}

function sameCaps(a: CapabilityEntry[], b: CapabilityEntry[]): boolean {
  const key = (l: CapabilityEntry[]) => l.map((e) => `${e.areaCode}:${e.level}`).sort().join(',');
  return key(a) === key(b);
}

interface Located {
  names: LocationNames;
  fromAddress: boolean;
  position: Position | null;
  match: LocationMatch | null;
}

/** "phường Thanh Xuân, phường Yên Hòa (Thành phố Hà Nội)": units with their province, for a warning. */
function candidateList(units: UnitIndex, candidates: UnitRecord[]): string {
  return candidates
    .map((c) => {
      const province = ancestry(units.byId, c).find((a) => a.kind === 'province' && a.id !== c.id);
      return province ? `${unitNameInText(c.name)} (${province.name})` : unitNameInText(c.name);
    })
    .join('; ');
}

/**
 * Where each row's school stands on `asOf`: from the unit columns, or from the address
 * when the row has no unit names. A name several units share is tried again in the
 * province most rows of the file resolved to (a department's list seldom names it).
 */
async function locateAll(records: ImportedSchool[], existingOf: (rec: ImportedSchool) => SchoolRow | null, asOf: string, units: UnitIndex): Promise<(Located | null)[]> {
  const out: (Located | null)[] = [];
  const provinces = new Map<string, number>();
  for (const [i, rec] of records.entries()) {
    if (i % 1000 === 999) await yieldToEventLoop();
    const fromColumns = !!(rec.district || rec.commune || rec.province);
    const names: LocationNames = fromColumns ? { province: rec.province, district: rec.district, commune: rec.commune } : rec.address ? units.namesInAddress(rec.address) : {};
    const existing = existingOf(rec);
    const position = rec.coordinates ?? (existing?.latitude != null && existing.longitude != null ? { latitude: existing.latitude, longitude: existing.longitude } : null);
    const match = units.match(names, asOf, { position });
    if (!match) {
      out.push(null);
      continue;
    }
    out.push({ names, fromAddress: !fromColumns, position, match });
    if (match.ok) {
      const province = ancestry(units.byId, match.unit).find((u) => u.kind === 'province');
      if (province) provinces.set(province.name, (provinces.get(province.name) ?? 0) + 1);
    }
  }
  const [home] = [...provinces.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (home) {
    for (const l of out) {
      if (l?.match && !l.match.ok && l.match.reason === 'ambiguous') l.match = units.match(l.names, asOf, { position: l.position, preferProvince: home });
    }
  }
  return out;
}

async function plan(
  db: Db,
  records: ImportedSchool[],
  present: Set<ColumnKey>,
  asOf: string,
  units: UnitIndex,
  warnings: ImportIssue[],
): Promise<Planned[]> {
  const existingRows = await findSchoolsByCodes(db, records.map((r) => r.code));
  const byCode = new Map(existingRows.map((r) => [r.code, r]));
  const ids = existingRows.map((r) => r.id);
  const current = await locationsOn(db, ids, asOf);
  const caps = new Map<string, { strength: CapabilityEntry[]; need: CapabilityEntry[] }>();
  if (present.has('strengths') || present.has('needs')) {
    for (const r of await capabilityEntriesOf(db, ids)) {
      const c = caps.get(r.school_id) ?? { strength: [], need: [] };
      c[r.kind].push({ areaCode: r.area_code, level: r.level });
      caps.set(r.school_id, c);
    }
  }
  const nameKeys: string[] = [];
  for (let i = 0; i < records.length; i++) {
    nameKeys.push(schoolNameKey(records[i]!.name));
    if (i % 2000 === 1999) await yieldToEventLoop();
  }
  await warnSameNames(records, await findSchoolsByNameKeys(db, nameKeys), warnings);
  const hasUnits = present.has('district') || present.has('commune') || present.has('province') || present.has('address');
  const located = hasUnits ? await locateAll(records, (rec) => byCode.get(rec.code) ?? null, asOf, units) : [];
  const out: Planned[] = [];
  for (const [i, rec] of records.entries()) {
    // Matching 45,000 rows takes a second or two: let other requests in between.
    if (out.length % 1000 === 999) await yieldToEventLoop();
    const existing = byCode.get(rec.code) ?? null;
    let unitId: string | null = null;
    let unitHistory: Planned['unitHistory'] = [];
    let labels: Planned['labels'];
    const where = located[i];
    if (where?.match) {
      const m = where.match;
      if (m.ok) {
        unitId = m.unit.id;
        // From the unit named to the unit of the date, and on to today's (a list of 2023 names the communes of 2023).
        const onwards = succession(units.byId, m.unit, '9999-12-31', where.position).path.slice(1);
        const chain = [...m.history, ...onwards];
        unitHistory = chain.map((u, k) => ({ id: u.id, validFrom: u.validFrom, validTo: k === chain.length - 1 ? null : u.validTo }));
        labels = { district: null, commune: null };
      } else {
        const column: ColumnKey = where.fromAddress ? 'address' : m.level === 'commune' ? 'commune' : m.level === 'district' ? 'district' : 'province';
        const value = (m.level === 'commune' ? where.names.commune : m.level === 'district' ? where.names.district : where.names.province) ?? '';
        const candidates = m.reason === 'ambiguous' || m.reason === 'divided' ? candidateList(units, m.candidates) : '';
        warnings.push({ row: rec.row, column: columnLabel(column), cell: null, code: `unit_${m.reason}`, params: { value, date: formatDate(asOf), candidates } });
        labels = { district: where.names.district ?? null, commune: where.names.commune ?? null };
      }
    } else if (hasUnits && (present.has('district') || present.has('commune') || present.has('province'))) {
      labels = { district: null, commune: null };
    }
    const fields: string[] = [];
    let locationChanges = false;
    if (existing) {
      const diff = (key: ColumnKey, a: unknown, b: unknown) => {
        if (present.has(key) && a !== b) fields.push(columnLabel(key));
      };
      diff('name', rec.name, existing.name);
      if (rec.shortName) diff('shortName', rec.shortName, existing.short_name);
      diff('level', rec.level, existing.level);
      if (rec.ownership) diff('ownership', rec.ownership, existing.ownership);
      diff('areaType', rec.areaType, existing.area_type);
      diff('address', rec.address, existing.address);
      diff('students', rec.students, existing.students);
      diff('teachers', rec.teachers, existing.teachers);
      diff('classes', rec.classes, existing.classes);
      diff('principal', rec.principalName, existing.principal_name);
      diff('phone', rec.phone, existing.phone);
      diff('email', rec.email, existing.email);
      const c = caps.get(existing.id) ?? { strength: [], need: [] };
      if (rec.strengths && !sameCaps(rec.strengths, c.strength)) fields.push(columnLabel('strengths'));
      if (rec.needs && !sameCaps(rec.needs, c.need)) fields.push(columnLabel('needs'));
      // Blank position cells keep the position a school entered itself (a list seldom has them all).
      if (rec.coordinates && rec.coordinates.latitude !== existing.latitude) fields.push(columnLabel('latitude'));
      if (rec.coordinates && rec.coordinates.longitude !== existing.longitude) fields.push(columnLabel('longitude'));
      if (unitId && current.get(existing.id) !== unitId) locationChanges = true;
      if (labels && (labels.district !== existing.district_label || labels.commune !== existing.commune_label)) locationChanges = true;
      if (locationChanges) fields.push(columnLabel(rec.commune || present.has('commune') ? 'commune' : 'district'));
    }
    const action: ImportChange['action'] = !existing ? 'create' : fields.length ? 'update' : 'unchanged';
    out.push({ rec, existing, action, fields, unitId, unitHistory, labels, locationChanges });
  }
  return out;
}

/** A name as people read it: case and spacing aside, diacritics count ("Việt Hưng" ≠ "Việt Hùng"). */
const sameName = (name: string) => cleanText(name).toLocaleLowerCase('vi');

/**
 * A school whose name is another's — in the registry or earlier in the file — under another
 * code is worth a look (the same school entered twice?), not an error: schools of different
 * communes may share a name. The folded keys found the candidates; the names themselves must
 * be the same.
 */
async function warnSameNames(records: ImportedSchool[], existing: { code: string; name: string; name_key: string }[], warnings: ImportIssue[]) {
  const byName = new Map<string, string[]>();
  for (const s of existing) {
    const n = sameName(s.name);
    const list = byName.get(n);
    if (list) list.push(s.code);
    else byName.set(n, [s.code]);
  }
  const inFile = new Map<string, { code: string; row: number }>();
  for (let i = 0; i < records.length; i++) {
    if (i % 2000 === 1999) await yieldToEventLoop();
    const rec = records[i]!;
    const name = sameName(rec.name);
    const others = (byName.get(name) ?? []).filter((c) => c !== rec.code);
    const earlier = inFile.get(name);
    if (earlier && earlier.code !== rec.code) {
      warnings.push({ row: rec.row, column: columnLabel('name'), cell: null, code: 'same_name_in_file', params: { name: rec.name, row: earlier.row } });
    } else if (others.length) {
      const codes = others.length > 3 ? `${others.slice(0, 3).join(', ')}… (${others.length})` : others.join(', ');
      warnings.push({ row: rec.row, column: columnLabel('name'), cell: null, code: 'same_name', params: { name: rec.name, codes } });
    }
    if (!earlier) inFile.set(name, { code: rec.code, row: rec.row });
  }
}

async function write(trx: Db, ctx: CallContext, planned: Planned[], present: Set<ColumnKey>, opts: ImportOptions) {
  const work = planned.filter((p) => p.action !== 'unchanged');
  let done = 0;
  const ids = new Map<string, string>();
  for (let i = 0; i < work.length; i += CHUNK) {
    const chunk = work.slice(i, i + CHUNK);
    const values = chunk.map(({ rec, existing, labels }) => {
      const shortName = rec.shortName ?? (existing && existing.name === rec.name ? existing.short_name : defaultShortName(rec.name));
      const keep = <T>(key: ColumnKey, value: T, old: T | undefined, fallback: T): T => (present.has(key) ? value : existing ? (old as T) : fallback);
      return {
        code: rec.code,
        name: rec.name,
        shortName,
        level: rec.level,
        ownership: rec.ownership ?? existing?.ownership ?? 'public',
        areaType: rec.areaType,
        address: keep('address', rec.address, existing?.address, null),
        students: keep('students', rec.students, existing?.students, null),
        teachers: keep('teachers', rec.teachers, existing?.teachers, null),
        classes: keep('classes', rec.classes, existing?.classes, null),
        principalName: keep('principal', rec.principalName, existing?.principal_name, null),
        phone: keep('phone', rec.phone, existing?.phone, null),
        email: keep('email', rec.email, existing?.email, null),
        latitude: rec.coordinates?.latitude ?? existing?.latitude ?? null,
        longitude: rec.coordinates?.longitude ?? existing?.longitude ?? null,
        districtLabel: labels ? labels.district : (existing?.district_label ?? null),
        communeLabel: labels ? labels.commune : (existing?.commune_label ?? null),
      };
    });
    // By code: an existing school is updated, a new one created (the one function that writes school rows).
    const rows = await writeSchoolRows(trx, values, { onCodeConflict: 'update' });
    for (const r of rows) ids.set(r.code, r.id);

    const renamed = chunk.filter((p) => p.existing && p.existing.name !== p.rec.name);
    if (renamed.length) {
      await insertNameHistory(
        trx,
        renamed.map((p) => ({ school_id: p.existing!.id, name: p.existing!.name, short_name: p.existing!.short_name, valid_to: opts.asOf })),
      );
    }

    // Locations: a new school (or one never located) gets the whole chain of units the
    // file's names lead through; a school that moved gets a new location from the date.
    const chunkIds = chunk.map((p) => ids.get(p.rec.code)!);
    const located = await schoolIdsWithLocations(trx, chunkIds.filter((_, k) => chunk[k]!.existing));
    const fresh: { school_id: string; admin_unit_id: string; valid_from: string; valid_to: string | null }[] = [];
    for (const p of chunk) {
      if (!p.unitId) continue;
      const id = ids.get(p.rec.code)!;
      if (!p.existing || !located.has(id)) {
        p.unitHistory.forEach((u, k) => {
          const from = k === 0 ? (u.validFrom < opts.asOf ? u.validFrom : opts.asOf) : u.validFrom;
          fresh.push({ school_id: id, admin_unit_id: u.id, valid_from: from, valid_to: u.validTo });
        });
      } else if (p.locationChanges) {
        await moveSchool(trx, id, p.unitId, opts.asOf);
      }
    }
    await insertLocations(trx, fresh);

    for (const kind of ['strength', 'need'] as const) {
      const pick = (p: Planned) => (kind === 'strength' ? p.rec.strengths : p.rec.needs);
      const touched = chunk.filter((p) => pick(p) !== null);
      if (!touched.length) continue;
      await replaceCapabilities(
        trx,
        touched.map((p) => ids.get(p.rec.code)!),
        kind,
        touched.flatMap((p) => pick(p)!.map((e) => ({ schoolId: ids.get(p.rec.code)!, areaCode: e.areaCode, level: e.level, note: null }))),
      );
    }
    done += chunk.length;
    await opts.onProgress?.('writing', done, work.length);
    await yieldToEventLoop();
  }
  const created = planned.filter((p) => p.action === 'create');
  const updated = planned.filter((p) => p.action === 'update');
  await recordAudit(trx, ctx, {
    action: 'school.import',
    entity: 'school_import',
    entityId: opts.jobId ?? null,
    after: {
      fileName: opts.fileName,
      asOf: opts.asOf,
      created: created.length,
      updated: updated.length,
      createdCodes: created.map((p) => p.rec.code),
      updatedCodes: updated.map((p) => ({ code: p.rec.code, fields: p.fields })),
    },
  });
}

/**
 * Read, check and (unless a dry run) apply one file. A file with bad rows (or not an .xlsx at
 * all) is refused in the outcome, which says why; a damaged zip or one unsafe to open, too many
 * rows, a cell too long or the time limit throw a DomainError.
 */
export async function importSchools(db: Kysely<Database>, ctx: CallContext, opts: ImportOptions): Promise<ImportOutcome> {
  authorize(ctx.actor, 'school.import');
  const empty = { created: 0, updated: 0, unchanged: 0, warnings: [], changes: [] };
  const areas = (await listAllCapabilityAreas(db)).map((a) => ({ code: a.code, nameVi: a.name_vi }));
  // Not a zip at all (a CSV, a PDF renamed): the user sent the wrong kind of file.
  if (opts.file.length < 4 || opts.file.readUInt32LE(0) !== 0x04034b50) {
    return { ok: false, dryRun: opts.dryRun, rows: 0, ...empty, errors: [{ row: 0, column: null, cell: null, code: 'unreadable', params: {} }] };
  }
  await opts.onProgress?.('reading', 0, 0);
  // A zip that is damaged or unsafe to open throws (the job fails with the reason).
  let reported: Promise<void> = Promise.resolve();
  const parsed = await parseSchoolSheet(opts.file, areas, {
    timeLimitMs: opts.timeLimitMs,
    signal: opts.signal,
    onRows: (rows) => (reported = reported.then(() => opts.onProgress?.('reading', rows, 0)).catch(() => {})),
  });
  await reported;
  const rows = parsed.dataRows;
  if (!parsed.errors.length && rows === 0) parsed.errors.push({ row: 0, column: null, cell: null, code: 'empty', params: {} });
  if (parsed.errors.length) {
    parsed.errors.sort((a, b) => a.row - b.row);
    return { ok: false, dryRun: opts.dryRun, rows, ...empty, errors: parsed.errors };
  }
  await opts.onProgress?.('checking', rows, rows);
  const units = await loadUnitIndex(db);

  const summarize = (planned: Planned[], warnings: ImportIssue[]): ImportOutcome => ({
    ok: true,
    dryRun: opts.dryRun,
    rows,
    created: planned.filter((p) => p.action === 'create').length,
    updated: planned.filter((p) => p.action === 'update').length,
    unchanged: planned.filter((p) => p.action === 'unchanged').length,
    errors: [],
    warnings: warnings.sort((a, b) => a.row - b.row),
    changes: planned.map((p) => ({ row: p.rec.row, code: p.rec.code, name: p.rec.name, action: p.action, fields: p.fields })),
  });

  if (opts.dryRun) {
    const warnings: ImportIssue[] = [...parsed.warnings];
    const planned = await plan(db, parsed.records, parsed.present, opts.asOf, units, warnings);
    return summarize(planned, warnings);
  }
  return db.transaction().execute(async (trx) => {
    // One import writes at a time: two overlapping files could otherwise both create a code.
    await lockForTransaction(trx, LOCK_KEYS.schoolImport);
    const warnings: ImportIssue[] = [...parsed.warnings];
    const planned = await plan(trx, parsed.records, parsed.present, opts.asOf, units, warnings);
    await write(trx, ctx, planned, parsed.present, opts);
    const outcome = summarize(planned, warnings);
    await opts.onWritten?.(trx, outcome);
    return outcome;
  });
}
