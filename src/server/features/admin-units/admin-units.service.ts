/**
 * A later reform of administrative units, loaded from files in the shipped catalogue's
 * format (`chungtay units import DIR --on DATE`): the new units begin, the old ones end
 * with their successors, and the schools standing in an ended unit move on that day (a
 * divided unit's school to the part nearest its position; without one it stays, listed).
 */
import { nearestUnit, type UnitRecord } from '#src/core/registry/admin-units.ts';
import { applyReform, catalogueLoaded, fillUnitNameKeys, readReform, recordCatalogue, type ReformOutcome } from '#src/db/admin-unit-catalogue.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { listDivisionParts, listSchoolsInUnitsEnding, moveSchool } from '#src/server/features/schools/schools.repository.ts';
import { unitFromRow } from '#src/server/features/schools/schools.service.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import type { Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';

export interface ReformImport extends ReformOutcome {
  catalogue: string;
  on: string;
  schoolsMoved: number;
  /** schools in a divided unit without a position: where they stood, and the candidates */
  schoolsNotPlaced: { code: string; name: string; unit: string; candidates: string[] }[];
}

export class ReformAlreadyLoadedError extends Error {}

export async function importReform(db: Kysely<Database>, ctx: CallContext, dir: string, on: string): Promise<ReformImport> {
  const { tag, reform } = await readReform(dir);
  const name = `reform-${tag}-${on}`;
  return db.transaction().execute(async (trx) => {
    if (await catalogueLoaded(trx, name)) throw new ReformAlreadyLoadedError(`${name} was loaded already`);
    const outcome = await applyReform(trx, reform, on);
    await fillUnitNameKeys(trx);
    await recordCatalogue(trx, name, on);
    const moved = await moveSchoolsOf(trx, on);
    const result: ReformImport = { catalogue: name, on, ...outcome, ...moved };
    await recordAudit(trx, ctx, { action: 'admin-unit.import', entity: 'admin_unit', entityId: null, after: result });
    return result;
  });
}

/** The schools standing on `on` in a unit that ends that day follow its successor. */
async function moveSchoolsOf(trx: Db, on: string) {
  const standing = await listSchoolsInUnitsEnding(trx, on);
  const parts = new Map<string, UnitRecord[]>();
  for (const r of await listDivisionParts(trx, standing.filter((s) => !s.successor_id).map((s) => s.unit_id))) {
    parts.set(r.divided_id, [...(parts.get(r.divided_id) ?? []), unitFromRow(r)]);
  }
  let schoolsMoved = 0;
  const schoolsNotPlaced: ReformImport['schoolsNotPlaced'] = [];
  for (const s of standing) {
    let to = s.successor_id;
    if (!to) {
      const candidates = parts.get(s.unit_id) ?? [];
      const position = s.latitude != null && s.longitude != null ? { latitude: s.latitude, longitude: s.longitude } : null;
      to = position ? (nearestUnit(candidates, position)?.id ?? null) : null;
      if (!to) {
        if (candidates.length) schoolsNotPlaced.push({ code: s.code, name: s.school_name, unit: s.unit_name, candidates: candidates.map((c) => c.name) });
        continue;
      }
    }
    await moveSchool(trx, s.school_id, to, on);
    schoolsMoved++;
  }
  return { schoolsMoved, schoolsNotPlaced };
}
