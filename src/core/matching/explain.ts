/**
 * Plain-language explanations of proposed pairs, in Vietnamese and English, from the stored
 * evaluation (so a pair of an old run is explained exactly as it was scored):
 * "TH Ái Mộ B mạnh về Tiếng Anh, TH Chu Phan cần hỗ trợ Tiếng Anh; cách 31 km; cả hai trường đều chọn nhau".
 *
 * The criteria that brought points are named (and, when the run weighs distance, the distance
 * or the missing coordinates). Pure.
 */
import type { PairEvaluation } from './criteria.ts';

export type ExplainLocale = 'vi' | 'en';

export interface AreaName {
  nameVi: string;
  nameEn: string;
}

export interface ExplainNames {
  left: string;
  right: string;
  /** capability_area code → names; unknown codes are shown as the code. */
  areas: ReadonlyMap<string, AreaName>;
  /**
   * The run weighs distance (or limits it): then the distance is said even when it brought no
   * points, and a school without coordinates is named as such.
   */
  distanceMatters?: boolean;
  /** Names of the pair's schools that have no coordinates. */
  withoutPosition?: readonly string[];
}

/** "Tiếng Anh (Ngoại ngữ 1)" → "Tiếng Anh": the bracket only details the registry's label. */
function shortArea(name: string): string {
  return name.replace(/\s*\([^)]*\)\s*$/u, '').trim() || name;
}

function areaName(code: string, names: ExplainNames, locale: ExplainLocale): string {
  const a = names.areas.get(code);
  if (!a) return code;
  return shortArea(locale === 'vi' ? a.nameVi : a.nameEn);
}

/** "A, B và C"; a name that has "và"/"and" or a comma of its own is quoted, so the list stays readable. */
function joinList(items: string[], locale: ExplainLocale): string {
  const and = locale === 'vi' ? ' và ' : ' and ';
  const quoted = items.map((x) => (x.includes(and) || x.includes(',') ? `“${x}”` : x));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')}${and}${quoted[quoted.length - 1]}`;
}

/** "cần hỗ trợ Hỗ trợ học sinh khó khăn" → "cần hỗ trợ học sinh khó khăn". */
function needName(name: string, locale: ExplainLocale): string {
  if (locale === 'vi') return name.replace(/^hỗ trợ\s+/iu, '');
  // "needs support with students in hardship", not "… in Support for students in hardship"
  return name.replace(/^support (for|to|with)\s+/iu, '');
}

const numberFormat = { vi: new Intl.NumberFormat('vi-VN'), en: new Intl.NumberFormat('en-US') };

/** The reasons, one phrase per criterion that scored, in a fixed order. */
export function explanationParts(ev: PairEvaluation, names: ExplainNames, locale: ExplainLocale, locked = false): string[] {
  const out: string[] = [];
  const vi = locale === 'vi';
  if (locked) out.push(vi ? 'cặp được giữ cố định' : 'pair kept (locked)');
  if (ev.points.complement > 0) {
    for (const giver of ['left', 'right'] as const) {
      const areas = ev.matches.filter((m) => m.giver === giver).map((m) => areaName(m.area, names, locale));
      if (!areas.length) continue;
      const strong = giver === 'left' ? names.left : names.right;
      const needy = giver === 'left' ? names.right : names.left;
      const list = joinList(areas, locale);
      const needs = joinList(areas.map((a) => needName(a, locale)), locale);
      out.push(vi ? `${strong} mạnh về ${list}, ${needy} cần hỗ trợ ${needs}` : `${strong} is strong in ${list}, ${needy} needs support with ${needs}`);
    }
  }
  if (ev.distanceKm !== null && (ev.points.distance > 0 || names.distanceMatters)) {
    const km = Math.round(ev.distanceKm);
    if (km < 1) out.push(vi ? 'cách nhau dưới 1 km' : 'less than 1 km apart');
    else out.push(vi ? `cách ${numberFormat.vi.format(km)} km` : `${numberFormat.en.format(km)} km apart`);
  } else if (ev.distanceKm === null && names.distanceMatters && names.withoutPosition?.length) {
    const who = joinList([...names.withoutPosition], locale);
    out.push(vi ? `chưa có tọa độ của ${who} nên chưa tính được khoảng cách` : `no coordinates for ${who}, so the distance is not known`);
  }
  if (ev.points.wishes > 0) {
    const l = ev.leftWishRank;
    const r = ev.rightWishRank;
    if (l !== null && r !== null) {
      out.push(vi ? `cả hai trường đều chọn nhau (nguyện vọng ${l} và ${r})` : `both schools chose each other (wishes ${l} and ${r})`);
    } else if (l !== null) {
      out.push(vi ? `${names.left} chọn ${names.right} (nguyện vọng ${l})` : `${names.left} chose ${names.right} (wish ${l})`);
    } else if (r !== null) {
      out.push(vi ? `${names.right} chọn ${names.left} (nguyện vọng ${r})` : `${names.right} chose ${names.left} (wish ${r})`);
    }
  }
  if (ev.points.size > 0) {
    const [a, b] = ev.students;
    if (a && b) {
      const fa = numberFormat[locale].format(a);
      const fb = numberFormat[locale].format(b);
      const close = Math.min(a, b) / Math.max(a, b) >= 0.75;
      if (vi) out.push(close ? `quy mô tương đương (${fa} và ${fb} học sinh)` : `quy mô ${fa} và ${fb} học sinh`);
      else out.push(close ? `similar size (${fa} and ${fb} students)` : `sizes ${fa} and ${fb} students`);
    }
  }
  const scored = ev.points.complement > 0 || ev.points.distance > 0 || ev.points.wishes > 0 || ev.points.size > 0;
  if (!scored && locked) out.push(vi ? 'không tiêu chí nào ghi điểm' : 'no criterion scored');
  else if (!scored) {
    out.push(
      vi
        ? 'không tiêu chí nào ghi điểm; cặp được ghép để có thêm trường được kết nghĩa'
        : 'no criterion scored; paired so that more schools get a partner',
    );
  }
  return out;
}

/** One sentence, the first letter capitalised. */
export function explainPair(ev: PairEvaluation, names: ExplainNames, locale: ExplainLocale, locked = false): string {
  const text = explanationParts(ev, names, locale, locked).join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
