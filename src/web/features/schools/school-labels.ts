import type { TFunction } from 'i18next';
import type { Unit } from './schools-api';

/** "phường Bồ Đề, Thành phố Hà Nội" from the units (top first), or the names kept from an import. */
export function placeOf(units: Unit[], labels: { district: string | null; commune: string | null } | null): string {
  if (units.length) return [...units].reverse().map((u) => u.name).join(', ');
  if (labels) return [labels.commune, labels.district].filter(Boolean).join(', ');
  return '';
}

export function levelLabel(t: TFunction, level: string): string {
  return t(`schools.level.${level}`);
}
