/**
 * Reading the school lists departments really send: a title block above the
 * header, headers over one or two rows (group cells such as "Địa bàn" over
 * "Quận/Huyện | Xã/Phường | Khu vực"), columns in any order, spellings with or
 * without diacritics and `(*)` marks, numbers typed as text, NFD text, doubled
 * spaces. Pure: rows of cell values in, records and row-by-row errors out.
 */
import { cleanText, foldForSearch } from '#src/core/vn/text.ts';
import { isPhoneNumber } from '#src/core/vn/phone.ts';
import { inVietnam, parseAngle, parseCoordinatePair, parseCoordinates, type CoordinateProblem, type Coordinates } from './coordinates.ts';
import {
  parseAreaType,
  parseCapabilities,
  parseCount,
  parseLevel,
  parseOwnership,
  type AreaType,
  type CapabilityEntry,
  type Ownership,
  type SchoolLevel,
} from './school.ts';

export type Cell = string | number | boolean | Date | null | undefined;

export const IMPORT_COLUMNS = [
  { key: 'stt', label: 'STT', required: false, aliases: ['stt', 'tt', 'so tt', 'so thu tu'] },
  { key: 'code', label: 'Mã trường', required: true, aliases: ['ma truong', 'ma', 'ma so', 'ma don vi', 'ma truong hoc', 'ma so truong', 'school code', 'code'] },
  { key: 'name', label: 'Tên trường', required: true, aliases: ['ten truong', 'ten don vi', 'truong', 'ten', 'ten truong hoc', 'school name', 'name'] },
  { key: 'shortName', label: 'Tên viết tắt', required: false, aliases: ['ten viet tat', 'ten ngan', 'ten goi tat', 'short name'] },
  { key: 'level', label: 'Cấp học', required: true, aliases: ['cap hoc', 'cap', 'bac hoc', 'level'] },
  { key: 'ownership', label: 'Loại hình', required: false, aliases: ['loai hinh', 'loai hinh truong', 'cong lap tu thuc', 'ownership'] },
  { key: 'province', label: 'Tỉnh/Thành phố', required: false, aliases: ['tinh thanh pho', 'tinh tp', 'tinh', 'thanh pho', 'province'] },
  { key: 'district', label: 'Quận/Huyện', required: false, aliases: ['quan huyen', 'quan huyen thi xa', 'huyen', 'quan', 'quan huyen cu', 'district'] },
  { key: 'commune', label: 'Xã/Phường', required: false, aliases: ['xa phuong', 'phuong xa', 'xa phuong thi tran', 'phuong xa thi tran', 'phuong', 'xa', 'commune', 'ward'] },
  { key: 'address', label: 'Địa chỉ', required: false, aliases: ['dia chi', 'dia chi truong', 'address'] },
  { key: 'areaType', label: 'Khu vực', required: true, aliases: ['khu vuc', 'loai dia ban', 'dia ban khu vuc', 'khu vuc dia ban', 'vung', 'area type'] },
  { key: 'students', label: 'Số HS', required: false, aliases: ['so hs', 'so hoc sinh', 'hs', 'tong so hoc sinh', 'hoc sinh', 'students'] },
  { key: 'teachers', label: 'Số GV', required: false, aliases: ['so gv', 'so giao vien', 'gv', 'giao vien', 'tong so giao vien', 'teachers'] },
  { key: 'classes', label: 'Số lớp', required: false, aliases: ['so lop', 'lop', 'tong so lop', 'classes'] },
  { key: 'principal', label: 'Hiệu trưởng', required: false, aliases: ['hieu truong', 'ho ten hieu truong', 'ten hieu truong', 'ht', 'principal'] },
  { key: 'phone', label: 'Điện thoại', required: false, aliases: ['dien thoai', 'sdt', 'so dien thoai', 'dt', 'dien thoai lien he', 'phone'] },
  { key: 'email', label: 'Email', required: false, aliases: ['email', 'e mail', 'thu dien tu', 'dia chi email'] },
  { key: 'strengths', label: 'Thế mạnh', required: false, aliases: ['the manh', 'diem manh', 'strengths'] },
  { key: 'needs', label: 'Nhu cầu', required: false, aliases: ['nhu cau', 'nhu cau ho tro', 'can ho tro', 'needs'] },
  { key: 'latitude', label: 'Vĩ độ', required: false, aliases: ['vi do', 'latitude', 'lat'] },
  { key: 'longitude', label: 'Kinh độ', required: false, aliases: ['kinh do', 'longitude', 'lng', 'lon', 'long'] },
  /** Both numbers in one cell, as copied from a map ("21.0285, 105.8542"); read when the two columns are absent. */
  { key: 'coordinates', label: 'Tọa độ', required: false, aliases: ['toa do', 'toa do gps', 'gps', 'vi tri ban do', 'coordinates'] },
] as const;

