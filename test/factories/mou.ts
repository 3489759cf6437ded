import type { MouVersionDto } from '#src/core/pairs/dto.ts';
import { getMouVersion, saveMouDraft, type SaveDraftInput } from '#src/server/features/pairs/mou.service.ts';
import { latestMouRow } from '#src/server/features/pairs/pairs.repository.ts';
import type { FactoryDb } from './db.ts';
import { createPair, FACTORY_PUBLIC_URL, type FactoryPair, type PairOverrides } from './pairs.ts';
import type { FactoryUser } from './users.ts';

export type MouVersionOverrides = Partial<Omit<SaveDraftInput, 'baseVersion' | 'parties'>> & {
  /** An approved pair (default: a new one, made with `pairOverrides`). */
  pair?: FactoryPair;
  pairOverrides?: Omit<PairOverrides, 'state'>;
  /** Who saves it (default: the first school's leader). */
  by?: FactoryUser;
  now?: Date;
};

/**
 * A new draft version of a pair's MoU, saved through the MoU service as an editor saves
 * it: the latest draft with the fields given changed (default: another venue). Returns
 * the version as the API reads it, and the pair.
 */
export async function createMouVersion(db: FactoryDb, overrides: MouVersionOverrides = {}): Promise<MouVersionDto & { pair: FactoryPair }> {
  const { pair: givenPair, pairOverrides, by, now = new Date(), ...changes } = overrides;
  const pair = givenPair ?? (await createPair(db, { ...pairOverrides, state: 'approved', now }));
  const editor = by ?? pair.leaders[0]!;
  const latest = await latestMouRow(db, pair.id);
  if (!latest) throw new Error(`pair ${pair.id} has no MoU draft`);
  const current = await getMouVersion(db, editor.ctx, pair.id, latest.version, now, FACTORY_PUBLIC_URL);
  const input: SaveDraftInput = {
    baseVersion: current.version,
    place: current.place,
    venue: `Phòng họp ${current.version + 1}`,
    datedOn: current.datedOn,
    phase: current.phase,
    content: current.content,
    parties: current.parties.map((p) => ({
      schoolId: p.schoolId,
      signatoryName: p.signatoryName,
      signatoryTitle: p.signatoryTitle as SaveDraftInput['parties'][number]['signatoryTitle'],
      representatives: p.representatives ?? [],
    })),
    ...changes,
  };
  const saved = await db.transaction().execute((trx) => saveMouDraft(trx, editor.ctx, pair.id, input, now, FACTORY_PUBLIC_URL));
  return { ...saved, pair };
}
