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

/** The twinning column's text and tone: paired (approved or active), proposed, or not paired. */
export function pairStatusLabel(t: TFunction, status: 'paired' | 'proposed' | 'none'): { text: string; tone: 'success' | 'warning' | 'neutral' } {
  if (status === 'paired') return { text: t('schools.pairedYes'), tone: 'success' };
  if (status === 'proposed') return { text: t('schools.pairedProposed'), tone: 'warning' };
  return { text: t('schools.pairedNo'), tone: 'neutral' };
}