/** Columns the template and the export write (the combined "Tọa độ" is only read). */
export const TEMPLATE_COLUMNS = IMPORT_COLUMNS.filter((c) => c.key !== 'coordinates');

export type ColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];
const COLUMN_BY_KEY = new Map(IMPORT_COLUMNS.map((c) => [c.key, c] as const));
export const columnLabel = (key: ColumnKey): string => COLUMN_BY_KEY.get(key)!.label;

const ALIAS_INDEX = new Map<string, ColumnKey>();
for (const c of IMPORT_COLUMNS) for (const a of c.aliases) ALIAS_INDEX.set(a, c.key);

/** The column a header cell names ("Mã trường (*)", "MA TRUONG", "Mã  trường"), or null. */
export function columnOfHeader(value: Cell): ColumnKey | null {
  if (value === null || value === undefined || value instanceof Date) return null;
  const key = foldForSearch(String(value));
  return ALIAS_INDEX.get(key) ?? null;
}

/** Excel's column letters: 1 → A, 28 → AB. */
export function columnLetter(index: number): string {
  let n = index;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export interface ImportIssue {
  /** Excel row number (1-based, as Excel shows it); 0 for the sheet as a whole */
  row: number;
  /** the column's canonical label ("Mã trường"), or null for the row as a whole */
  column: string | null;
  /** the cell address ("B11") when one cell is at fault */
  cell: string | null;
  /** message key (catalog `import.<code>`) and its parameters */
  code: string;
  params: Record<string, string | number>;
}

export interface ImportedSchool {
  row: number;
  code: string;
  name: string;
  shortName: string | null;
  level: SchoolLevel;
  ownership: Ownership | null;
  areaType: AreaType;
  province: string | null;
  district: string | null;
  commune: string | null;
  address: string | null;
  students: number | null;
  teachers: number | null;
  classes: number | null;
  principalName: string | null;
  phone: string | null;
  email: string | null;
  strengths: CapabilityEntry[] | null;
  needs: CapabilityEntry[] | null;
  /** null when the cells are empty (a present column then clears the school's position) */
  coordinates: Coordinates | null;
}

export interface HeaderInfo {
  /** the Excel rows that make up the header (one or two) */
  rows: number[];
  /** column index (1-based) → key */
  columns: Map<number, ColumnKey>;
}

const HEADER_SCAN_ROWS = 30;

function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return cleanText(String(cell));
}

function mapRow(cells: Cell[]): Map<number, ColumnKey> {
  const m = new Map<number, ColumnKey>();
  const seen = new Set<ColumnKey>();
  cells.forEach((c, i) => {
    const key = columnOfHeader(c);
    if (key && !seen.has(key)) {
      m.set(i, key);
      seen.add(key);
    }
  });
  return m;
}

/** Two header rows: a lower cell that names a column wins over the group cell above it. */
function mergeRows(top: Cell[], bottom: Cell[]): Map<number, ColumnKey> {
  const m = new Map<number, ColumnKey>();
  const seen = new Set<ColumnKey>();
  const width = Math.max(top.length, bottom.length);
  for (let i = 0; i < width; i++) {
    const key = columnOfHeader(bottom[i]) ?? columnOfHeader(top[i]);
    if (key && !seen.has(key)) {
      m.set(i, key);
      seen.add(key);
    }
  }
  return m;
}

/**
 * Find the header among the first rows: the row naming the most known columns,
 * joined with the row below (or above) when that adds columns, as a two-row header
 * with merged group cells does. Null when no row names at least two columns.
 */
