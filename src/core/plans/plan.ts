/**
 * The yearly plan of a pair (Kế hoạch năm học): for one school year (September–May,
 * "2025-2026"), the goals (each naming the clauses of the MoU's Điều 1 it serves), the
 * activities planned month by month (kind, host school, person responsible) and the closing
 * paragraphs ("Tổ chức thực hiện").
 *
 * A version goes draft → submitted → approved (every member school's leader approved the
 * text whose SHA-256 they read) → superseded (a later version approved). A change after
 * approval is a new version; the difference between two versions is built from the pieces
 * shared with the MoU (`versions/diff.ts`). Items keep their `key` from version to version,
 * so an activity linked to an item stays linked when the plan changes. Pure.
 */
import { z } from 'zod';
import { multiLineText, singleLineText, isoDateText } from '#src/core/text-schema.ts';
import { diffFields, diffParagraphs, diffWords, type FieldChange, type ParagraphChange, type WordOp } from '#src/core/versions/diff.ts';

export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'superseded'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Text as stored and hashed: NFC, so "Mộ" typed on any keyboard is the same text. */
const nfc = <T extends z.ZodType<string>>(s: T) => s.transform((v) => v.normalize('NFC'));
const line = (max: number) => nfc(singleLineText().min(1).max(max));
const para = (max: number) => nfc(multiLineText().min(1).max(max));

/** "2025-2026": consecutive years. */
export const schoolYearSchema = z
  .string()
  .trim()
  .refine((v) => /^\d{4}-\d{4}$/u.test(v) && Number(v.slice(5)) === Number(v.slice(0, 4)) + 1 && Number(v.slice(0, 4)) >= 2000 && Number(v.slice(0, 4)) < 2100, {
    params: { key: 'school_year_format' },
  });

/** The months of a school year, September to May: "2025-09" … "2026-05". */
export function planMonths(schoolYear: string): string[] {
  const start = Number(schoolYear.slice(0, 4));
  const out: string[] = [];
  for (let m = 9; m <= 12; m++) out.push(`${start}-${String(m).padStart(2, '0')}`);
  for (let m = 1; m <= 5; m++) out.push(`${start + 1}-${String(m).padStart(2, '0')}`);
  return out;
}

/** "2025-09" → "Tháng 9/2025" (as the plan's document heads each month). */
export const monthLabelVi = (month: string): string => `Tháng ${Number(month.slice(5, 7))}/${month.slice(0, 4)}`;

export const planGoalSchema = z.strictObject({
  text: para(2000),
  /** Clause numbers (1-based) of the MoU's Điều 1 (Mục tiêu) this goal serves. */
  mouClauses: z.array(z.number().int().min(1).max(50)).max(50).default([]),
});
export type PlanGoal = z.infer<typeof planGoalSchema>;

export const planItemSchema = z.strictObject({
  /** Stable from version to version (activities link to it). */
  key: z.string().uuid(),
  /** "2025-10": a month of the school year. */
  month: z.string().refine((v) => /^\d{4}-(0[1-9]|1[0-2])$/u.test(v), { params: { key: 'month_format' } }),
  /** An activity kind's code (the kinds offered to the pair's campaign). */
  kind: z.string().min(1).max(48),
  title: line(300),
  hostSchoolId: z.string().uuid(),
  /** The person responsible: "Bà Trần Thị Hoa, Phó Hiệu trưởng". */
  responsible: line(200),
  note: nfc(multiLineText().max(1000)).optional(),
});
export type PlanItem = z.infer<typeof planItemSchema>;

export const planContentSchema = z.strictObject({
  /** Place in the date line ("Mê Linh"). */
  place: line(100),
  /** The document's date. */
  datedOn: isoDateText('date_format'),
  goals: z.array(planGoalSchema).min(1).max(30),
  items: z.array(planItemSchema).max(200),
  /** "Tổ chức thực hiện": one paragraph each. */
  closing: z.array(para(3000)).max(20).default([]),
});
export type PlanContent = z.infer<typeof planContentSchema>;

