/**
 * Placeholders of an MoU's text. A draft keeps them as they are (`{phase}`, `{from}`…);
 * they are filled when the document is shown or rendered (preview, DOCX, PDF), from the
 * campaign and the version's own period, parties and date. So changing a draft's phase
 * changes the title and every article that names it, and a text copied into a next phase
 * follows that phase.
 *
 * Pure: plain data in, plain data out.
 */
import { formatDate } from '#src/core/vn/format.ts';
import { MOVEMENT_TITLE, SEED_MOU_TEMPLATE } from './seed-template.ts';
import type { MouContent } from './types.ts';

/** The placeholders a template or a draft may hold, in the order the editor lists them. */
export const MOU_PLACEHOLDERS = [
  '{A}',
  '{B}',
  '{parties}',
  '{phase}',
  '{from}',
  '{until}',
  '{campaignNumber}',
  '{campaignDate}',
  '{campaignIssuer}',
  '{movement}',
] as const;
export type MouPlaceholder = (typeof MOU_PLACEHOLDERS)[number];

/** What the placeholders are filled with. */
export interface MouFillValues {
  /** The parties as the document names them ("Trường TH Chu Phan huyện Mê Linh"), in order. */
  parties: readonly string[];
  /** The version's phase: "2023-2025". */
  phase: string;
  /** The version's date (ISO): the month it starts from. */
  datedOn: string;
  /** The campaign the MoU implements. */
  campaign: { number: string; issuedOn: string; issuer: string; title: string };
}

/** "2023-2025" as the articles write it: "2023 - 2025"; a one-year phase is its year. */
export function phaseText(phase: string): string {
  const m = /^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$/u.exec(phase);
  if (!m) return phase.trim();
  return m[1] === m[2] ? m[1]! : `${m[1]} - ${m[2]}`;
}

/** The years of a phase "2023-2025", or null. */
export function phaseYears(phase: string): { start: number; end: number } | null {
  const m = /^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$/u.exec(phase);
  return m ? { start: Number(m[1]), end: Number(m[2]) } : null;
}

/** Điều 3's start: the month of the document's date, "3/2023". */
export const fromMonth = (datedOn: string): string => `${Number(datedOn.slice(5, 7))}/${datedOn.slice(0, 4)}`;

/** Điều 3's end: December of the phase's last year, "12/2025". */
export const untilMonth = (phase: string): string => `12/${phaseYears(phase)?.end ?? phase.slice(-4)}`;

/**
 * The months an MoU version runs, as its Điều 3 says ("Từ tháng 3/2023 đến hết tháng 12/2025"):
 * from the month of its date — or the phase's first month when signed before the phase begins —
 * to December of the phase's last year.
 */
export function mouTerm(v: { phase: string; datedOn: string }): { from: string; until: string } {
  const years = phaseYears(v.phase);
  return { from: years && Number(v.datedOn.slice(0, 4)) < years.start ? `1/${years.start}` : fromMonth(v.datedOn), until: untilMonth(v.phase) };
}

/** Every placeholder's value. */
export function placeholderValues(v: MouFillValues): Record<string, string> {
  const { parties } = v;
  const joined = parties.length <= 1 ? (parties[0] ?? '') : `${parties.slice(0, -1).join(', ')} và ${parties[parties.length - 1]}`;
  return {
    parties: joined,
    phase: phaseText(v.phase),
    ...mouTerm(v),
    campaignNumber: v.campaign.number,
    campaignDate: formatDate(v.campaign.issuedOn),
    campaignIssuer: v.campaign.issuer,
    movement: v.campaign.title,
  };
}

/** One paragraph with its placeholders filled; unknown ones (`{X}` without a party X) stay. */
export function fillText(text: string, v: MouFillValues, values = placeholderValues(v)): string {
  return text.replace(/\{([A-Za-z]+)\}/gu, (m, name: string) => {
    if (/^[A-Z]$/u.test(name)) return v.parties[name.charCodeAt(0) - 65] ?? m;
    return values[name] ?? m;
  });
}

/** The text as the document shows it: every placeholder filled. */
export function renderMouContent(content: MouContent, v: MouFillValues): MouContent {
  const values = placeholderValues(v);
  const fill = (s: string) => fillText(s, v, values);
  return {
    preamble: content.preamble.map(fill),
    articles: content.articles.map((a) => ({ ...a, title: fill(a.title), clauses: a.clauses.map(fill) })),
  };
}