export function detectHeader(rows: { row: number; cells: Cell[] }[]): HeaderInfo | null {
  let best = -1;
  let bestScore = 1;
  rows.slice(0, HEADER_SCAN_ROWS).forEach((r, i) => {
    const score = mapRow(r.cells).size;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  if (best < 0) return null;
  const single = mapRow(rows[best]!.cells);
  let header: HeaderInfo = { rows: [rows[best]!.row], columns: single };
  const below = rows[best + 1];
  const above = rows[best - 1];
  if (below && below.row === rows[best]!.row + 1) {
    const merged = mergeRows(rows[best]!.cells, below.cells);
    if (merged.size > header.columns.size) header = { rows: [rows[best]!.row, below.row], columns: merged };
  }
  if (header.rows.length === 1 && above && above.row === rows[best]!.row - 1) {
    const merged = mergeRows(above.cells, rows[best]!.cells);
    if (merged.size > header.columns.size) header = { rows: [above.row, rows[best]!.row], columns: merged };
  }
  return header;
}

/** The "(1) (2) (3) …" row many official forms put under the header. */
function isColumnNumberRow(cells: Cell[]): boolean {
  const filled = cells.map(text).filter(Boolean);
  return filled.length >= 3 && filled.every((v) => /^\(?\d{1,2}\)?$/u.test(v));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

/**
 * A phone number typed in a number cell loses its leading zero: a mobile (912345678,
 * 9 digits) or a landline with its area code (2439779824: 024 for Hà Nội, 10 digits
 * starting with 2); give it back. Other text is kept as written, cleaned.
 */
function parsePhone(cell: Cell): string | null {
  if (typeof cell === 'number' && Number.isInteger(cell)) {
    const s = String(cell);
    return s.length === 9 || (s.length === 10 && s.startsWith('2')) ? `0${s}` : s;
  }
  const t = text(cell);
  return t || null;
}

export interface ParseOutcome {
  header: HeaderInfo | null;
  records: ImportedSchool[];
  errors: ImportIssue[];
  /** rows kept as written but worth a look (a position outside Viet Nam) */
  warnings: ImportIssue[];
  /** the columns the file has: absent columns keep their current values on update */
  present: Set<ColumnKey>;
  /** data rows seen (not counting skipped empty rows) */
  dataRows: number;
}

/**
 * Row-by-row reader: push rows as they are read from the file (any order of
 * columns), then finish(). Keeps only the records, so a 45,000-row sheet is a few
 * tens of megabytes.
 */
export class SchoolSheetParser {
  private readonly pending: { row: number; cells: Cell[] }[] = [];
  private header: HeaderInfo | null = null;
  private headerDone = false;
  private readonly records: ImportedSchool[] = [];
  private readonly errors: ImportIssue[] = [];
  private readonly warnings: ImportIssue[] = [];
  private readonly codes = new Map<string, number>();
  private firstDataRow = true;
  private dataRows = 0;

  constructor(private readonly areas: { code: string; nameVi: string }[]) {}

  push(row: number, cells: Cell[]): void {
    if (!this.headerDone) {
      this.pending.push({ row, cells });
      if (this.pending.length >= HEADER_SCAN_ROWS) this.resolveHeader();
      return;
    }
    this.readRow(row, cells);
  }

  finish(): ParseOutcome {
    if (!this.headerDone) this.resolveHeader();
    // Nothing but held-back lines: they were the table after all (rows lacking every key field).
    if (this.dataRows === 0) for (const r of this.heldBack.splice(0)) this.checkRow(r.row, r.cells);
    for (const r of this.heldBack.splice(0)) {
      const words = r.cells.map(text).filter(Boolean).join(' · ');
      this.warnings.push({ row: r.row, column: null, cell: null, code: 'skipped_row', params: { text: words.length > 80 ? `${words.slice(0, 79)}…` : words } });
    }
    const present = new Set(this.header ? [...this.header.columns.values()] : []);
    // The combined "Tọa độ" column stands for the two when they are absent.
    if (present.has('coordinates') && !present.has('latitude') && !present.has('longitude')) present.add('latitude').add('longitude');
    return { header: this.header, records: this.records, errors: this.errors, warnings: this.warnings, present, dataRows: this.dataRows };
  }

  private resolveHeader(): void {
    this.headerDone = true;
    this.header = detectHeader(this.pending);
    if (!this.header) {
      this.errors.push({ row: 0, column: null, cell: null, code: 'no_header', params: { columns: requiredLabels() } });
      return;
    }
    const found = new Set(this.header.columns.values());
    for (const c of IMPORT_COLUMNS) {
      if (c.required && !found.has(c.key)) {
        this.errors.push({ row: this.header.rows[0]!, column: c.label, cell: null, code: 'missing_column', params: { column: c.label } });
      }
    }
    if (this.errors.length) return;
    const last = this.header.rows[this.header.rows.length - 1]!;
    for (const r of this.pending) if (r.row > last) this.readRow(r.row, r.cells);
    this.pending.length = 0;
  }

  /**
   * Lines with text but neither a valid level nor a valid area type ("Người lập biểu … Giám
   * đốc", "Hà Nội, ngày …", "Tổng cộng: 812 trường", in whatever column) are held back: under
   * the table they are its signature block, skipped with a warning that says so; followed by
   * more schools they were rows of the table, and are checked as such.
   */
  private readonly heldBack: { row: number; cells: Cell[] }[] = [];

  private readRow(row: number, cells: Cell[]): void {
    const header = this.header;
    if (!header || this.errors.some((e) => e.row === 0 || e.code === 'missing_column')) return;
    if (this.firstDataRow) {
      this.firstDataRow = false;
      if (isColumnNumberRow(cells)) return;
    }
    const at = (key: ColumnKey) => {
      for (const [i, k] of header.columns) if (k === key) return text(cells[i]);
      return '';
    };
    const level = at('level');
    const area = at('areaType');
    if (!(level && parseLevel(level)) && !(area && parseAreaType(area))) {
      if (at('name') || cells.some((c) => text(c))) this.heldBack.push({ row, cells });
      return;
    }
    for (const r of this.heldBack.splice(0)) this.checkRow(r.row, r.cells);
    this.checkRow(row, cells);
  }

  private checkRow(row: number, cells: Cell[]): void {
    const header = this.header!;
    const get = (key: ColumnKey): { value: Cell; index: number } | null => {
      for (const [i, k] of header.columns) if (k === key) return { value: cells[i], index: i };
      return null;
    };
    const codeCell = get('code');
    const nameCell = get('name');
    const code = text(codeCell?.value);
    const name = text(nameCell?.value);
    // Blank lines and totals under a school row have neither a code nor a name.
    if (!code && !name) return;
    this.dataRows++;

    const issue = (key: ColumnKey, code: string, params: Record<string, string | number> = {}, list = this.errors) => {
      const c = get(key);
      list.push({
        row,
        column: columnLabel(key),
        cell: c ? `${columnLetter(c.index + 1)}${row}` : null,
        code,
        params: { column: columnLabel(key), ...params },
      });
    };
    const before = this.errors.length;

    if (!code) issue('code', 'required');
    else if (code.length > 40) issue('code', 'too_long', { max: 40 });
    else if (this.codes.has(code)) issue('code', 'duplicate_code', { code, first: this.codes.get(code)! });
    else this.codes.set(code, row);
    if (!name) issue('name', 'required');
    else if (name.length > 200) issue('name', 'too_long', { max: 200 });

    const levelText = text(get('level')?.value);
    const level = levelText ? parseLevel(levelText) : null;
    if (!levelText) issue('level', 'required');
    else if (!level) issue('level', 'unknown_level', { value: levelText });

    const areaText = text(get('areaType')?.value);
    const areaType = areaText ? parseAreaType(areaText) : null;
    if (!areaText) issue('areaType', 'required');
    else if (!areaType) issue('areaType', 'unknown_area_type', { value: areaText });

    let ownership: Ownership | null = null;
    const ownershipText = text(get('ownership')?.value);
    if (ownershipText) {
      ownership = parseOwnership(ownershipText);
      if (!ownership) issue('ownership', 'unknown_ownership', { value: ownershipText });
    }

    const count = (key: 'students' | 'teachers' | 'classes'): number | null => {
      const c = get(key);
      if (!c || c.value === null || c.value === undefined || text(c.value) === '') return null;
      const n = parseCount(c.value);
      if (n === null) issue(key, 'not_a_count', { value: text(c.value) });
      else if (n > 100_000) issue(key, 'count_too_big', { value: text(c.value), max: '100.000' });
      return n;
    };
    const students = count('students');
    const teachers = count('teachers');
    const classes = count('classes');

    const phone = parsePhone(get('phone')?.value ?? null);
    if (phone && !isPhoneNumber(phone)) issue('phone', 'invalid_phone', { value: phone });
    const email = text(get('email')?.value).toLowerCase() || null;
    if (email && !EMAIL.test(email)) issue('email', 'invalid_email', { value: email });

    const capabilities = (key: 'strengths' | 'needs'): CapabilityEntry[] | null => {
      const c = get(key);
      if (!c) return null;
      const parsed = parseCapabilities(text(c.value), this.areas);
      if (parsed.unknown.length) issue(key, 'unknown_area', { value: parsed.unknown.join('; ') });
      if (parsed.badLevel.length) issue(key, 'bad_capability_level', { value: parsed.badLevel.join('; ') });
      return parsed.entries;
    };
    const strengths = capabilities('strengths');
    const needs = capabilities('needs');
    const coordinates = this.coordinates(get, issue);

    if (this.errors.length > before) return;
    const optional = (key: ColumnKey) => text(get(key)?.value) || null;
    this.records.push({
      row,
      code,
      name,
      shortName: optional('shortName'),
      level: level!,
      ownership,
      areaType: areaType!,
      province: optional('province'),
      district: optional('district'),
      commune: optional('commune'),
      address: optional('address'),
      students,
      teachers,
      classes,
      principalName: optional('principal'),
      phone,
      email,
      strengths,
      needs,
      coordinates,
    });
  }

  /** Vĩ độ and Kinh độ (two columns), else Tọa độ (one cell with both). */
  private coordinates(
    get: (key: ColumnKey) => { value: Cell; index: number } | null,
    issue: (key: ColumnKey, code: string, params?: Record<string, string | number>, list?: ImportIssue[]) => void,
  ): Coordinates | null {
    const value = (key: ColumnKey): string | number | null => {
      const v = get(key)?.value;
      return typeof v === 'number' ? v : text(v) || null;
    };
    const lat = value('latitude');
    const lon = value('longitude');
    const pair = value('coordinates');
    const twoColumns = lat !== null || lon !== null || !get('coordinates');
    const shown = twoColumns ? `${lat ?? '…'}; ${lon ?? '…'}` : String(pair);
    const parsed = twoColumns ? parseCoordinates(lat, lon) : parseCoordinatePair(String(pair ?? ''));
    if (!parsed.ok) {
      const column: ColumnKey = !twoColumns ? 'coordinates' : faultyColumn(parsed.problem, lat);
      issue(column, parsed.problem, { value: shown });
      return null;
    }
    if (parsed.value && !inVietnam(parsed.value)) issue(twoColumns ? 'latitude' : 'coordinates', 'outside_vietnam', { value: shown }, this.warnings);
    return parsed.value;
  }
}

/** Which of the two columns a coordinate problem points at. */
function faultyColumn(problem: CoordinateProblem, lat: string | number | null): ColumnKey {
  switch (problem) {
    case 'coordinates_incomplete':
      return lat === null ? 'latitude' : 'longitude';
    case 'not_a_coordinate':
      return parseAngle(lat!) === null ? 'latitude' : 'longitude';
    case 'longitude_range':
      return 'longitude';
    default:
      return 'latitude';
  }
}

function requiredLabels(): string {
  return IMPORT_COLUMNS.filter((c) => c.required)
    .map((c) => c.label)
    .join(', ');
}

/** The template's header cells: required columns marked `(*)`. */
export function templateHeaders(): string[] {
  return TEMPLATE_COLUMNS.map((c) => (c.required ? `${c.label} (*)` : c.label));
}
