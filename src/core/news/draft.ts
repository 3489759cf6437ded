/**
 * A news post drafted from an activity's record, in the style of the seed article
 * (../shared/seeds/news-article-nhan-chinh-ptdtnt.txt): the legal basis, who met, when,
 * where, who attended, what was said and what was agreed. Pure: the caller loads the
 * record (schools named as of the activity's day) and gets a title, a summary and HTML
 * the school then edits.
 */
import { formatDate } from '#src/core/vn/format.ts';

export interface NewsDraftSchool {
  id: string;
  /** "Trường THPT Nhân Chính" */
  name: string;
  /** "THPT Nhân Chính" */
  shortName: string;
  /** The unit as of the activity's day: "quận Thanh Xuân" (empty when unknown). */
  unitLine: string;
}

export interface NewsDraftInput {
  campaign: { number: string; issuedOn: string; issuer: string; title: string };
  /** The phase the pair's MoU covers: "2023-2025" (null when none is signed yet). */
  phase: string | null;
  activity: {
    kindCode: string;
    kindName: string;
    title: string;
    startsOn: string;
    endsOn: string | null;
    hostSchoolId: string | null;
    place: string | null;
    mode: 'in-person' | 'online';
    subject: string | null;
    description: string | null;
    outcome: string | null;
  };
  /** The pair's schools, in the pair's order. */
  schools: NewsDraftSchool[];
  participants: { schoolId: string; teachers: number; staff: number; students: number }[];
  people: { schoolId: string; displayName: string }[];
}

export interface NewsDraft {
  title: string;
  summary: string;
  bodyHtml: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;').replace(/'/gu, '&#39;');
}

const COUNT_WORDS = ['', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu'];
/** "hai đơn vị", "ba đơn vị", "các đơn vị". */
const unitsWord = (n: number) => (COUNT_WORDS[n] ? `${COUNT_WORDS[n]} đơn vị` : 'các đơn vị');
const schoolsWord = (n: number) => (COUNT_WORDS[n] ? `${COUNT_WORDS[n]} nhà trường` : 'các nhà trường');

function joinVi(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} và ${items[items.length - 1]}`;
}

const withUnit = (s: NewsDraftSchool) => (s.unitLine ? `${s.name} (${s.unitLine})` : s.name);

/** "ngày 25/10/2023" or "từ ngày 06/12/2025 đến ngày 07/12/2025". */
export function whenText(startsOn: string, endsOn: string | null): string {
  return endsOn && endsOn !== startsOn ? `từ ngày ${formatDate(startsOn)} đến ngày ${formatDate(endsOn)}` : `ngày ${formatDate(startsOn)}`;
}

const capitalize = (s: string) => (s ? s[0]!.toLocaleUpperCase('vi-VN') + s.slice(1) : s);
const sentence = (s: string) => {
  const t = s.trim();
  return /[.!?…:]$/u.test(t) ? t : `${t}.`;
};

/** Who of each school took part, in words: "14 cán bộ, giáo viên, 4 nhân viên của Trường THPT Nhân Chính". */
function attendanceOf(input: NewsDraftInput): string[] {
  const out: string[] = [];
  for (const s of input.schools) {
    const p = input.participants.find((x) => x.schoolId === s.id);
    if (!p) continue;
    const parts: string[] = [];
    if (p.teachers) parts.push(`${p.teachers} cán bộ, giáo viên`);
    if (p.staff) parts.push(`${p.staff} nhân viên`);
    if (p.students) parts.push(`${p.students} học sinh`);
    if (!parts.length) continue;
    const named = input.people.filter((x) => x.schoolId === s.id).map((x) => x.displayName);
    out.push(`${joinVi(parts)} của ${s.name}${named.length ? ` (trong đó có ${joinVi(named)})` : ''}`);
  }
  return out;
}

export function draftNewsPost(input: NewsDraftInput): NewsDraft {
  const { activity: a, schools, campaign } = input;
  const host = schools.find((s) => s.id === a.hostSchoolId) ?? null;
  const n = schools.length;
  const shortNames = joinVi(schools.map((s) => s.shortName));
  const title = `${a.title.trim()} giữa ${shortNames}`.replace(/\s+/gu, ' ');
  const when = whenText(a.startsOn, a.endsOn);
  const where =
    a.mode === 'online'
      ? 'theo hình thức trực tuyến'
      : a.place?.trim()
        ? `tại ${a.place.trim()}`
        : host
          ? `tại ${host.name}`
          : '';

  const paragraphs: string[] = [];
  const phase = input.phase ? ` giai đoạn ${input.phase}` : '';
  paragraphs.push(
    `Thực hiện Kế hoạch số ${campaign.number} ngày ${formatDate(campaign.issuedOn)} của ${campaign.issuer}, ${joinVi(schools.map(withUnit))} đã xây dựng và triển khai thực hiện kế hoạch tổ chức phong trào “${campaign.title}”${phase}.`,
  );
  const activityName = a.title.trim().replace(/^./u, (c) => c.toLocaleLowerCase('vi-VN'));
  // A place away from the host school names the host; with no place the host school is the place.
  const place = a.place?.trim() ?? '';
  const hosted = host && a.mode !== 'online' && place && !place.includes(host.shortName) ? `, do ${host.name} đăng cai` : '';
  paragraphs.push(`${capitalize(when)}, ${unitsWord(n)} đã tổ chức ${activityName}${where ? ` ${where}` : ''}${hosted}${a.subject ? ` (môn ${a.subject.trim()})` : ''}.`);
  const attendance = attendanceOf(input);
  if (attendance.length) paragraphs.push(`Tham dự có ${joinVi(attendance)}.`);
  if (a.description?.trim()) paragraphs.push(sentence(a.description));

  const html: string[] = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`);
  if (a.outcome?.trim()) {
    const agreed = a.kindCode === 'signing-conference' ? `Sau khi thảo luận, ${unitsWord(n)} đã thống nhất:` : 'Kết quả đạt được:';
    // An outcome written as a list ("…: a; b; c") reads as one.
    const [lead, list] = splitList(a.outcome.trim());
    html.push(`<p>${escapeHtml(agreed)}${lead ? ` ${escapeHtml(sentence(lead).replace(/:$/u, '.'))}` : ''}</p>`);
    if (list.length) html.push(`<ul>${list.map((i) => `<li>${escapeHtml(capitalize(i))}</li>`).join('')}</ul>`);
  }
  html.push(
    `<p>${escapeHtml(`Hi vọng trong thời gian tới, ${schoolsWord(n)} sẽ tiếp tục cùng nhau chia sẻ, hợp tác và giúp đỡ nhau thực hiện thắng lợi nhiệm vụ năm học.`)}</p>`,
  );
  const summary = `${capitalize(when)}, ${shortNames} tổ chức ${activityName}${where ? ` ${where}` : ''}.`.replace(/\s+/gu, ' ');
  return { title, summary: summary.slice(0, 300), bodyHtml: html.join('\n') };
}

/** "Lead: a; b; c." → ["Lead:", ["a", "b", "c"]]; a text without ';' stays whole. */
function splitList(text: string): [string, string[]] {
  if (!text.includes(';')) return [text, []];
  const colon = text.indexOf(':');
  const lead = colon > 0 && colon < text.indexOf(';') ? text.slice(0, colon + 1) : '';
  const items = text
    .slice(lead.length)
    .split(';')
    .map((s) => s.trim().replace(/[.;]$/u, ''))
    .filter(Boolean);
  return [lead, items];
}