/** The placeholders a text uses. */
export function placeholdersIn(content: MouContent): string[] {
  const all = [...content.preamble, ...content.articles.flatMap((a) => [a.title, ...a.clauses])].join('\n');
  return [...new Set(all.match(/\{[A-Za-z]+\}/gu) ?? [])];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/**
 * The reverse of filling: a text written out for one phase (the seed MoU of 2023, a signed
 * version, a template typed with its years) turned back into placeholders, so that it
 * follows the phase, the campaign and the parties it is used with next. What is known is
 * replaced: the parties' names, the campaign's number, date, issuer and movement; and in any
 * case the period — "giai đoạn 2023-2025" → "giai đoạn {phase}", "Từ tháng 3/2023 đến hết
 * tháng 12/2025" → "Từ tháng {from} đến hết tháng {until}".
 */
export function templatise(content: MouContent, known: { parties?: readonly string[]; campaign?: MouFillValues['campaign'] } = {}): MouContent {
  const swaps: [RegExp, string][] = [];
  // Longest first, so "Trường TH Ái Mộ B quận Long Biên" is replaced before "Trường TH Ái Mộ B".
  (known.parties ?? [])
    .map((name, i) => [name, `{${String.fromCharCode(65 + i)}}`] as const)
    .filter(([name]) => name.trim().length > 0)
    .sort((a, b) => b[0].length - a[0].length)
    .forEach(([name, ph]) => swaps.push([new RegExp(escapeRe(name), 'gu'), ph]));
  if (known.campaign) {
    const c = known.campaign;
    for (const [value, ph] of [
      [c.title, '{movement}'],
      [c.issuer, '{campaignIssuer}'],
      [c.number, '{campaignNumber}'],
      [formatDate(c.issuedOn), '{campaignDate}'],
    ] as const) {
      if (value.trim().length >= 3) swaps.push([new RegExp(escapeRe(value), 'gu'), ph]);
    }
  }
  swaps.push([/(Từ tháng\s+)\d{1,2}\s*\/\s*\d{4}(\s+đến hết tháng\s+)\d{1,2}\s*\/\s*\d{4}/giu, '$1{from}$2{until}']);
  swaps.push([/(giai đoạn\s+)\d{4}\s*[-–]\s*\d{4}/giu, '$1{phase}']);
  const swap = (s: string) => swaps.reduce((acc, [re, ph]) => acc.replace(re, ph), s);
  return {
    preamble: content.preamble.map(swap),
    articles: content.articles.map((a) => ({ ...a, title: swap(a.title), clauses: a.clauses.map(swap) })),
  };
}

/**
 * The phase of an MoU drafted on `year` under a campaign of `start`–`end`: from that year to
 * the campaign's end; before the campaign, the whole campaign; after it (an ended campaign,
 * confirmed), the whole campaign too — never a phase outside the campaign's period.
 */
export function mouPhaseIn(start: number, end: number, year: number): string {
  if (year < start || year > end) return `${start}-${end}`;
  return `${year}-${end}`;
}

/** Whether a phase "2023-2025" lies within a campaign of `start`–`end`. */
export function phaseWithinCampaign(phase: string, start: number, end: number): boolean {
  const y = phaseYears(phase);
  return Boolean(y && y.start <= y.end && y.start >= start && y.end <= end);
}

/**
 * The campaign template every new campaign (and the demo's) starts from: the seed MoU's
 * articles with placeholders where the seed wrote its own period, plan and parties — the
 * legal basis cites the campaign, Điều 3 runs from the month of signing to the end of the
 * MoU's phase.
 */
export const MOU_TEMPLATE: MouContent = (() => {
  const t = templatise(SEED_MOU_TEMPLATE, { campaign: { number: '4340/KH-SGDĐT', issuedOn: '2022-12-12', issuer: 'Sở GDĐT Hà Nội', title: MOVEMENT_TITLE } });
  return {
    preamble: ['Căn cứ Kế hoạch số {campaignNumber} ngày {campaignDate} của {campaignIssuer} về việc tổ chức phong trào "{movement}" giai đoạn {phase};', ...t.preamble.slice(1)],
    articles: t.articles,
  };
})();

/**
 * A campaign template saved before placeholders covered the period (the demo's seed text, the
 * default template of a campaign created then): its basis line and Điều 3, when they are
 * exactly the seed's or the old default's, become the placeholders of `MOU_TEMPLATE`. Anything
 * the department wrote itself stays as written.
 */
export function upgradeLegacyTemplate(
  template: MouContent,
  campaign: MouFillValues['campaign'] & { phaseStartYear: number; phaseEndYear: number },
): MouContent {
  const oldDefaultBasis = `Căn cứ Kế hoạch số ${campaign.number} ngày ${formatDate(campaign.issuedOn)} của ${campaign.issuer} về việc tổ chức phong trào "${campaign.title}" giai đoạn ${campaign.phaseStartYear}-${campaign.phaseEndYear};`;
  const basis = MOU_TEMPLATE.preamble[0]!;
  const seedDuration = SEED_MOU_TEMPLATE.articles.find((a) => a.number === 3)?.clauses[0];
  const duration = MOU_TEMPLATE.articles.find((a) => a.number === 3)!.clauses[0]!;
  return {
    preamble: template.preamble.map((p) => (p === SEED_MOU_TEMPLATE.preamble[0] || p === oldDefaultBasis ? basis : p)),
    articles: template.articles.map((a) => ({ ...a, clauses: a.clauses.map((c) => (c === seedDuration ? duration : c)) })),
  };
}
