import { sha256Canonical } from '#src/core/versions/hash.ts';
import type { PlanContent } from './plan.ts';

/** What approvals record: the SHA-256 of the version's whole content and its school year, in canonical JSON (Node only). */
export const hashPlanContent = (schoolYear: string, content: PlanContent): string =>
  sha256Canonical({ schoolYear, content: { ...content, items: content.items.map((i) => ({ ...i, note: i.note || undefined })) } });
