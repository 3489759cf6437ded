import type { TFunction } from 'i18next';
import { SIGNATORY_TITLES, type SignatoryTitle } from '#src/core/mou/titles.ts';

/**
 * A signatory's title as the page's language says it ("hiệu trưởng" / "principal"). The document
 * itself always says it in Vietnamese capitals ("HIỆU TRƯỞNG"); an unknown title is shown as written.
 */
export function signatoryTitleLabel(title: string, t: TFunction): string {
  const i = SIGNATORY_TITLES.indexOf(title as SignatoryTitle);
  return i < 0 ? title.toLocaleLowerCase('vi-VN') : t(`signatoryTitle.${i}`);
}
