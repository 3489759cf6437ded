/** What the plan routes answer (response schemas shared by the server and the page). */
import { z } from 'zod';
import { PLAN_STATUSES } from './plan.ts';

export const PLAN_ACTIONS = ['edit', 'submit', 'approve', 'withdraw'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

const wordOp = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
const fieldChange = z.object({ field: z.string(), before: z.string(), after: z.string() });
const paragraphChange = z.object({
  index: z.number().int(),
  change: z.enum(['added', 'removed', 'changed']),
  before: z.string().nullable(),
  after: z.string().nullable(),
  words: z.array(wordOp),
});

/** A plan's content as answered (the input schema `planContentSchema` checks and normalises). */
export const planContentDto = z.object({
  place: z.string(),
  datedOn: z.string(),
  goals: z.array(z.object({ text: z.string(), mouClauses: z.array(z.number().int()) })),
  items: z.array(
    z.object({
      key: z.string(),
      month: z.string(),
      kind: z.string(),
      title: z.string(),
      hostSchoolId: z.string(),
      responsible: z.string(),
      note: z.string().optional(),
    }),
  ),
  closing: z.array(z.string()),
});

export const planVersionSummaryDto = z.object({
  version: z.number().int(),
  status: z.enum(PLAN_STATUSES),
  sha256: z.string(),
  number: z.string().nullable(),
  approvedOn: z.string().nullable(),
  changeNote: z.string().nullable(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  approvals: z.array(z.object({ schoolId: z.string(), signatoryName: z.string(), approvedAt: z.string(), sha256: z.string() })),
});
export type PlanVersionSummaryDto = z.infer<typeof planVersionSummaryDto>;

/** What the page needs to draft a plan: the pair's schools, the kinds, the MoU's objectives. */
export const planContextDto = z.object({
  members: z.array(z.object({ schoolId: z.string(), name: z.string() })),
  kinds: z.array(z.object({ code: z.string(), nameVi: z.string(), nameEn: z.string() })),
  /** Điều 1 (Mục tiêu) of the MoU in force, else of its latest draft. */
  mouObjectives: z.array(z.string()),
  mouNumber: z.string().nullable(),
  /** The place the date line names by default (the first school's). */
  defaultPlace: z.string(),
  /** The school year of today (Hanoi). */
  currentSchoolYear: z.string(),
  /** May the caller draft a plan of this pair now. */
  canEdit: z.boolean(),
});
export type PlanContextDto = z.infer<typeof planContextDto>;

export const planListDto = z.object({
  items: z.array(
    z.object({
      schoolYear: z.string(),
      latestVersion: z.number().int().nullable(),
      latestStatus: z.enum(PLAN_STATUSES).nullable(),
      approvedVersion: z.number().int().nullable(),
    }),
  ),
  context: planContextDto,
});
export type PlanListDto = z.infer<typeof planListDto>;

export const planDto = planVersionSummaryDto.extend({
  pairId: z.string(),
  schoolYear: z.string(),
  content: planContentDto,
  parties: z.array(z.object({ schoolId: z.string(), name: z.string(), signatoryName: z.string(), signatoryTitle: z.string() })),
  versions: z.array(planVersionSummaryDto),
  /** Per item (by key): the activities linked to it and whether one was held. */
  progress: z.array(
    z.object({
      key: z.string(),
      done: z.boolean(),
      activities: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), startsOn: z.string() })),
    }),
  ),
  /** What the caller may do with this version now. */
  actions: z.array(z.enum(PLAN_ACTIONS)),
  context: planContextDto,
});
export type PlanDto = z.infer<typeof planDto>;

export const planDiffDto = z.object({
  from: z.number().int(),
  to: z.number().int(),
  meta: z.array(fieldChange),
  goals: z.array(paragraphChange),
  items: z.array(
    z.object({
      key: z.string(),
      change: z.enum(['added', 'removed', 'changed']),
      title: z.string(),
      month: z.string(),
      fields: z.array(fieldChange.extend({ words: z.array(wordOp) })),
    }),
  ),
  closing: z.array(paragraphChange),
});
export type PlanDiffDto = z.infer<typeof planDiffDto>;