/** What is wrong with a plan's content against its school year, pair and MoU (the field named), or null. */
export function planContentProblem(
  content: PlanContent,
  ctx: { schoolYear: string; memberSchoolIds: readonly string[]; kindCodes: readonly string[]; mouObjectives: number },
): { field: string; reason: string; params?: Record<string, string | number> } | null {
  const months = new Set(planMonths(ctx.schoolYear));
  for (const [i, g] of content.goals.entries()) {
    for (const [k, c] of g.mouClauses.entries()) {
      if (c > ctx.mouObjectives) return { field: `goals.${i}.mouClauses.${k}`, reason: 'plan_objective_unknown', params: { clause: c, count: ctx.mouObjectives } };
    }
  }
  const keys = new Set<string>();
  for (const [i, it] of content.items.entries()) {
    if (keys.has(it.key)) return { field: `items.${i}.key`, reason: 'plan_item_twice' };
    keys.add(it.key);
    if (!months.has(it.month)) return { field: `items.${i}.month`, reason: 'plan_month_outside_year', params: { schoolYear: ctx.schoolYear } };
    if (!ctx.kindCodes.includes(it.kind)) return { field: `items.${i}.kind`, reason: 'activity_kind_unknown', params: { kind: it.kind } };
    if (!ctx.memberSchoolIds.includes(it.hostSchoolId)) return { field: `items.${i}.hostSchoolId`, reason: 'activity_school_not_member' };
  }
  return null;
}

/** A goal as one line of text, with the MoU clauses it serves: "… (Điều 1, khoản 1, 3)". */
export const goalLine = (g: PlanGoal): string =>
  g.mouClauses.length ? `${g.text} (Điều 1, khoản ${[...g.mouClauses].sort((a, b) => a - b).join(', ')} của Biên bản ghi nhớ)` : g.text;

// ---------------------------------------------------------------------------
// The difference between two versions

/** How the reader sees an item's codes: month, kind and host school by name. */
export interface PlanLabels {
  kind: (code: string) => string;
  school: (id: string) => string;
}

export interface PlanItemChange {
  key: string;
  change: 'added' | 'removed' | 'changed';
  /** The item's title (after, or before for a removal) and month, for display. */
  title: string;
  month: string;
  /** Each field that changed, by name (month, kind, title, hostSchool, responsible, note), as shown. */
  fields: (FieldChange & { words: WordOp[] })[];
}

export interface PlanDiff {
  /** Place and date. */
  meta: FieldChange[];
  goals: ParagraphChange[];
  items: PlanItemChange[];
  closing: ParagraphChange[];
}

function itemFields(it: PlanItem, labels: PlanLabels): [string, string][] {
  return [
    ['month', monthLabelVi(it.month)],
    ['kind', labels.kind(it.kind)],
    ['title', it.title],
    ['hostSchool', labels.school(it.hostSchoolId)],
    ['responsible', it.responsible],
    ['note', it.note ?? ''],
  ];
}

/** Every difference between two versions: details, goals (as paragraphs), items (matched by key), closing. */
export function diffPlan(before: PlanContent, after: PlanContent, labels: PlanLabels): PlanDiff {
  const items: PlanItemChange[] = [];
  const oldByKey = new Map(before.items.map((i) => [i.key, i]));
  const newKeys = new Set(after.items.map((i) => i.key));
  const fieldsOf = (a: PlanItem | undefined, b: PlanItem | undefined) => {
    const fa = a ? itemFields(a, labels) : [];
    const fb = b ? itemFields(b, labels) : [];
    const names = (fb.length ? fb : fa).map(([n]) => n);
    return diffFields(names.map((n) => [n, fa.find(([k]) => k === n)?.[1] ?? null, fb.find(([k]) => k === n)?.[1] ?? null] as const)).map((f) => ({
      ...f,
      words: a && b ? diffWords(f.before, f.after) : [],
    }));
  };
  for (const b of after.items) {
    const a = oldByKey.get(b.key);
    if (!a) items.push({ key: b.key, change: 'added', title: b.title, month: b.month, fields: fieldsOf(undefined, b) });
    else {
      const fields = fieldsOf(a, b);
      if (fields.length) items.push({ key: b.key, change: 'changed', title: b.title, month: b.month, fields });
    }
  }
  for (const a of before.items) {
    if (!newKeys.has(a.key)) items.push({ key: a.key, change: 'removed', title: a.title, month: a.month, fields: fieldsOf(a, undefined) });
  }
  items.sort((x, y) => (x.month < y.month ? -1 : x.month > y.month ? 1 : 0));
  return {
    meta: diffFields([
      ['place', before.place, after.place],
      ['datedOn', before.datedOn, after.datedOn],
    ]),
    goals: diffParagraphs(before.goals.map(goalLine), after.goals.map(goalLine)),
    items,
    closing: diffParagraphs(before.closing, after.closing),
  };
}

/** An item is done when an activity linked to it was held (done or reported). */
export const itemDone = (statuses: readonly string[]): boolean => statuses.some((s) => s === 'done' || s === 'reported');
